"""Coverage: the share of a requirement's cohort meeting it, overall and by delegation.

Everything is computed in the database: one annotated query for the cohort and
one grouped query per delegation, whatever the number of deputies.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoverageStanding, Enrolment, HoursEntry, Requirement
from courses.models.standings import StandingQuerySet
from courses.selectors.requirements import requirement_cohort
from infrastructure.numbers import hours_display
from people.models import Delegation, Deputy

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class CoverageAnnotations(TypedDict):
    courses_done: int
    required_hours: Decimal
    elective_hours: Decimal
    covered: bool


# The cohort as `cohort_with_coverage` annotates it.
CoverageCohort: TypeAlias = "QuerySet[WithAnnotations[Deputy, CoverageAnnotations]]"


def _hours_subquery(requirement: Requirement, *, required: bool) -> Coalesce:
    term = requirement.term
    entries = (
        HoursEntry.objects.filter(
            deputy=OuterRef("pk"),
            required=required,
            year__gte=term.starts_on.year,
            year__lte=term.ends_on.year,
        )
        .values("deputy")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(
        Subquery(entries),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=8, decimal_places=1),
    )


def cohort_with_coverage(
    *,
    requirement: Requirement,
    deputies: QuerySet[Deputy] | None = None,
    course_ids: list[int] | None = None,
) -> CoverageCohort:
    """The cohort, each deputy annotated with completed courses, hours and `covered`.

    `deputies` narrows the cohort, e.g. to an administrator's delegation scope;
    `course_ids`, the requirement's courses, spares reading them when known.
    """
    if course_ids is None:
        course_ids = list(requirement.courses.values_list("pk", flat=True))
    completed = (
        Enrolment.objects.filter(
            deputy=OuterRef("pk"), course_id__in=course_ids, completed_at__isnull=False
        )
        .values("deputy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cohort = requirement_cohort(requirement=requirement)
    if deputies is not None:
        cohort = cohort.filter(pk__in=deputies.values("pk"))
    return cohort.annotate(
        courses_done=Coalesce(
            Subquery(completed, output_field=IntegerField()), Value(0)
        ),
        required_hours=_hours_subquery(requirement, required=True),
        elective_hours=_hours_subquery(requirement, required=False),
    ).annotate(
        covered=Case(
            When(
                Q(courses_done__gte=len(course_ids))
                & Q(required_hours__gte=requirement.min_required_hours)
                & Q(elective_hours__gte=requirement.min_elective_hours),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


@dataclass
class DelegationCoverage:
    delegation: str
    cohort_size: int
    covered: int

    @property
    def coverage(self) -> float:
        return round(self.covered / self.cohort_size, 4) if self.cohort_size else 0.0


@dataclass
class UncoveredDeputy:
    deputy_no: str
    name: str
    delegation: str
    missing: list[str]
    deputy_id: int = 0


@dataclass
class CoverageReport:
    requirement: Requirement
    deadline: date
    generated_at: datetime
    cohort_size: int
    covered: int
    by_delegation: list[DelegationCoverage]
    uncovered: list[UncoveredDeputy] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return round(self.covered / self.cohort_size, 4) if self.cohort_size else 0.0

    def as_dict(self) -> dict:
        return {
            "requirement": self.requirement.slug,
            "deadline": self.deadline.isoformat(),
            "generated_at": self.generated_at.isoformat(),
            "cohort_size": self.cohort_size,
            "covered": self.covered,
            "coverage": self.coverage,
            "by_delegation": [
                {
                    "delegation": d.delegation,
                    "cohort_size": d.cohort_size,
                    "covered": d.covered,
                    "coverage": d.coverage,
                }
                for d in self.by_delegation
            ],
            "uncovered": [
                {
                    "deputy_no": u.deputy_no,
                    "name": u.name,
                    "delegation": u.delegation,
                    "missing": u.missing,
                }
                for u in self.uncovered
            ],
        }


def course_bits(course_ids: Iterable[int]) -> dict[int, int]:
    """The bit of each required course in a standing's mask: in the order of ids."""
    return {pk: 1 << i for i, pk in enumerate(sorted(course_ids))}


def requirement_standings(*, requirement: Requirement) -> StandingQuerySet:
    """The kept standings of a requirement's cohort (ADR 0017)."""
    return CoverageStanding.objects.filter(requirement=requirement)


def coverage_report(
    *,
    requirement: Requirement,
    with_uncovered: bool = True,
    standings: QuerySet[CoverageStanding] | None = None,
) -> CoverageReport:
    """A requirement's coverage, with every uncovered deputy and what each lacks.

    Read from the kept standings; `standings` narrows them to part of the cohort
    (an administrator's scope). Two queries, and one more for the uncovered.
    """
    if standings is None:
        standings = requirement_standings(requirement=requirement)
    counts = {
        row["delegation_id"]: row
        for row in standings.values("delegation_id")
        .annotate(size=Count("pk"), done=Count("pk", filter=Q(covered=True)))
        .order_by()
    }
    names = Delegation.objects.filter(pk__in=counts).order_by("sort_order", "name")
    by_delegation = [
        DelegationCoverage(name, counts[pk]["size"], counts[pk]["done"])
        for pk, name in names.values_list("pk", "name")
    ]
    report = CoverageReport(
        requirement=requirement,
        deadline=requirement.deadline,
        generated_at=timezone.now(),
        cohort_size=sum(d.cohort_size for d in by_delegation),
        covered=sum(d.covered for d in by_delegation),
        by_delegation=by_delegation,
    )
    if with_uncovered:
        report.uncovered = uncovered_missing(
            requirement=requirement, people=uncovered_rows(standings)
        )
    return report


def uncovered_rows(standings: QuerySet[CoverageStanding]) -> QuerySet:
    """The uncovered among these standings, as the rows `uncovered_missing` reads."""
    return (
        standings.filter(covered=False)
        .values(
            "deputy_id",
            "courses_mask",
            "required_hours",
            "elective_hours",
            deputy_no=F("deputy__deputy_no"),
            name=F("deputy__name"),
            delegation_name=F("delegation__name"),
        )
        .order_by("delegation__sort_order", "deputy__deputy_no")
    )


def uncovered_missing(
    *, requirement: Requirement, people: Iterable[dict]
) -> list[UncoveredDeputy]:
    """What each uncovered deputy still lacks; `people` are rows of `uncovered_rows`.

    One query (the requirement's courses) whatever the number of rows: the
    completed courses are the bits of each standing's mask.
    """
    # Listed in the plan's order; bit i stands for the i-th course by id.
    courses = list(requirement.courses.values_list("pk", "title"))
    bits = course_bits(pk for pk, _title in courses)
    result = []
    for person in people:
        missing = [
            title for pk, title in courses if not person["courses_mask"] & bits[pk]
        ]
        if person["required_hours"] < requirement.min_required_hours:
            missing.append(
                _("%(hours)s required-course hours")
                % {
                    "hours": hours_display(
                        requirement.min_required_hours - person["required_hours"]
                    )
                }
            )
        if person["elective_hours"] < requirement.min_elective_hours:
            missing.append(
                _("%(hours)s elective hours")
                % {
                    "hours": hours_display(
                        requirement.min_elective_hours - person["elective_hours"]
                    )
                }
            )
        result.append(
            UncoveredDeputy(
                person["deputy_no"],
                person["name"],
                person["delegation_name"],
                missing,
                person["deputy_id"],
            )
        )
    return result
