"""Reads over requirements and their cohorts."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from courses.models import Requirement
from people.models import Deputy, Term


def requirement_cohort(*, requirement: Requirement) -> QuerySet[Deputy]:
    """The deputies a requirement applies to: in office, in scope, not exempted."""
    deputies = Deputy.objects.active().for_term(requirement.term_id)
    if requirement.newly_elected_only:
        deputies = deputies.newly_elected()
    delegation_ids = list(requirement.delegations.values_list("pk", flat=True))
    if delegation_ids:
        deputies = deputies.filter(delegation_id__in=delegation_ids)
    return deputies.exclude(exemptions__requirement=requirement)


def requirement_deadline_for(*, requirement: Requirement, deputy: Deputy) -> date:
    """The requirement's deadline, or later for a deputy elected in a by-election."""
    if deputy.elected_on is None:
        return requirement.deadline
    return max(
        requirement.deadline,
        deputy.elected_on + timedelta(days=requirement.by_election_days),
    )


def current_term() -> Term | None:
    today = timezone.localdate()
    return (
        Term.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        or Term.objects.first()
    )


def initial_requirement(*, term: Term | None = None) -> Requirement | None:
    """The current term's initial-learning requirement for newly elected deputies."""
    term = term or current_term()
    if term is None:
        return None
    return (
        Requirement.objects.filter(term=term)
        .filter(Q(is_initial_learning=True))
        .first()
    )


def requirements_for_deputy(*, deputy: Deputy) -> list[Requirement]:
    """The requirements whose cohort includes this deputy."""
    candidates = Requirement.objects.filter(term_id=deputy.term_id).exclude(
        exemptions__deputy=deputy
    )
    if not deputy.newly_elected:
        candidates = candidates.filter(newly_elected_only=False)
    candidates = candidates.filter(
        Q(delegations__isnull=True) | Q(delegations=deputy.delegation_id)
    ).distinct()
    return list(candidates.prefetch_related("courses") if deputy.is_active else [])
