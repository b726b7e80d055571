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
from courses.services.standings import standings_rebuild
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
        parser.add_argument(
            "--catalogue-courses",
            type=int,
            default=0,
            help="Add a catalogue of this many courses for the search benchmark.",
        )
        parser.add_argument("--catalogue-modules", type=int, default=0)

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
        if options["catalogue_courses"]:
            catalogue = build_bench_catalogue(
                courses=options["catalogue_courses"],
                modules=options["catalogue_modules"],
            )
            self.stdout.write(
                f"bench catalogue: {catalogue['courses']} courses, "
                f"{catalogue['modules']} modules"
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
    36 ms instead of 0.3 ms). The GIN indexes' pending lists are merged first, as
    autovacuum would: until then each search reads the whole list and the planner,
    knowing it, prefers reading every row (the search's trigram indexes, ADR 0014)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin'"
            )
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
    # Bulk inserts pass no signal: recount the standings, as after a roster import.
    standings_rebuild(requirement=requirement)
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


# Words the catalogue's titles and texts are made of: a query for one of them
# matches about one row in len(TOPICS), as a common word of the real plan would.
TOPICS = [
    "代表建议",
    "预算审查",
    "监督工作",
    "立法参与",
    "联系群众",
    "依法履职",
    "调查研究",
    "议案起草",
]
FILLER = [
    "人民代表大会制度是我国的根本政治制度。代表要密切联系人民群众，听取和反映"
    "人民群众的意见和要求，努力为人民服务，对人民负责，接受人民监督。" * 2,
    "代表在本级人民代表大会会议期间的工作和闭会期间的活动，都是执行代表职务。"
    "代表应当按时出席会议，认真审议各项议案、报告和其他议题。" * 2,
    "本讲通过案例说明履职的要求与方法，并布置课后思考题，请结合本人所在"
    "代表团和代表小组的实际情况完成。" * 2,
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, steplen 4


def _step(n: int) -> str:
    digits = ""
    while True:
        n, rest = divmod(n, len(ALPHABET))
        digits = ALPHABET[rest] + digits
        if n == 0:
            return digits.rjust(4, "0")


def _bulk_pages(model, rows: list[dict]) -> list:
    """Insert pages of one model in bulk: base rows, then the model's own table.

    Treebeard's add_child takes several queries per page; a benchmark catalogue of
    12,000 pages is written directly with the paths treebeard would have given.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    pages = []
    for row in rows:
        page = model(
            content_type=content_type,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            draft_title=row["title"],
            **row,
        )
        pages.append(page)
    base_fields = [f.attname for f in Page._meta.concrete_fields if f.name != "id"]
    base = [Page(**{name: getattr(p, name) for name in base_fields}) for p in pages]
    Page.objects.bulk_create(base, batch_size=500)
    if base[0].pk is None:  # a database that does not return ids
        by_path = dict(
            Page.objects.filter(path__in=[b.path for b in base]).values_list(
                "path", "pk"
            )
        )
        for b in base:
            b.pk = by_path[b.path]
    own = list(model._meta.local_concrete_fields)
    for page, row in zip(pages, base, strict=True):
        page.pk = page.page_ptr_id = row.pk
    for start in range(0, len(pages), 200):
        model._base_manager._insert(pages[start : start + 200], fields=own)
    return pages


@transaction.atomic
def build_bench_catalogue(*, courses: int = 2_000, modules: int = 10_000) -> dict:
    """A year of the bench plan with many courses and modules, for the site search."""
    from courses.models import CourseLecturer

    plan = TrainingPlanPage.objects.get(slug="bench-plan")
    annual = AnnualPlanPage.objects.filter(slug="bench-catalogue").first()
    if annual is None:
        annual = plan.add_child(
            instance=AnnualPlanPage(title="2024年度", slug="bench-catalogue", year=2024)
        )
    if CoursePage.objects.child_of(annual).exists():
        return {
            "courses": CoursePage.objects.descendant_of(annual).count(),
            "modules": ModulePage.objects.descendant_of(annual).count(),
        }
    rng = random.Random(2024)  # noqa: S311 - bench data, not secrets
    per_course, extra = divmod(modules, max(courses, 1))
    course_rows = []
    for n in range(courses):
        topic = TOPICS[n % len(TOPICS)]
        slug = f"catalogue-course-{n}"
        course_rows.append(
            {
                "title": f"{topic}专题课程{n}",
                "slug": slug,
                "path": annual.path + _step(n + 1),
                "depth": annual.depth + 1,
                "numchild": per_course + (1 if n < extra else 0),
                "url_path": f"{annual.url_path}{slug}/",
                "locale_id": annual.locale_id,
                "category": "thematic",
                "mode": "online",
                "hours": Decimal("2"),
                "is_required": False,
                "summary": f"围绕{rng.choice(TOPICS)}，讲解人大代表履职的方法与案例。",
            }
        )
    course_pages = _bulk_pages(CoursePage, course_rows)
    module_rows = []
    for index, course in enumerate(course_pages):
        for m in range(course.numchild):
            slug = f"catalogue-module-{index}-{m}"
            # About 300 characters, one topic word among ordinary text.
            words = FILLER[m % len(FILLER)] + rng.choice(TOPICS) + FILLER[-1]
            module_rows.append(
                {
                    "title": f"第{m + 1}讲 {rng.choice(TOPICS)}的实践",
                    "slug": slug,
                    "path": course.path + _step(m + 1),
                    "depth": course.depth + 1,
                    "numchild": 0,
                    "url_path": f"{course.url_path}{slug}/",
                    "locale_id": annual.locale_id,
                    "intro": "本讲结合案例介绍代表履职。",
                    "body": "[]",
                    "body_text": f"本讲内容：{words}",
                }
            )
    _bulk_pages(ModulePage, module_rows)
    from wagtail.models import Page

    Page.objects.filter(pk=annual.pk).update(numchild=len(course_pages))
    CourseLecturer.objects.bulk_create(
        [
            CourseLecturer(course_id=course.pk, name=f"讲师{n}", sort_order=0)
            for n, course in enumerate(course_pages)
        ],
        batch_size=1000,
    )
    analyse_tables()
    return {"courses": len(course_pages), "modules": len(module_rows)}
