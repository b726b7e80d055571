"""Background work: thin wrappers around services, safe to run twice."""

from django_tasks import task

from courses.models import Requirement
from courses.services.requirements import enrolments_sync, enrolments_sync_term
from courses.services.standings import standings_rebuild, standings_rebuild_term


@task()
def enrolments_sync_task(requirement_id: int) -> int:
    requirement = Requirement.objects.filter(pk=requirement_id).first()
    return enrolments_sync(requirement=requirement) if requirement else 0


@task()
def enrolments_sync_term_task(term_id: int) -> int:
    return enrolments_sync_term(term_id=term_id)


@task()
def standings_rebuild_task(requirement_id: int) -> int:
    requirement = Requirement.objects.filter(pk=requirement_id).first()
    return standings_rebuild(requirement=requirement) if requirement else 0


@task()
def standings_rebuild_term_task(term_id: int) -> int:
    return standings_rebuild_term(term_id=term_id)
