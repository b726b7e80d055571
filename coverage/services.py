"""Reminders to deputies who have not yet met a requirement."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Requirement
from courses.selectors.coverage import cohort_with_coverage
from coverage.models import ReminderLog
from infrastructure.models import Channel, Notification
from infrastructure.notifications import notify
from people.models import Deputy

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REMINDER_KIND = "coverage_reminder"
REMINDER_INTERVAL = timedelta(hours=24)
REMINDER_CHANNELS = (Channel.SITE, Channel.EMAIL, Channel.SMS)


@dataclass
class RemindersSent:
    sent: int = 0
    # Reminded within the last 24 hours: not again.
    throttled: int = 0
    # No account to send a notice to.
    unreachable: int = 0


@transaction.atomic
def reminders_send(
    *,
    requirement: Requirement,
    deputy_ids: Iterable[int],
    sent_by: "User | None" = None,
    channels: Iterable[str] = REMINDER_CHANNELS,
) -> RemindersSent:
    """Remind the chosen deputies who are still uncovered, at most once a day each.

    Only deputies within the sender's delegation scope are reminded (all of them when
    the scheduled command sends). The chosen deputies' rows are locked while the last
    24 hours' reminders are read, so that two runs cannot both remind one deputy.
    """
    channels = tuple(channels)
    chosen = Deputy.objects.filter(pk__in=list(deputy_ids))
    if sent_by is not None:
        chosen = chosen.filter(pk__in=Deputy.objects.visible_to(sent_by).values("pk"))
    uncovered_ids = list(
        cohort_with_coverage(requirement=requirement, deputies=chosen)
        .filter(covered=False)
        .values_list("pk", flat=True)
    )
    deputies = list(
        Deputy.objects.select_for_update(of=("self",))
        .filter(pk__in=uncovered_ids)
        .select_related("user")
        .order_by("pk")
    )
    now = timezone.now()
    recent = set(
        ReminderLog.objects.filter(
            deputy_id__in=uncovered_ids, sent_at__gt=now - REMINDER_INTERVAL
        ).values_list("deputy_id", flat=True)
    )
    result = RemindersSent(throttled=len(recent))
    due = [d for d in deputies if d.pk not in recent]
    reachable = [d for d in due if d.user is not None]
    result.unreachable = len(due) - len(reachable)
    if not reachable:
        return result
    notify(
        recipients=[d.user for d in reachable if d.user is not None],
        kind=REMINDER_KIND,
        title=_("Reminder: %(requirement)s") % {"requirement": requirement.name},
        body=_(
            "Your learning for “%(requirement)s” is not complete yet. Please complete "
            "it by %(deadline)s; your learning page shows what is left."
        )
        % {
            "requirement": requirement.name,
            "deadline": requirement.deadline.isoformat(),
        },
        url="/my/",
        channels=channels,
        phones={d.user_id: d.phone for d in reachable if d.user_id and d.phone},
    )
    notices = dict(
        Notification.objects.filter(
            kind=REMINDER_KIND,
            recipient_id__in=[d.user_id for d in reachable],
            created_at__gte=now,
        )
        .values_list("recipient_id")
        .annotate(last=Max("pk"))
        .values_list("recipient_id", "last")
    )
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(
                deputy=deputy,
                requirement=requirement,
                sent_at=now,
                sent_by=sent_by,
                channels=",".join(sorted(channels)),
                notification_id=notices.get(deputy.user_id or 0),
            )
            for deputy in reachable
        ]
    )
    result.sent = len(reachable)
    return result


def reminder_candidates(*, requirement: Requirement, due_within_days: int) -> list[int]:
    """Uncovered deputies whose deadline (a by-election's own) is within N days.

    Deputies past their deadline and still uncovered are included.
    """
    today = timezone.localdate()
    horizon = today + timedelta(days=due_within_days)
    if requirement.deadline > horizon:
        return []
    # A deputy elected later has until elected_on + by_election_days.
    latest_election = horizon - timedelta(days=requirement.by_election_days)
    cohort = cohort_with_coverage(requirement=requirement).filter(covered=False)
    return list(
        cohort.filter(elected_on__isnull=True).values_list("pk", flat=True)
    ) + list(
        cohort.filter(elected_on__lte=latest_election).values_list("pk", flat=True)
    )
