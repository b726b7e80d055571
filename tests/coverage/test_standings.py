"""The kept coverage standings never drift from a recount (ADR 0017).

A random walk through every kind of change a deputy's coverage depends on
(completions, hours, exemptions, leaving office, moving delegation, the
requirement's courses and hours, a roster import); after each step the kept
standings equal a recount, and the dashboard's figures equal the recount's.
"""

import random
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from courses.models import (
    CoverageStanding,
    Enrolment,
    Exemption,
    HoursEntry,
    ModulePage,
)
from courses.selectors.coverage import cohort_with_coverage, coverage_report
from courses.services.progress import module_open
from courses.services.requirements import exemption_grant
from courses.services.standings import standings_drift
from people.services.roster_import import deputies_import
from tests.courses.test_concurrency import run_in_threads
from tests.factories.pages import CoursePageFactory, ModulePageFactory
from tests.factories.roster import DelegationFactory, DeputyFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def complete(deputy, course):
    for module in ModulePage.objects.child_of(course).filter(is_required=True):
        module_open(deputy=deputy, module=module)


@pytest.fixture
def college(annual, quizless_course):
    second = CoursePageFactory(
        parent=annual, title="预算审查监督", slug="budget", hours="4"
    )
    ModulePageFactory(parent=second, title="预算审查第一讲", body="[]")
    huangpu = DelegationFactory(name="黄浦区")
    xuhui = DelegationFactory(name="徐汇区")
    requirement = RequirementFactory(
        courses=[quizless_course], min_elective_hours=Decimal("2")
    )
    deputies = [DeputyFactory(delegation=huangpu if n % 2 else xuhui) for n in range(6)]
    deputies.append(DeputyFactory(delegation=huangpu, newly_elected=False))
    return {
        "requirement": requirement,
        "courses": [quizless_course, second],
        "delegations": [huangpu, xuhui],
        "deputies": deputies,
    }


def assert_in_line(requirement):
    drift = standings_drift(requirement=requirement)
    assert not drift.any, drift
    recount = cohort_with_coverage(requirement=requirement)
    report = coverage_report(requirement=requirement, with_uncovered=False)
    assert report.cohort_size == recount.count()
    assert report.covered == recount.filter(covered=True).count()


def test_a_deputy_who_completes_the_course_is_covered_at_once(college):
    requirement = college["requirement"]
    deputy = college["deputies"][0]
    standing = CoverageStanding.objects.get(requirement=requirement, deputy=deputy)
    assert (standing.courses_done, standing.covered) == (0, False)
    complete(deputy, college["courses"][0])
    HoursEntry.objects.create(
        deputy=deputy,
        year=2024,
        category="thematic",
        hours=Decimal("2"),
        source=HoursEntry.Source.OTHER,
        earned_on=date(2024, 5, 6),
    )
    standing.refresh_from_db()
    assert (standing.courses_done, standing.covered) == (1, True)
    assert standing.elective_hours == Decimal("2")
    assert standing.covered_month.day == 1
    assert_in_line(requirement)
    HoursEntry.objects.get(source=HoursEntry.Source.OTHER).delete()
    standing.refresh_from_db()
    assert (standing.elective_hours, standing.covered) == (Decimal("0"), False)
    Enrolment.objects.get(deputy=deputy).delete()  # a completion undone in the admin
    standing.refresh_from_db()
    assert (standing.courses_done, standing.courses_mask) == (0, 0)
    assert_in_line(requirement)


