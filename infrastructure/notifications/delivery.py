"""Sending notifications by e-mail and SMS, each attempt logged as a Delivery."""

import logging
from collections.abc import Mapping

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from infrastructure.links import absolute_url
from infrastructure.models import Channel, Delivery, Notification
from infrastructure.notifications.sms import sms_backend

logger = logging.getLogger("deputy_college.notifications")


def _link(notification: Notification) -> str:
    return absolute_url(notification.url) if notification.url else ""


def _email_send(notification: Notification, address: str) -> None:
    # A header cannot hold a line break: the subject is the title on one line.
    subject = " ".join(notification.title.split())
    text = "\n\n".join(filter(None, [notification.body, _link(notification)]))
    send_mail(subject, text, None, [address], fail_silently=False)


def _sms_text(notification: Notification) -> str:
    return "\n".join(
        filter(None, [notification.title, notification.body, _link(notification)])
    )


def _record(
    *, notification: Notification, channel: str, status: str, error: str = ""
) -> None:
    try:
        with transaction.atomic():
            Delivery.objects.create(
                notification=notification,
                channel=channel,
                status=status,
                error=error,
                attempted_at=timezone.now(),
            )
    except IntegrityError:
        # A parallel run recorded the same notification as sent first.
        logger.warning("Notification %s was sent twice by %s", notification.pk, channel)


def notifications_send(
    *, channel: str, notification_ids: list[int], phones: Mapping[int, str]
) -> int:
    """Send notifications by e-mail or SMS, skipping those already sent.

    Returns how many were sent.

    Each attempt is logged: sent, or failed with the error, and a failure never stops
    the others. E-mail goes to the user's address now; SMS to the number in phones.
    """
    if channel not in (Channel.EMAIL, Channel.SMS):
        raise ValueError(f"Not a channel to send by: {channel}")
    sent_before = Delivery.objects.filter(
        notification_id__in=notification_ids,
        channel=channel,
        status=Delivery.Status.SENT,
    ).values("notification_id")
    notifications = (
        Notification.objects.filter(pk__in=notification_ids)
        .exclude(pk__in=sent_before)
        .select_related("recipient")
        .order_by("pk")
    )
    backend = sms_backend() if channel == Channel.SMS else None
    sent = 0
    for notification in notifications:
        if notification.recipient is None:
            # Someone without an account: the roster's address the notice carries.
            address = (
                notification.contact_email
                if channel == Channel.EMAIL
                else notification.contact_phone
            ).strip()
        elif channel == Channel.EMAIL:
            address = (notification.recipient.email or "").strip()
        else:
            address = (phones.get(notification.recipient.pk) or "").strip()
        if not address:
            _record(
                notification=notification,
                channel=channel,
                status=Delivery.Status.FAILED,
                error="No address to send to.",
            )
            continue
        try:
            if backend is None:
                _email_send(notification, address)
            else:
                backend.send(address, _sms_text(notification))
        except Exception as error:  # any backend's failure is logged, not fatal
            logger.warning(
                "Notification %s not sent by %s: %s", notification.pk, channel, error
            )
            _record(
                notification=notification,
                channel=channel,
                status=Delivery.Status.FAILED,
                error=str(error) or type(error).__name__,
            )
        else:
            _record(
                notification=notification, channel=channel, status=Delivery.Status.SENT
            )
            sent += 1
    return sent
