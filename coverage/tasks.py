"""Background work: thin wrappers around services, safe to run twice."""

from django.contrib.auth import get_user_model
from django_tasks import task

from courses.models import Requirement
from coverage.models import Bulletin
from coverage.services import bulletin_render, reminders_send


@task()
def reminders_send_task(
    requirement_id: int, deputy_ids: list[int], sent_by_id: int | None
) -> int:
    requirement = Requirement.objects.filter(pk=requirement_id).first()
    if requirement is None:
        return 0
    sent_by = (
        get_user_model().objects.filter(pk=sent_by_id).first() if sent_by_id else None
    )
    if sent_by_id and sent_by is None:
        return 0  # the sender's account is gone: their scope cannot be known
    return reminders_send(
        requirement=requirement, deputy_ids=deputy_ids, sent_by=sent_by
    ).sent


@task()
def bulletin_render_task(bulletin_id: int) -> bool:
    """Draw a bulletin's files; True when they are there (now or already)."""
    bulletin = Bulletin.objects.filter(pk=bulletin_id).first()
    if bulletin is None:
        return False
    return bulletin_render(bulletin=bulletin).is_ready
