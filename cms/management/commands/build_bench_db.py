"""A large college for benchmarks: many deputies and courses, inserted in bulk."""

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from cms.models import HomePage
from courses.models import (
    AnnualPlanPage,
    Attendance,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    OfflineSession,
    Requirement,
    TrainingPlanPage,
)
from courses.services.requirements import enrolments_sync
from people.models import Delegation, Deputy, Term


class Command(BaseCommand):
    help = (
        "Builds a benchmark college (default: 10,000 deputies, 50 courses, 20 module "
        "completions and 2 attendances per deputy) beside whatever exists. "
        "--deputies 100000 gives the 2,000,000 completions and 200,000 attendances "
        "of the coverage benchmark."
    )

    def add_arguments(self, parser):
        parser.add_argument("--deputies", type=int, default=10_000)
        parser.add_argument("--courses", type=int, default=50)
        parser.add_argument("--completions-per-deputy", type=int, default=20)
        parser.add_argument("--attendance-per-deputy", type=int, default=2)

    def handle(
        self,
        *args,
        deputies: int,
        courses: int,
        completions_per_deputy: int,
        attendance_per_deputy: int,
        **options,
    ):
        start = time.perf_counter()
        result = build_bench_college(
            deputies=deputies,
            courses=courses,
            completions_per_deputy=completions_per_deputy,
            attendance_per_deputy=attendance_per_deputy,
        )
        self.stdout.write(
            f"bench college: {result['deputies']} deputies, {result['courses']} "
            f"courses, {result['completions']} module completions, "
            f"{result['attendance']} attendances "
            f"({time.perf_counter() - start:.0f} s)"
        )


# Offline sessions of the required courses, which the attendance rows fill.
BENCH_SESSIONS = 100


def build_bench_college(
    *,
    deputies: int = 10_000,
    courses: int = 50,
    completions_per_deputy: int = 20,
    attendance_per_deputy: int = 2,
) -> dict:
    """The bulk load, then fresh planner statistics for the tables it filled."""
    result = _load_bench_college(
        deputies=deputies,
        courses=courses,
        completions_per_deputy=completions_per_deputy,
        attendance_per_deputy=attendance_per_deputy,
    )
    analyse_tables()
    return result


