"""Reads of the coverage dashboard, always within the administrator's scope.

The figures come from the kept standings (ADR 0017), a handful of queries
whatever the number of deputies: the summary and the delegations are one grouped
query, the courses one aggregate, the uncovered list one page of rows.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from courses.models import (
    AnnualPlanPage,
    Attendance,
    CoursePage,
    CoverageStanding,
    Enrolment,
    HoursEntry,
    OfflineSession,
    Requirement,
    SessionSeat,
)
from courses.selectors.coverage import (
    CoverageReport,
    UncoveredDeputy,
    course_bits,
    coverage_report,
    requirement_standings,
    uncovered_missing,
    uncovered_rows,
)
from courses.selectors.requirements import deadline_passed
from coverage.models import Bulletin
from infrastructure.identity import AnyUser
from people.models import Delegation, Deputy
from people.querysets import delegation_scope

PAGE_SIZE = 50
SESSIONS_SHOWN = 12


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


def standings_in_scope(
    *, requirement: Requirement, user: AnyUser
) -> QuerySet[CoverageStanding]:
    """The kept standings of the requirement's cohort that the user may see."""
    return requirement_standings(requirement=requirement).visible_to(user)


def coverage_for_user(*, requirement: Requirement, user: AnyUser) -> CoverageReport:
    """Summary and delegations of a requirement, within the user's scope."""
    return coverage_report(
        requirement=requirement,
        standings=standings_in_scope(requirement=requirement, user=user),
        with_uncovered=False,
    )


def coverage_days_left(*, requirement: Requirement, today: date | None = None) -> int:
    return (requirement.deadline - (today or timezone.localdate())).days


def overdue_uncovered(
    *, requirement: Requirement, user: AnyUser, today: date | None = None
) -> int:
    """The uncovered deputies in scope whose own deadline has passed: a by-election
    gives a later deadline than the requirement's."""
    passed = deadline_passed(
        requirement=requirement,
        today=today or timezone.localdate(),
        deputy_path="deputy__",
    )
    return (
        standings_in_scope(requirement=requirement, user=user)
        .filter(passed, covered=False)
        .count()
    )


def _has_course(bit: int) -> GreaterThan:
    return GreaterThan(F("courses_mask").bitand(bit), 0)


def course_completion(
    *, requirement: Requirement, user: AnyUser, cohort_size: int
) -> list[CourseCompletion]:
    """How many of the cohort (in scope) completed each required course: one query."""
    courses = list(requirement.courses.values_list("pk", "title"))
    bits = course_bits(pk for pk, _title in courses)
    counts = standings_in_scope(requirement=requirement, user=user).aggregate(
        **{str(pk): Count("pk", filter=_has_course(bit)) for pk, bit in bits.items()}
    )
    return [
        CourseCompletion(title, counts[str(pk)], cohort_size) for pk, title in courses
    ]


@dataclass
class SessionAttendance:
    title: str
    starts_at: datetime
    seated: int
    attended: int


def _cohort_counts(
    model: type[SessionSeat] | type[Attendance],
    sessions: list[int],
    cohort: QuerySet[CoverageStanding],
) -> dict[int, int]:
    """Per session, how many of the cohort have a `model` row (seat, attendance)."""
    rows = (
        model.objects.filter(session_id__in=sessions)
        .filter(Exists(cohort.filter(deputy_id=OuterRef("deputy_id"))))
        .values("session")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("session", "n")
    )
    return dict(rows)


def session_attendance(
    *, requirement: Requirement, user: AnyUser
) -> list[SessionAttendance]:
    """The latest offline sessions of the required courses: cohort members listed
    and present. Three queries; the work grows with those sessions' lists, not with
    the college (the earlier sessions are in the sessions' own admin)."""
    cohort = standings_in_scope(requirement=requirement, user=user)
    latest = list(
        OfflineSession.objects.filter(course__in=requirement.courses.all())
        .order_by("-starts_at", "-pk")
        .values_list("pk", "title", "starts_at")[:SESSIONS_SHOWN]
    )
    ids = [pk for pk, _title, _starts in latest]
    seated = _cohort_counts(SessionSeat, ids, cohort)
    attended = _cohort_counts(Attendance, ids, cohort)
    return [
        SessionAttendance(title, starts, seated.get(pk, 0), attended.get(pk, 0))
        for pk, title, starts in reversed(latest)
    ]


def coverage_over_time(
    *, requirement: Requirement, user: AnyUser
) -> list[tuple[date, int]]:
    """Cumulative covered deputies (in scope) at the end of each month: one query.

    A deputy counts from the month they completed the last of the required courses.
    """
    rows = (
        standings_in_scope(requirement=requirement, user=user)
        .filter(covered=True, covered_month__isnull=False)
        .values("covered_month")
        .annotate(n=Count("pk"))
        .order_by("covered_month")
        .values_list("covered_month", "n")
    )
    total, points = 0, []
    for month, count in rows:
        if month is not None:  # filtered out above; the type does not know it
            total += count
            points.append((month, total))
    if points:
        # From nobody, the month before the first, to the figure of this month.
        first = points[0][0]
        before = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
        this_month = timezone.localdate().replace(day=1)
        points.insert(0, (before, 0))
        if points[-1][0] < this_month:
            points.append((this_month, total))
    return points


