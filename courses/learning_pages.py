"""The learner's pages kept rendered per deputy: /my/ and the course pages (ADR 0018).

Two generations decide when a kept page is stale:
- `learning:<deputy id>`: the deputy's own facts (enrolments, module progress,
  attempts, hours, exemptions, certificates, forum posts and notices read);
- `learning`: what every deputy's page shows (published pages, requirements, terms,
  delegations, must-read notices, boards and topics).
Whatever changes such a fact calls `learning_changed` or `learning_changed_for_all`
in its transaction: the receivers in courses, forum and certificates do, and so do
the few writes that bypass signals. A kept page also expires at the next local
midnight (dates, "overdue", the year's hours), when a quiz's next round opens, and
after `KEPT_AT_MOST` at the latest (the order of the forum topics others reply to).
"""

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db.models import Min
from django.utils import timezone

from courses.models import ModuleProgress
from infrastructure.fragments import generation_bump

LEARNING_FOR_ALL = "learning"
KEPT_AT_MOST = 300  # seconds


def learning_scope(deputy_id: int) -> str:
    return f"{LEARNING_FOR_ALL}:{deputy_id}"


def learning_scopes(deputy_id: int | None) -> list[str]:
    """The generations a page depends on: the deputy's (if any), and everyone's."""
    if deputy_id is None:
        return [LEARNING_FOR_ALL]
    return [LEARNING_FOR_ALL, learning_scope(deputy_id)]


def learning_changed(*, deputy_ids: Iterable[int | None]) -> None:
    """These deputies' kept pages are stale from this transaction's commit."""
    generation_bump(*sorted({learning_scope(d) for d in deputy_ids if d}))


def learning_changed_for_all() -> None:
    generation_bump(LEARNING_FOR_ALL)


def learning_kept_seconds(*, deputy_id: int | None) -> int:
    """How long a page rendered now stays true, for this deputy (one query)."""
    now = timezone.now()
    until = timezone.make_aware(
        datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min)
    )
    if deputy_id is not None:
        first_round = ModuleProgress.objects.filter(
            deputy_id=deputy_id, retry_at__gt=now
        ).aggregate(first=Min("retry_at"))["first"]
        if first_round is not None:
            until = min(until, first_round)
    return max(0, min(KEPT_AT_MOST, int((until - now).total_seconds())))
