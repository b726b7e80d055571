"""A large college for benchmarks: many deputies and courses, inserted in bulk."""

import random
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from cms.models import HomePage
from courses.models import (
    AnnualPlanPage,
    CoursePage,
    Enrolment,
    ModulePage,
    ModuleProgress,
    Requirement,
    TrainingPlanPage,
)
from courses.services.requirements import enrolments_sync
from people.models import Delegation, Deputy, Term


class Command(BaseCommand):
    help = (
        "Builds a benchmark college (default: 10,000 deputies, 50 courses) "
        "beside whatever exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--deputies", type=int, default=10_000)
        parser.add_argument("--courses", type=int, default=50)

    def handle(self, *args, deputies: int, courses: int, **options):
        result = build_bench_college(deputies=deputies, courses=courses)
        self.stdout.write(
            f"bench college: {result['deputies']} deputies, {result['courses']} courses"
        )


def build_bench_college(*, deputies: int = 10_000, courses: int = 50) -> dict:
    """The bulk load, then fresh planner statistics for the tables it filled."""
    result = _load_bench_college(deputies=deputies, courses=courses)
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
def _load_bench_college(*, deputies: int, courses: int) -> dict:

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
    if not ModuleProgress.objects.filter(deputy__term=term).exists():
        first = required[0]
        modules = list(ModulePage.objects.child_of(first))
        chosen = list(
            Deputy.objects.filter(term=term, newly_elected=True).values_list(
                "pk", flat=True
            )[: deputies // 3]
        )
        now = timezone.now()
        ModuleProgress.objects.bulk_create(
            [
                ModuleProgress(deputy_id=d, module=m, opened_at=now, completed_at=now)
                for d in chosen
                for m in modules
            ],
            batch_size=5000,
        )
        Enrolment.objects.filter(deputy_id__in=chosen, course=first).update(
            modules_total=3, modules_done=3, progress=100, completed_at=now
        )
    return {
        "deputies": Deputy.objects.filter(term=term).count(),
        "courses": CoursePage.objects.child_of(annual).count(),
    }