def uncovered_standings(
    *, requirement: Requirement, user: AnyUser, filters: UncoveredFilters
) -> QuerySet[CoverageStanding]:
    """The standings of the uncovered deputies in scope, filtered."""
    standings = standings_in_scope(requirement=requirement, user=user).filter(
        covered=False
    )
    if filters.delegation_id:
        standings = standings.filter(delegation_id=filters.delegation_id)
    if filters.newly_elected is not None:
        standings = standings.filter(deputy__newly_elected=filters.newly_elected)
    if filters.level:
        standings = standings.filter(deputy__level=filters.level)
    if filters.missing_course_id:
        bit = course_bits(requirement.courses.values_list("pk", flat=True)).get(
            filters.missing_course_id, 0
        )
        standings = standings.exclude(_has_course(bit))
    return standings


def uncovered_queryset(
    *, requirement: Requirement, user: AnyUser, filters: UncoveredFilters
) -> QuerySet:
    """The uncovered deputies in scope, filtered, as rows of `uncovered_rows`."""
    return uncovered_rows(
        uncovered_standings(requirement=requirement, user=user, filters=filters)
    )


class UncoveredRows:
    """Rows for a Paginator: counted on the standings alone, paged with the names."""

    def __init__(self, standings: QuerySet[CoverageStanding]):
        self.standings = standings

    def count(self) -> int:
        return self.standings.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        return list(uncovered_rows(self.standings)[index])


def uncovered_page(
    *,
    requirement: Requirement,
    user: AnyUser,
    filters: UncoveredFilters,
    page: str | int | None,
) -> tuple[Page, list[UncoveredDeputy]]:
    """One page of the uncovered deputies, each with what they still lack."""
    standings = uncovered_standings(requirement=requirement, user=user, filters=filters)
    rows = cast("list[dict]", UncoveredRows(standings))  # what Paginator reads
    page_obj: Page = Paginator(rows, PAGE_SIZE).get_page(page)
    return page_obj, uncovered_missing(
        requirement=requirement, people=page_obj.object_list
    )


def uncovered_all(
    *, requirement: Requirement, user: AnyUser, filters: UncoveredFilters
) -> list[UncoveredDeputy]:
    """Every uncovered deputy in scope (for exports)."""
    rows = uncovered_queryset(requirement=requirement, user=user, filters=filters)
    return uncovered_missing(requirement=requirement, people=rows)


def uncovered_reachability(*, deputy_ids: list[int]) -> dict[int, str]:
    """How each deputy would be reminded: "account", "contact" (roster) or "none"."""
    rows = Deputy.objects.filter(pk__in=deputy_ids).values_list(
        "pk", "user_id", "phone", "email"
    )
    return {
        pk: "account" if user_id else ("contact" if phone or email else "none")
        for pk, user_id, phone, email in rows
    }


# Exports ---------------------------------------------------------------------------
# Chinese headers and values, whoever asks: the files are passed on as they are.

SUMMARY_HEADER = ["项目", "数值"]
DELEGATION_HEADER = ["代表团", "应学人数", "已完成人数", "覆盖率"]
UNCOVERED_HEADER = ["代表证号", "姓名", "代表团", "尚缺"]
EXPORT_VIEWS = {"summary": 0, "delegations": 1, "uncovered": 2}
WHOLE_CITY = "全市"


def coverage_tables(
    *, report: CoverageReport, scope_label: str = ""
) -> list[tuple[str, list[str], list[list]]]:
    """The report as three tables (summary, by delegation, uncovered) for files."""
    summary: list[list] = [
        ["学习要求", report.requirement.name],
        ["截止日期", report.deadline],
        ["应学人数", report.cohort_size],
        ["已完成人数", report.covered],
        ["未完成人数", report.cohort_size - report.covered],
        ["覆盖率", report.coverage],
        ["生成时间", timezone.localtime(report.generated_at).replace(tzinfo=None)],
    ]
    if scope_label:
        summary.insert(1, ["范围", scope_label])
    delegations = [
        [d.delegation, d.cohort_size, d.covered, d.coverage]
        for d in report.by_delegation
    ]
    people = [
        [u.deputy_no, u.name, u.delegation, "；".join(u.missing)]
        for u in report.uncovered
    ]
    return [
        ("汇总", SUMMARY_HEADER, summary),
        ("各代表团", DELEGATION_HEADER, delegations),
        ("未完成代表", UNCOVERED_HEADER, people),
    ]


