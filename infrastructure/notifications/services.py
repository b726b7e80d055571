"""Writes: sending a notification, marking notices read."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from infrastructure.models import Channel, Delivery, Notification
from infrastructure.tasks import notifications_send_task

# Notifications per background task: a reminder to a whole term is a few tasks.
TASK_BATCH = 200

NO_ADDRESS: dict[str, str] = {
    Channel.EMAIL: "The recipient has no e-mail address.",
    Channel.SMS: "The recipient has no mobile phone number.",
}


@transaction.atomic
def notify(
    *,
    recipients: Iterable[AbstractBaseUser],
    kind: str,
    title: str,
    body: str,
    url: str = "",
    channels: Iterable[str] = (Channel.SITE,),
    phones: Mapping[int, str] | None = None,
) -> int:
    """Notify each recipient once by the channels given; returns the notices created.

    Every recipient gets one Notification row; "site" shows it on /notifications/.
    E-mail goes to user.email; SMS to phones[user.pk] (the caller knows where phone
    numbers live, e.g. the roster): a recipient without one is logged as failed for
    that channel. E-mail and SMS are sent by a task after the transaction commits.
    """
    channels = set(channels)
    unknown = channels - set(Channel.values)
    if unknown:
        raise ValueError(f"Unknown notification channels: {sorted(unknown)}")
    users = list({user.pk: user for user in recipients}.values())
    if not users or not channels:
        return 0
    now = timezone.now()
    notifications = [
        Notification(
            recipient=user,  # type: ignore[misc]  # any user model, not only auth.User
            kind=kind,
            title=title,
            body=body,
            url=url,
            on_site=Channel.SITE in channels,
            created_at=now,
        )
        for user in users
    ]
    # Every row carries the same fields: checking one checks them all.
    notifications[0].full_clean(exclude=["recipient"])
    Notification.objects.bulk_create(notifications, batch_size=500)
    phones = phones or {}
    for channel in (Channel.EMAIL, Channel.SMS):
        if channel in channels:
            _deliveries_enqueue(
                channel=channel, notifications=notifications, phones=phones, now=now
            )
    return len(notifications)


@dataclass(frozen=True)
class Contact:
    """Someone without an account, reached at the addresses the caller knows."""

    email: str = ""
    phone: str = ""


@transaction.atomic
def notify_contacts(
    *,
    contacts: Sequence[Contact],
    kind: str,
    title: str,
    body: str,
    url: str = "",
    channels: Iterable[str] = (Channel.EMAIL, Channel.SMS),
) -> list[Notification]:
    """E-mail and text people who have no account; one notice each, in their order.

    Nothing is shown on the site (there is no inbox to show it in). A contact without
    an address for a channel is logged as failed for it; the others are sent by a
    task after the transaction commits, as `notify` does.
    """
    channels = set(channels) - {Channel.SITE}
    unknown = channels - set(Channel.values)
    if unknown:
        raise ValueError(f"Unknown notification channels: {sorted(unknown)}")
    if not contacts or not channels:
        return []
    now = timezone.now()
    notifications = [
        Notification(
            recipient=None,
            contact_email=contact.email.strip(),
            contact_phone=contact.phone.strip(),
            kind=kind,
            title=title,
            body=body,
            url=url,
            on_site=False,
            created_at=now,
        )
        for contact in contacts
    ]
    notifications[0].full_clean(exclude=["recipient", "contact_email", "contact_phone"])
    Notification.objects.bulk_create(notifications, batch_size=500)
    for channel in (Channel.EMAIL, Channel.SMS):
        if channel in channels:
            _deliveries_enqueue(
                channel=channel, notifications=notifications, phones={}, now=now
            )
    return notifications


def _address(
    *, channel: str, notification: Notification, phones: Mapping[int, str]
) -> str:
    if notification.recipient_id is None:
        address = (
            notification.contact_email
            if channel == Channel.EMAIL
            else notification.contact_phone
        )
        return (address or "").strip()
    if channel == Channel.EMAIL:
        return (getattr(notification.recipient, "email", "") or "").strip()
    return (phones.get(notification.recipient_id) or "").strip()


def _deliveries_enqueue(
    *,
    channel: str,
    notifications: list[Notification],
    phones: Mapping[int, str],
    now: datetime,
) -> None:
    """Log the unreachable as failed; send to the others from a task, after commit."""
    reachable: list[Notification] = []
    unreachable: list[Notification] = []
    for notification in notifications:
        address = _address(channel=channel, notification=notification, phones=phones)
        (reachable if address else unreachable).append(notification)
    Delivery.objects.bulk_create(
        [
            Delivery(
                notification=notification,
                channel=channel,
                status=Delivery.Status.FAILED,
                error=NO_ADDRESS[channel],
                attempted_at=now,
            )
            for notification in unreachable
        ]
    )
    for start in range(0, len(reachable), TASK_BATCH):
        batch = reachable[start : start + TASK_BATCH]
        batch_phones = (
            {
                str(n.recipient_id): phones[n.recipient_id].strip()
                for n in batch
                if n.recipient_id is not None
            }
            if channel == Channel.SMS
            else {}
        )
        transaction.on_commit(
            partial(
                notifications_send_task.enqueue,
                str(channel),
                [n.pk for n in batch],
                batch_phones,
            )
        )


@transaction.atomic
def notification_read(*, notification: Notification) -> Notification:
    """Mark one notice read (once: the first reading time stands)."""
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        notification.read_at = now
    return notification


@transaction.atomic
def notifications_read_all(*, recipient: AbstractBaseUser) -> int:
    """Mark every unread notice of a user read; returns how many were unread."""
    return (
        Notification.objects.inbox_of(recipient).unread().update(read_at=timezone.now())
    )
