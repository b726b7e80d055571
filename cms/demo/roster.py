"""Demo roster of the 16th term and some realistic progress, inserted in bulk."""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_eligible_deputies, certificate_issue
from cms.demo import content
from courses.models import (
    CoursePage,
    Enrolment,
    HoursEntry,
    ModulePage,
    ModuleProgress,
    Requirement,
)
from courses.selectors.requirements import requirement_cohort
from courses.services.requirements import enrolments_sync
from infrastructure.text import text_match_key
from people.models import Delegation, DelegationAlias, Deputy, Term, natural_aliases
from people.selectors import delegations_by_name

DELEGATIONS = [
    ("黄浦区代表团", 40),
    ("徐汇区代表团", 50),
    ("长宁区代表团", 40),
    ("静安区代表团", 50),
    ("普陀区代表团", 50),
    ("虹口区代表团", 40),
    ("杨浦区代表团", 55),
    ("闵行区代表团", 70),
    ("宝山区代表团", 60),
    ("嘉定区代表团", 50),
    ("浦东新区代表团", 120),
    ("金山区代表团", 35),
    ("松江区代表团", 50),
    ("青浦区代表团", 40),
    ("奉贤区代表团", 40),
    ("崇明区代表团", 30),
    ("解放军代表团", 40),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭"
    "宁龙林欣晨晓怡嘉琳雪慧颖婷倩喆堃昇赟玥珺"
)
DEMO_DEPUTY_NO = "16-0001"


def seed_term() -> Term:
    term, _created = Term.objects.get_or_create(
        number=16,
        defaults={
            "name": "第十六届",
            "starts_on": date(2023, 1, 16),
            "ends_on": date(2028, 1, 15),
        },
    )
    return term


def seed_delegations() -> list[Delegation]:
    """The 17 delegations under their official names, each with its natural aliases.

    A delegation seeded earlier under a short name (黄浦区) is found by that name and
    renamed, not duplicated.
    """
    delegations = []
    for order, (name, _size) in enumerate(DELEGATIONS, start=1):
        delegation = delegations_by_name().get(text_match_key(name))
        if delegation is None:
            delegation = Delegation.objects.create(name=name, sort_order=order)
        elif delegation.name != name:
            delegation.name = name
            delegation.save(update_fields=["name"])
            # The old short name may have named it as an alias before.
            delegation.aliases.filter(name=text_match_key(name)).delete()
        taken = delegations_by_name()
        DelegationAlias.objects.bulk_create(
            DelegationAlias(delegation=delegation, name=alias)
            for alias in natural_aliases(name)
            if alias not in taken
        )
        delegations.append(delegation)
    return delegations


def seed_deputies(term: Term, delegations: list[Delegation]) -> int:
    if Deputy.objects.filter(term=term).exists():
        return Deputy.objects.filter(term=term).count()
    rng = random.Random(16)
    rows, number = [], 0
    for delegation, (_name, size) in zip(delegations, DELEGATIONS, strict=True):
        for _i in range(size):
            number += 1
            by_election = rng.random() < 0.03
            rows.append(
                Deputy(
                    term=term,
                    deputy_no=f"16-{number:04d}",
                    name=rng.choice(SURNAMES)
                    + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2]))),
                    gender=rng.choice("MF"),
                    delegation=delegation,
                    level="municipal",
                    newly_elected=by_election or rng.random() < 0.62,
                    elected_on=date(rng.choice([2024, 2025]), rng.randint(1, 12), 15)
                    if by_election
                    else date(2023, 1, 10),
                    phone=f"139{number:08d}",
                    email=f"deputy{number:04d}@example.org",
                )
            )
    # The demo deputy was elected in this autumn's by-election: the initial
    # learning is still ahead of him.
    rows[0].name, rows[0].newly_elected = "张明", True
    rows[0].elected_on = min(date(2026, 9, 18), timezone.localdate() - timedelta(30))
    Deputy.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _requirement(term: Term, spec: dict, **fields) -> Requirement:
    requirement, created = Requirement.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["name"],
            "term": term,
            "deadline": date.fromisoformat(spec["deadline"]),
            **fields,
        },
    )
    if created:
        requirement.courses.set(CoursePage.objects.filter(slug__in=spec["courses"]))
    enrolments_sync(requirement=requirement)
    return requirement


def seed_requirement(term: Term) -> Requirement:
    """The initial learning; its cohort is the newly elected and the by-elected."""
    return _requirement(
        term,
        content.INITIAL_REQUIREMENT,
        is_initial_learning=True,
        newly_elected_only=True,
        by_election_days=content.INITIAL_REQUIREMENT["by_election_days"],
    )