def scope_label(*, user: AnyUser) -> str:
    """The delegations a user's figures cover, as printed on files: 全市 or names."""
    scope = delegation_scope(user)
    if scope is None:
        return WHOLE_CITY
    names = Delegation.objects.filter(pk__in=scope).order_by("sort_order", "name")
    return "、".join(names.values_list("name", flat=True)) or "—"


# Bulletins --------------------------------------------------------------------------


def bulletin_ranking(report: CoverageReport) -> list[dict]:
    """Delegations from the highest share covered down; equal shares share a rank."""
    ordered = sorted(
        enumerate(report.by_delegation),
        key=lambda item: (-item[1].coverage, -item[1].covered, item[0]),
    )
    rows: list[dict] = []
    for position, (_index, d) in enumerate(ordered, start=1):
        same = rows and rows[-1]["coverage"] == d.coverage
        rows.append(
            {
                "rank": rows[-1]["rank"] if same else position,
                "delegation": d.delegation,
                "cohort_size": d.cohort_size,
                "covered": d.covered,
                "uncovered": d.cohort_size - d.covered,
                "coverage": d.coverage,
            }
        )
    return rows


def bulletins_for(
    *, requirement: Requirement, user: AnyUser, limit: int = 10
) -> list[Bulletin]:
    """The latest bulletins of a requirement that the user may download."""
    return list(
        Bulletin.objects.visible_to(user).filter(requirement=requirement)[:limit]
    )


# Plan execution ---------------------------------------------------------------------


@dataclass
class DelegationExecution:
    delegation: str
    enrolled: int = 0
    completed: int = 0
    seats: int = 0
    attended: int = 0
    hours_planned: Decimal = Decimal("0")
    hours_earned: Decimal = Decimal("0")


@dataclass
class PlanExecution:
    plan: AnnualPlanPage
    courses_planned: int
    courses_delivered: int
    sessions_planned: int
    sessions_delivered: int
    seats: int
    attended: int
    hours_planned: Decimal
    hours_earned: Decimal
    by_delegation: list[DelegationExecution]


def annual_plans() -> QuerySet[AnnualPlanPage]:
    return AnnualPlanPage.objects.live().order_by("-year", "path")


def plan_execution(*, plan: AnnualPlanPage, user: AnyUser) -> PlanExecution:
    """An annual plan's courses and sessions planned, delivered and attended.

    Courses count as delivered once they have started (or have no start date);
    sessions once they have ended. Enrolments, seats, attendance and hours are of
    the deputies in the user's scope, per delegation. Seven queries at any size.
    """
    now = timezone.now()
    courses = CoursePage.objects.live().child_of(plan)
    course_ids = courses.values("pk")
    course_figures = courses.aggregate(
        planned=Count("pk"),
        delivered=Count(
            "pk",
            filter=Q(start_date__isnull=True) | Q(start_date__lte=timezone.localdate()),
        ),
    )
    sessions = OfflineSession.objects.filter(course__in=course_ids)
    session_figures = sessions.aggregate(
        planned=Count("pk"), delivered=Count("pk", filter=Q(ends_at__lte=now))
    )
    rows: dict[str, DelegationExecution] = {
        name: DelegationExecution(name)
        for name in Delegation.objects.visible_to(user)
        .order_by("sort_order", "name")
        .values_list("name", flat=True)
    }

    def grouped(queryset: QuerySet, **aggregates: Count | Sum) -> None:
        for row in (
            queryset.values("deputy__delegation__name")
            .annotate(**aggregates)
            .order_by()
        ):
            name = row.pop("deputy__delegation__name")
            target = rows.setdefault(name, DelegationExecution(name))
            for key, value in row.items():
                setattr(target, key, value if value is not None else 0)

    grouped(
        Enrolment.objects.visible_to(user).filter(course__in=course_ids),
        enrolled=Count("pk"),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        hours_planned=Sum("course__hours"),
    )
    grouped(
        SessionSeat.objects.visible_to(user).filter(session__in=sessions.values("pk")),
        seats=Count("pk"),
    )
    grouped(
        Attendance.objects.visible_to(user).filter(session__in=sessions.values("pk")),
        attended=Count("pk"),
    )
    grouped(
        HoursEntry.objects.visible_to(user).filter(course__in=course_ids),
        hours_earned=Sum("hours"),
    )
    by_delegation = list(rows.values())
    return PlanExecution(
        plan=plan,
        courses_planned=course_figures["planned"],
        courses_delivered=course_figures["delivered"],
        sessions_planned=session_figures["planned"],
        sessions_delivered=session_figures["delivered"],
        seats=sum(d.seats for d in by_delegation),
        attended=sum(d.attended for d in by_delegation),
        hours_planned=sum((d.hours_planned for d in by_delegation), Decimal("0")),
        hours_earned=sum((d.hours_earned for d in by_delegation), Decimal("0")),
        by_delegation=by_delegation,
    )