def test_a_completion_and_hours_given_to_another_deputy_leave_the_first(college):
    """A trainer corrects, in the admin, a completion and hours recorded for the
    wrong deputy: both deputies' standings follow."""
    requirement = college["requirement"]
    wrong, right = college["deputies"][:2]
    complete(wrong, college["courses"][0])
    entry = HoursEntry.objects.create(
        deputy=wrong,
        year=2024,
        category="thematic",
        hours=Decimal("2"),
        source=HoursEntry.Source.OTHER,
        earned_on=date(2024, 5, 6),
    )
    assert CoverageStanding.objects.get(requirement=requirement, deputy=wrong).covered
    enrolment = Enrolment.objects.get(deputy=wrong)
    enrolment.deputy = right
    enrolment.save()
    entry.deputy = right
    entry.save()
    standings = {
        s.deputy_id: s for s in CoverageStanding.objects.filter(requirement=requirement)
    }
    assert (standings[wrong.pk].courses_done, standings[wrong.pk].covered) == (0, False)
    assert standings[wrong.pk].elective_hours == Decimal("0")
    assert (standings[right.pk].courses_done, standings[right.pk].covered) == (1, True)
    assert_in_line(requirement)


def test_leaving_office_or_an_exemption_takes_the_standing_away(college):
    requirement = college["requirement"]
    gone, excused = college["deputies"][:2]
    gone.is_active, gone.left_on, gone.left_reason = False, date(2024, 1, 1), "调离"
    gone.save()
    exemption_grant(requirement=requirement, deputy=excused, reason="因病")
    kept = set(
        CoverageStanding.objects.filter(requirement=requirement).values_list(
            "deputy_id", flat=True
        )
    )
    assert gone.pk not in kept and excused.pk not in kept
    Exemption.objects.filter(deputy=excused).delete()
    assert CoverageStanding.objects.filter(deputy=excused).exists()
    assert_in_line(requirement)


def test_a_new_course_in_the_requirement_is_counted_after_commit(
    college, django_capture_on_commit_callbacks
):
    requirement = college["requirement"]
    deputy = college["deputies"][0]
    complete(deputy, college["courses"][0])
    with django_capture_on_commit_callbacks(execute=True):
        requirement.courses.add(college["courses"][1])
    standing = CoverageStanding.objects.get(requirement=requirement, deputy=deputy)
    assert (standing.courses_done, standing.covered) == (1, False)
    assert_in_line(requirement)


STEPS = (
    "complete",
    "hours",
    "unhours",
    "exempt",
    "unexempt",
    "leave",
    "return",
    "move",
    "reelect",
    "newcomer",
    "unenrol",
    "course",
    "minimum",
    "import",
    "term",
)


def pick(rng, rows):
    """Delete one of these rows, if there is any: the changes undone."""
    ids = sorted(rows.values_list("pk", flat=True))
    if ids:
        rows.get(pk=rng.choice(ids)).delete()


