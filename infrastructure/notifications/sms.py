"""SMS backends, chosen by the dotted path in settings.SMS_BACKEND.

A gateway's backend subclasses BaseSmsBackend and implements send(phone, text):
it returns when the gateway accepted the message and raises (any exception, with
a readable message) when it did not; the caller records the failure and goes on
with the next recipient.
"""

import logging
import sys
from dataclasses import dataclass
from typing import TextIO

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("deputy_college.notifications")


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


# What LocmemBackend sent, oldest first (tests clear it, as Django's mail.outbox).
outbox: list[SmsMessage] = []


class BaseSmsBackend:
    """The interface of every SMS backend."""

    def send(self, phone: str, text: str) -> None:
        """Send one text message; raise on failure."""
        raise NotImplementedError


class ConsoleBackend(BaseSmsBackend):
    """Writes each message to standard output and the log instead of sending it."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, phone: str, text: str) -> None:
        self.stream.write(f"SMS to {phone}:\n{text}\n{'-' * 40}\n")
        self.stream.flush()
        logger.info("SMS to %s written to the console", phone)


class LocmemBackend(BaseSmsBackend):
    """Keeps messages in infrastructure.notifications.sms.outbox, for tests."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(SmsMessage(phone=phone, text=text))


def sms_backend(path: str | None = None) -> BaseSmsBackend:
    """An instance of the configured SMS backend."""
    return import_string(path or settings.SMS_BACKEND)()
