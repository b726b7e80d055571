"""The daily e-mail digest: one message with a user's unread notices of the day.

Users opt in on /notifications/ (`DigestPreference.daily_email`). The command
`send_digests` (cron, daily) enqueues `digests_send_task` in batches; the task
sends each user one plain-text e-mail (no HTML: nothing in it can run) with the
unread notices created since their last digest, at most the last day's. Sending
twice is safe: `covered_until` moves forward under a row lock.
"""

import logging
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail.admin.utils import get_admin_base_url

from infrastructure.models import DigestPreference, Notification

logger = logging.getLogger("deputy_college.notifications")

DIGEST_BATCH = 200
MAX_ITEMS = 50
WINDOW = timedelta(days=1)


@transaction.atomic
def digest_preference_set(
    *, user: AbstractBaseUser, daily_email: bool
) -> DigestPreference:
    """Turn the daily e-mail digest on or off for a user."""
    preference, _created = DigestPreference.objects.update_or_create(
        user_id=user.pk, defaults={"daily_email": daily_email}
    )
    return preference


def digest_recipients() -> list[int]:
    """The ids of active users with an address who asked for the digest."""
    return list(
        DigestPreference.objects.filter(daily_email=True, user__is_active=True)
        .exclude(user__email="")
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def _digest_send_one(*, user_id: int, now: datetime) -> bool:
    with transaction.atomic():
        preference = (
            DigestPreference.objects.select_for_update()
            .select_related("user")
            .filter(user_id=user_id, daily_email=True)
            .first()
        )
        if preference is None:
            return False
        since = now - WINDOW
        if preference.covered_until is not None:
            since = max(since, preference.covered_until)
        notices = list(
            Notification.objects.inbox_of(preference.user)
            .unread()
            .filter(created_at__gt=since, created_at__lte=now)[:MAX_ITEMS]
        )
        preference.covered_until = now
        preference.save(update_fields=["covered_until"])
    if not notices:
        return False
    base = get_admin_base_url()
    subject = ngettext(
        "%(count)d new notice at the Deputy College",
        "%(count)d new notices at the Deputy College",
        len(notices),
    ) % {"count": len(notices)}
    text = render_to_string(
        "notifications/digest_email.txt",
        {
            "notices": [
                {
                    "title": n.title,
                    "body": n.body,
                    "link": base + n.url if n.url else "",
                }
                for n in notices
            ],
            "list_url": base + "/notifications/",
        },
    )
    send_mail(subject, text, None, [preference.user.email], fail_silently=False)
    return True


def digests_send(*, user_ids: list[int], now: datetime | None = None) -> int:
    """Send the digest to each of these users who has unread notices; returns sent."""
    now = now or timezone.now()
    sent = 0
    for user_id in user_ids:
        try:
            sent += _digest_send_one(user_id=user_id, now=now)
        except Exception as error:  # one failed address never stops the others
            logger.warning("Digest to user %s not sent: %s", user_id, error)
    return sent


def digests_enqueue() -> int:
    """Enqueue the digest tasks for everyone who asked for it; returns users queued."""
    from infrastructure.tasks import digests_send_task

    ids = digest_recipients()
    for start in range(0, len(ids), DIGEST_BATCH):
        digests_send_task.enqueue(ids[start : start + DIGEST_BATCH])
    return len(ids)