def seed_annual_requirement(term: Term) -> Requirement:
    """This year's required performance learning, for every deputy."""
    return _requirement(term, content.ANNUAL_REQUIREMENT)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _day_in(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _complete_in_bulk(
    completions: dict[int, datetime], course: CoursePage, modules: list[ModulePage]
) -> None:
    """Marks each deputy's course completed at its own date, inside the course."""
    Enrolment.objects.bulk_create(
        [
            Enrolment(deputy_id=d, course=course, source=Enrolment.Source.SELF)
            for d in completions
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    ModuleProgress.objects.bulk_create(
        [
            ModuleProgress(deputy_id=d, module=m, opened_at=when, completed_at=when)
            for d, when in completions.items()
            for m in modules
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    by_day: dict[datetime, list[int]] = {}
    for deputy_id, when in completions.items():
        by_day.setdefault(when, []).append(deputy_id)
    for when, deputy_ids in by_day.items():
        Enrolment.objects.filter(deputy_id__in=deputy_ids, course=course).update(
            modules_total=len(modules),
            modules_done=len(modules),
            progress=100,
            completed_at=when,
            last_activity_at=when,
            last_module=modules[-1],
        )
    HoursEntry.objects.bulk_create(
        [
            HoursEntry(
                deputy_id=d,
                year=when.year,
                category=course.category,
                required=course.is_required,
                hours=course.hours,
                source=HoursEntry.Source.COURSE,
                course=course,
                description=course.title,
                earned_on=when.date(),
            )
            for d, when in completions.items()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _course_window(course: CoursePage, today: date) -> tuple[date, date]:
    """Completion dates fall inside the course and never after yesterday."""
    last = min(course.end_date, today - timedelta(days=1))
    return course.start_date + timedelta(days=7), last


def seed_progress(requirement: Requirement) -> None:
    """Nearly every deputy of 2023 finished the initial learning in its first year;
    by-elected deputies finish it within 180 days. Some courses of every year were
    chosen by many, and this year's required courses are part way.
    """
    if Enrolment.objects.filter(completed_at__isnull=False).exists():
        return
    rng = random.Random(2023)
    today = timezone.localdate()
    demo = (
        Deputy.objects.filter(deputy_no=DEMO_DEPUTY_NO)
        .values_list("pk", flat=True)
        .first()
    )
    cohort = (
        requirement_cohort(requirement=requirement)
        .exclude(pk=demo)
        .order_by("pk")
        .values_list("pk", "elected_on")
    )
    initial = requirement.courses.order_by("path").first()
    if initial is not None:
        completions = {}
        for deputy_id, elected_on in cohort:
            if rng.random() < 0.06:
                continue  # still to finish: the dashboard's uncovered list
            first = max(elected_on + timedelta(days=20), initial.start_date)
            last = min(first + timedelta(days=150), today - timedelta(days=1))
            if last >= first:
                completions[deputy_id] = _at(_day_in(rng, first, last))
        _complete_in_bulk(completions, initial, _modules(initial))
    everyone = list(
        Deputy.objects.exclude(pk=demo).order_by("pk").values_list("pk", flat=True)
    )
    for course in CoursePage.objects.exclude(pk=getattr(initial, "pk", None)):
        first, last = _course_window(course, today)
        if last < first:
            continue  # not held yet
        share = 0.65 if course.is_required else 0.35
        completions = {
            d: _at(_day_in(rng, first, last)) for d in everyone if rng.random() < share
        }
        _complete_in_bulk(completions, course, _modules(course))
    for course in CoursePage.objects.all():
        Enrolment.objects.filter(course=course, modules_total=0).update(
            modules_total=ModulePage.objects.child_of(course).count()
        )
    if demo and initial is not None:
        _demo_deputy_part_way(demo, initial, today)


def _modules(course: CoursePage) -> list[ModulePage]:
    return list(ModulePage.objects.child_of(course).order_by("path"))


def _demo_deputy_part_way(demo: int, course: CoursePage, today: date) -> None:
    """The demo deputy, elected in this autumn's by-election, has begun."""
    first_modules = _modules(course)[:2]
    when = _at(today - timedelta(days=5))
    ModuleProgress.objects.bulk_create(
        [
            ModuleProgress(deputy_id=demo, module=m, opened_at=when, completed_at=when)
            for m in first_modules
        ],
        ignore_conflicts=True,
    )
    total = ModulePage.objects.child_of(course).count()
    Enrolment.objects.filter(deputy_id=demo, course=course).update(
        modules_total=total,
        modules_done=len(first_modules),
        progress=round(100 * len(first_modules) / total),
        last_module=first_modules[-1],
        last_activity_at=when,
    )


def link_demo_deputy(username: str = "deputy") -> None:
    user = get_user_model().objects.filter(username=username).first()
    if user and not Deputy.objects.filter(user=user).exists():
        Deputy.objects.filter(deputy_no=DEMO_DEPUTY_NO, user__isnull=True).update(
            user=user
        )


def seed_roster() -> dict:
    term = seed_term()
    deputies = seed_deputies(term, seed_delegations())
    requirement = seed_requirement(term)
    seed_annual_requirement(term)
    seed_progress(requirement)
    link_demo_deputy()
    seed_certificates()
    return {"deputies": deputies, "requirement": requirement.slug}


def seed_certificates(limit: int = 12) -> int:
    """Some completed deputies hold their certificate of the initial-term course."""

    course = CoursePage.objects.filter(
        slug=content.INITIAL_REQUIREMENT["courses"][0]
    ).first()
    if course is None or Certificate.objects.exists():
        return Certificate.objects.count()
    for deputy in certificate_eligible_deputies(course=course).order_by("pk")[:limit]:
        certificate_issue(deputy=deputy, course=course)
    return Certificate.objects.count()