def step(name, rng, college, capture):
    requirement = college["requirement"]
    deputy = rng.choice(college["deputies"])
    deputy.refresh_from_db()
    if name == "complete":
        complete(deputy, rng.choice(college["courses"]))
    elif name == "hours":
        HoursEntry.objects.create(
            deputy=deputy,
            year=rng.choice([2022, 2024, 2024, 2026]),  # 2022: before the term
            category="thematic",
            required=rng.random() < 0.5,
            hours=Decimal(rng.choice(["1", "2.5"])),
            source=HoursEntry.Source.OTHER,
            earned_on=date(2024, 5, 6),
        )
    elif name == "unhours":
        pick(rng, HoursEntry.objects.all())
    elif name == "exempt":
        if not Exemption.objects.filter(deputy=deputy).exists():
            exemption_grant(requirement=requirement, deputy=deputy, reason="因病")
    elif name == "unexempt":
        pick(rng, Exemption.objects.all())
    elif name == "leave":
        deputy.is_active, deputy.left_on, deputy.left_reason = (
            False,
            date(2024, 1, 1),
            "调离",
        )
        deputy.save()
    elif name == "return":
        deputy.is_active, deputy.left_on, deputy.left_reason = True, None, ""
        deputy.save()
    elif name == "move":
        deputy.delegation = rng.choice(college["delegations"])
        deputy.save()
    elif name == "reelect":
        deputy.newly_elected = not deputy.newly_elected
        deputy.save()
    elif name == "newcomer":
        college["deputies"].append(
            DeputyFactory(delegation=rng.choice(college["delegations"]))
        )
    elif name == "unenrol":
        pick(rng, Enrolment.objects.filter(completed_at__isnull=False))
    elif name == "course":
        with capture(execute=True):
            if requirement.courses.count() == 2:
                requirement.courses.remove(college["courses"][1])
            else:
                requirement.courses.add(college["courses"][1])
    elif name == "minimum":
        with capture(execute=True):
            requirement.min_elective_hours = Decimal(rng.choice(["0", "2", "3.5"]))
            requirement.save()
    elif name == "term":
        # The term's years bound the hours that count (2026 is in or out).
        term = requirement.term
        term.ends_on = date(rng.choice([2025, 2028]), 1, 15)
        with capture(execute=True):
            term.save()
    elif name == "import":
        # The roster moves the deputy to the other delegation, in bulk (no signal
        # per deputy): the worker recounts the term after the import commits.
        other = next(d for d in college["delegations"] if d != deputy.delegation)
        content = (
            "代表证号,姓名,性别,代表团,层级,届次,是否新任\n"
            f"{deputy.deputy_no},{deputy.name},女,{other.name},市级,16,"
            f"{'是' if deputy.newly_elected else '否'}\n"
        ).encode()
        with capture(execute=True):
            result = deputies_import(content=content, filename="roster.csv")
        assert not result.errors, result.errors


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_standings_never_drift_from_a_recount(
    college, seed, django_capture_on_commit_callbacks
):
    rng = random.Random(seed)
    seen = set()
    for _ in range(60):
        name = rng.choice(STEPS)
        seen.add(name)
        step(name, rng, college, django_capture_on_commit_callbacks)
        assert_in_line(college["requirement"])
    assert len(seen) >= 10  # the walk went through most kinds of change


def test_the_command_finds_and_mends_drift(college, capsys):
    requirement = college["requirement"]
    call_command("coverage_standings")
    # A change made outside the application, e.g. SQL typed by hand.
    CoverageStanding.objects.filter(requirement=requirement).update(covered=True)
    with pytest.raises(CommandError):
        call_command("coverage_standings")
    assert "不一致 6 条" in capsys.readouterr().out  # the six cohort members
    call_command("coverage_standings", "--rebuild")
    assert_in_line(requirement)


@pytest.mark.django_db(transaction=True)
def test_courses_completed_at_the_same_moment_are_all_counted(
    annual, quizless_course, monkeypatch
):
    """Each deputy completes two required courses in two simultaneous requests."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (DATABASE_URL=postgres://…)")
    from courses.services import standings

    recount = standings._recount

    def slow_recount(*args, **kwargs):
        # Widen the gap between a recount and its commit, where a recount of the
        # other course, made without waiting, would miss this completion.
        rows = recount(*args, **kwargs)
        time.sleep(0.2)
        return rows

    second = CoursePageFactory(
        parent=annual, title="预算审查监督", slug="budget", hours="4"
    )
    ModulePageFactory(parent=second, title="预算审查第一讲", body="[]")
    requirement = RequirementFactory(courses=[quizless_course, second])
    deputies = DeputyFactory.create_batch(8)
    last_modules = []
    for course in (quizless_course, second):
        required = list(ModulePage.objects.child_of(course).filter(is_required=True))
        for deputy in deputies:
            for module in required[:-1]:
                module_open(deputy=deputy, module=module)
        last_modules.append(required[-1])
    work = [(deputy, module) for deputy in deputies for module in last_modules]
    pairs = iter(work)  # each thread takes the next pair (atomic under the GIL)

    def complete_one():
        deputy, module = next(pairs)
        module_open(deputy=deputy, module=module)

    monkeypatch.setattr(standings, "_recount", slow_recount)
    errors = run_in_threads(len(work), complete_one)
    assert errors == []
    done = CoverageStanding.objects.filter(requirement=requirement)
    assert sorted(done.values_list("courses_done", flat=True)) == [2] * 8
    assert not standings_drift(requirement=requirement).any
