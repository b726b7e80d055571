"""Reads of the coverage dashboard, always within the administrator's scope.

A handful of queries whatever the number of deputies: the summary and the
delegations are one grouped query, the uncovered list one page of rows.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from courses.models import Enrolment, OfflineSession, Requirement
from courses.selectors.coverage import (
    UNCOVERED_FIELDS,
    CoverageReport,
    UncoveredDeputy,
    cohort_with_coverage,
    coverage_report,
    uncovered_missing,
)
from infrastructure.identity import AnyUser
from people.models import Deputy

PAGE_SIZE = 50


@dataclass
class UncoveredFilters:
    delegation_id: int | None = None
    newly_elected: bool | None = None
    level: str = ""
    missing_course_id: int | None = None


@dataclass
class CourseCompletion:
    title: str
    completed: int
    cohort_size: int

    @property
    def share(self) -> float:
        return round(self.completed / self.cohort_size, 4) if self.cohort_size else 0.0


def deputies_in_scope(*, user: AnyUser) -> QuerySet[Deputy]:
    return Deputy.objects.visible_to(user)


def coverage_for_user(*, requirement: Requirement, user: AnyUser) -> CoverageReport:
    """Summary and delegations of a requirement, within the user's scope."""
    return coverage_report(
        requirement=requirement,
        deputies=deputies_in_scope(user=user),
        with_uncovered=False,
    )


def coverage_days_left(*, requirement: Requirement, today: date | None = None) -> int:
    return (requirement.deadline - (today or timezone.localdate())).days


def course_completion(
    *, requirement: Requirement, user: AnyUser, cohort_size: int
) -> list[CourseCompletion]:
    """How many of the cohort (in scope) completed each required course: one query."""
    cohort = cohort_with_coverage(
        requirement=requirement, deputies=deputies_in_scope(user=user)
    )
    titles = dict(requirement.courses.values_list("pk", "title"))
    counts = dict(
        Enrolment.objects.filter(
            deputy__in=cohort.values("pk"),
            course_id__in=titles,
            completed_at__isnull=False,
        )
        .values_list("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
    )
    return [
        CourseCompletion(title, counts.get(pk, 0), cohort_size)
        for pk, title in titles.items()
    ]


@dataclass
class SessionAttendance:
    title: str
    starts_at: datetime
    seated: int
    attended: int


def session_attendance(
    *, requirement: Requirement, user: AnyUser
) -> list[SessionAttendance]:
    """Per offline session of the required courses: cohort members listed and present.

    One grouped query, counting only the cohort within the user's scope.
    """
    cohort = cohort_with_coverage(
        requirement=requirement, deputies=deputies_in_scope(user=user)
    ).values("pk")
    rows = (
        OfflineSession.objects.filter(course__in=requirement.courses.all())
        .annotate(
            seated=Count("seats", filter=Q(seats__deputy__in=cohort), distinct=True),
            attended=Count(
                "attendances",
                filter=Q(attendances__deputy__in=cohort),
                distinct=True,
            ),
        )
        .order_by("starts_at")
        .values_list("title", "starts_at", "seated", "attended")
    )
    return [SessionAttendance(*row) for row in rows]


def coverage_over_time(
    *, requirement: Requirement, user: AnyUser
) -> list[tuple[date, int]]:
    """Cumulative covered deputies (in scope) at the end of each month: one query.

    A deputy counts from the month they completed the last of the required courses.
    """
    last_completion = (
        Enrolment.objects.filter(
            deputy=OuterRef("pk"),
            course__in=requirement.courses.all(),
            completed_at__isnull=False,
        )
        .values("deputy")
        .annotate(last=Max("completed_at"))
        .values("last")
    )
    rows = (
        cohort_with_coverage(
            requirement=requirement, deputies=deputies_in_scope(user=user)
        )
        .filter(covered=True)
        .annotate(month=TruncMonth(Subquery(last_completion)))
        .exclude(month__isnull=True)
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
        .values_list("month", "n")
    )
    total, points = 0, []
    for month, count in rows:
        total += count
        day = month.date() if isinstance(month, datetime) else month
        points.append((day, total))
    if points:
        # From nobody, the month before the first, to the figure of this month.
        first = points[0][0]
        before = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
        this_month = timezone.localdate().replace(day=1)
        points.insert(0, (before, 0))
        if points[-1][0] < this_month:
            points.append((this_month, total))
    return points


def uncovered_queryset(
    *, requirement: Requirement, user: AnyUser, filters: UncoveredFilters
) -> QuerySet:
    """The uncovered deputies in scope, filtered, as rows of UNCOVERED_FIELDS."""
    cohort = cohort_with_coverage(
        requirement=requirement, deputies=deputies_in_scope(user=user)
    ).filter(covered=False)
    if filters.delegation_id:
        cohort = cohort.filter(delegation_id=filters.delegation_id)
    if filters.newly_elected is not None:
        cohort = cohort.filter(newly_elected=filters.newly_elected)
    if filters.level:
        cohort = cohort.filter(level=filters.level)
    if filters.missing_course_id:
        done = Enrolment.objects.filter(
            deputy=OuterRef("pk"),
            course_id=filters.missing_course_id,
            completed_at__isnull=False,
        )
        cohort = cohort.filter(~Q(Exists(done)))
    return cohort.values(*UNCOVERED_FIELDS).order_by(
        "delegation__sort_order", "deputy_no"
    )


def uncovered_page(
    *,
    requirement: Requirement,
    user: AnyUser,
    filters: UncoveredFilters,
    page: str | int | None,
) -> tuple[Page, list[UncoveredDeputy]]:
    """One page of the uncovered deputies, each with what they still lack."""
    rows = uncovered_queryset(requirement=requirement, user=user, filters=filters)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(page)
    people = list(page_obj.object_list)
    return page_obj, uncovered_missing(requirement=requirement, people=people)


def uncovered_all(
    *, requirement: Requirement, user: AnyUser, filters: UncoveredFilters
) -> list[UncoveredDeputy]:
    """Every uncovered deputy in scope (for exports)."""
    rows = uncovered_queryset(requirement=requirement, user=user, filters=filters)
    return uncovered_missing(
        requirement=requirement,
        people=list(rows),
        deputy_ids=rows.values("pk"),
    )
