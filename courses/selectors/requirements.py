"""Reads over requirements and their cohorts."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.lookups import Exact
from django.utils import timezone

from courses.models import CoursePage, Exemption, Requirement
from people.models import Deputy, Term


def _in_cohort(*, requirement: Requirement | None = None) -> Q:
    """The one rule of who is in a requirement's cohort, as a condition on deputies.

    In office, of the requirement's term, newly elected if it asks for that, of
    one of its delegations if it names any, and not exempted. Given a
    requirement, the condition is about that one; without, about the
    requirement of the enclosing query (`Exists` inside a query over
    requirements).
    """
    term: OuterRef | int
    newly_elected_only: OuterRef | Value
    requirement_id: OuterRef | int
    if requirement is None:
        term, newly_elected_only = OuterRef("term_id"), OuterRef("newly_elected_only")
        # Read from the subqueries below, one level further out than the deputies.
        requirement_id = OuterRef(OuterRef("pk"))
    else:
        term = requirement.term_id
        newly_elected_only = Value(requirement.newly_elected_only)
        requirement_id = requirement.pk
    delegations = Requirement.delegations.through.objects.filter(
        requirement_id=requirement_id
    )
    exempted = Exemption.objects.filter(
        requirement_id=requirement_id, deputy_id=OuterRef("pk")
    )
    in_delegations = ~Exists(delegations) | Exists(
        delegations.filter(delegation_id=OuterRef("delegation_id"))
    )
    return (
        Q(is_active=True, term_id=term)
        & (Q(newly_elected=True) | Q(Exact(newly_elected_only, False)))
        & Q(in_delegations)
        & ~Q(Exists(exempted))
    )


def requirement_cohort(*, requirement: Requirement) -> QuerySet[Deputy]:
    """The deputies a requirement applies to: in office, in scope, not exempted."""
    return Deputy.objects.filter(_in_cohort(requirement=requirement))


def requirement_deadline_for(*, requirement: Requirement, deputy: Deputy) -> date:
    """The requirement's deadline, or later for a deputy elected in a by-election."""
    if deputy.elected_on is None:
        return requirement.deadline
    return max(
        requirement.deadline,
        deputy.elected_on + timedelta(days=requirement.by_election_days),
    )


def deadline_passed(
    *, requirement: Requirement, today: date, deputy_path: str = ""
) -> Q:
    """`requirement_deadline_for` as a condition on deputies: their deadline passed."""
    if requirement.deadline >= today:
        return Q(pk__in=[])
    latest_election = today - timedelta(days=requirement.by_election_days)
    return Q(**{f"{deputy_path}elected_on__isnull": True}) | Q(
        **{f"{deputy_path}elected_on__lt": latest_election}
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
    return Requirement.objects.filter(term=term, is_initial_learning=True).first()


def requirements_including(*, deputy: Deputy) -> QuerySet[Requirement]:
    """The requirements whose cohort includes this deputy, as a query (not run)."""
    this_deputy_in_cohort = Deputy.objects.filter(pk=deputy.pk).filter(_in_cohort())
    return Requirement.objects.filter(Exists(this_deputy_in_cohort))


# Where `requirements_for_deputy` leaves the ids it read on the deputy's instance.
_KNOWN_IDS = "_requirement_ids_read"


def requirements_for_deputy(*, deputy: Deputy) -> list[Requirement]:
    """The requirements whose cohort includes this deputy, with their courses' ids.

    Their ids stay on this instance of the deputy (one request's), so that the
    forum's must-read notices, asked next on /my/, need not work them out again.
    """
    # Callers count the courses and compare their ids: nothing else of the pages.
    courses = Prefetch("courses", queryset=CoursePage.objects.only("pk").order_by())
    requirements = list(requirements_including(deputy=deputy).prefetch_related(courses))
    setattr(deputy, _KNOWN_IDS, [requirement.pk for requirement in requirements])
    return requirements


def requirement_ids_including(*, deputy: Deputy) -> "list[int] | QuerySet":
    """Ids of the requirements whose cohort includes this deputy: those this
    instance was given by `requirements_for_deputy`, else a subquery (not run)."""
    known = getattr(deputy, _KNOWN_IDS, None)
    if known is not None:
        return known
    return requirements_including(deputy=deputy).values("pk")