def analyse_tables() -> None:
    """ANALYZE on PostgreSQL: autovacuum would get to a bulk load only later, and until
    then the planner guesses from an empty table (the portal's next-step query took
    36 ms instead of 0.3 ms)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@transaction.atomic
def _load_bench_college(
    *,
    deputies: int,
    courses: int,
    completions_per_deputy: int,
    attendance_per_deputy: int,
) -> dict:

    home = HomePage.objects.first()
    plan = TrainingPlanPage.objects.filter(slug="bench-plan").first()
    if plan is None:
        plan = home.add_child(
            instance=TrainingPlanPage(
                title="基准测试规划",
                slug="bench-plan",
                term_label="第九十九届",
                start_year=2023,
                end_year=2027,
            )
        )
    annual = AnnualPlanPage.objects.child_of(plan).first() or plan.add_child(
        instance=AnnualPlanPage(title="2023年度", slug="bench-2023", year=2023)
    )
    existing = CoursePage.objects.child_of(annual).count()
    categories = ["initial", "performance", "thematic"]
    for n in range(existing, courses):
        course = annual.add_child(
            instance=CoursePage(
                title=f"基准课程{n}",
                slug=f"bench-course-{n}",
                category=categories[n % 3],
                mode="online",
                hours=Decimal("4"),
                is_required=n < 5,
                summary="基准测试课程",
                start_date=date(2023, 3, 1),
            )
        )
        for m in range(3):
            course.add_child(
                instance=ModulePage(
                    title=f"基准模块{n}-{m}", slug=f"bench-module-{n}-{m}", body="[]"
                )
            )
    term, _created = Term.objects.get_or_create(
        number=99,
        defaults={
            "name": "第九十九届",
            "starts_on": date(2023, 1, 1),
            "ends_on": date(2027, 12, 31),
        },
    )
    delegations = [
        Delegation.objects.get_or_create(
            name=f"基准代表团{i}", defaults={"sort_order": 100 + i}
        )[0]
        for i in range(17)
    ]
    have = Deputy.objects.filter(term=term).count()
    rng = random.Random(99)  # noqa: S311 - demo data, not secrets
    Deputy.objects.bulk_create(
        [
            Deputy(
                term=term,
                deputy_no=f"99-{i:05d}",
                name=f"代表{i}",
                delegation=delegations[i % 17],
                newly_elected=rng.random() < 0.6,
                elected_on=date(2023, 1, 10),
            )
            for i in range(have, deputies)
        ],
        batch_size=2000,
    )
    requirement, created = Requirement.objects.get_or_create(
        slug="bench-initial",
        defaults={"name": "基准初任学习", "term": term, "deadline": date(2024, 6, 30)},
    )
    required = list(CoursePage.objects.child_of(annual).filter(is_required=True))
    if created:
        requirement.courses.set(required)
    enrolments_sync(requirement=requirement)
    # A third of the newly elected (every third deputy) completed the first course,
    # including deputies added to an existing bench college.
    first = required[0]
    modules = list(ModulePage.objects.child_of(first))
    chosen = [
        pk
        for pk in Deputy.objects.filter(term=term, newly_elected=True)
        .exclude(module_progress__module=modules[0])
        .values_list("pk", flat=True)
        if pk % 3 == 0
    ]
    now = timezone.now()
    ModuleProgress.objects.bulk_create(
        [
            ModuleProgress(deputy_id=d, module=m, opened_at=now, completed_at=now)
            for d in chosen
            for m in modules
        ],
        batch_size=5000,
    )
    for start in range(0, len(chosen), 5000):
        Enrolment.objects.filter(
            deputy_id__in=chosen[start : start + 5000], course=first
        ).update(modules_total=3, modules_done=3, progress=100, completed_at=now)
    _bulk_completions(term=term, annual=annual, per_deputy=completions_per_deputy)
    _bulk_attendance(term=term, required=required, per_deputy=attendance_per_deputy)
    return {
        "deputies": Deputy.objects.filter(term=term).count(),
        "courses": CoursePage.objects.child_of(annual).count(),
        "completions": ModuleProgress.objects.filter(deputy__term=term).count(),
        "attendance": Attendance.objects.filter(deputy__term=term).count(),
    }


def _bulk_completions(*, term: Term, annual: AnnualPlanPage, per_deputy: int) -> None:
    """Every deputy completes the modules of the last (elective) courses.

    One INSERT ... SELECT per module: 2,000,000 rows never travel through Python.
    The first courses are left alone: the learning benchmarks complete those.
    """
    modules = list(
        ModulePage.objects.filter(
            pk__in=ModulePage.objects.descendant_of(annual).values("pk")
        )
        .filter(slug__startswith="bench-module-")
        .order_by("-path")
        .values_list("pk", flat=True)[:per_deputy]
    )
    table = connection.ops.quote_name(ModuleProgress._meta.db_table)
    deputy_table = connection.ops.quote_name(Deputy._meta.db_table)
    now = timezone.now()
    with connection.cursor() as cursor:
        for module_id in modules:
            # S608: names come from the ORM, values go as parameters.
            cursor.execute(
                f"INSERT INTO {table} (deputy_id, module_id, opened_at, completed_at) "  # noqa: S608
                f"SELECT id, %s, %s, %s FROM {deputy_table} WHERE term_id = %s "
                "ON CONFLICT (deputy_id, module_id) DO NOTHING",
                [module_id, now, now, term.pk],
            )


def _bulk_attendance(
    *, term: Term, required: list[CoursePage], per_deputy: int
) -> None:
    """BENCH_SESSIONS sessions of the required courses; each deputy attends a few."""
    if not required or per_deputy <= 0:
        return
    have = OfflineSession.objects.filter(title__startswith="基准班次").count()
    start = timezone.now() - timedelta(days=60)
    OfflineSession.objects.bulk_create(
        [
            OfflineSession(
                course=required[n % len(required)],
                title=f"基准班次{n}",
                starts_at=start + timedelta(days=n % 50),
                ends_at=start + timedelta(days=n % 50, hours=3),
                venue="基准会场",
                hours=Decimal("3"),
                is_required=False,
            )
            for n in range(have, BENCH_SESSIONS)
        ]
    )
    sessions = list(
        OfflineSession.objects.filter(title__startswith="基准班次")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    table = connection.ops.quote_name(Attendance._meta.db_table)
    deputy_table = connection.ops.quote_name(Deputy._meta.db_table)
    count = len(sessions)
    now = timezone.now()
    with connection.cursor() as cursor:
        for remainder in range(count):
            for j in range(min(per_deputy, count)):
                session = sessions[(remainder + j * (count // 2 or 1)) % count]
                cursor.execute(
                    f"INSERT INTO {table} (deputy_id, session_id, checked_in_at, "  # noqa: S608
                    f"method) SELECT id, %s, %s, %s FROM {deputy_table} "
                    "WHERE term_id = %s AND id %% %s = %s "
                    "ON CONFLICT (deputy_id, session_id) DO NOTHING",
                    [session, now, "qr", term.pk, count, remainder],
                )
