import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Enrolment, ModulePage
from courses.selectors.coverage import coverage_report
from courses.selectors.requirements import requirement_cohort, requirement_deadline_for
from courses.services.progress import module_open
from courses.services.requirements import enrolments_sync, exemption_grant
from people.services.roster_import import deputies_import
from tests.factories.roster import DelegationFactory, DeputyFactory, RequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def requirement(quizless_course):
    return RequirementFactory(courses=[quizless_course])


def complete(deputy, course):
    for module in ModulePage.objects.child_of(course).filter(is_required=True):
        module_open(deputy=deputy, module=module)


def test_cohort_is_newly_elected_deputies_in_office(requirement):
    newly = DeputyFactory()
    DeputyFactory(newly_elected=False)
    DeputyFactory(is_active=False, left_on=date(2024, 1, 1), left_reason="调离")
    assert list(requirement_cohort(requirement=requirement)) == [newly]


def test_cohort_can_be_limited_to_some_delegations(requirement):
    huangpu, pla = (
        DelegationFactory(name="黄浦区"),
        DelegationFactory(name="解放军代表团"),
    )
    inside = DeputyFactory(delegation=pla)
    DeputyFactory(delegation=huangpu)
    requirement.delegations.set([pla])
    assert list(requirement_cohort(requirement=requirement)) == [inside]


def test_exempted_deputy_leaves_the_cohort_visibly(requirement):
    excused, other = DeputyFactory(), DeputyFactory()
    exemption_grant(requirement=requirement, deputy=excused, reason="因病长期休养")
    assert list(requirement_cohort(requirement=requirement)) == [other]
    assert excused.exemptions.get().reason == "因病长期休养"


def test_by_election_deadline_counts_from_the_election_date(requirement):
    early = DeputyFactory(elected_on=date(2023, 1, 10))
    late = DeputyFactory(elected_on=date(2024, 5, 1))
    assert requirement_deadline_for(requirement=requirement, deputy=early) == date(
        2024, 6, 30
    )
    assert requirement_deadline_for(requirement=requirement, deputy=late) == date(
        2024, 10, 28
    )


def test_enrolment_follows_a_requirement_edit(
    annual, quizless_course, django_capture_on_commit_callbacks
):
    deputy = DeputyFactory()
    requirement = RequirementFactory()
    with django_capture_on_commit_callbacks(execute=True):
        requirement.courses.add(quizless_course)
    assert Enrolment.objects.filter(
        deputy=deputy, course=quizless_course, source="requirement"
    ).exists()


def test_enrolment_follows_the_roster_import(
    requirement, django_capture_on_commit_callbacks
):
    DelegationFactory(name="黄浦区")
    content = "代表证号,姓名,代表团,届次,是否新任\n16-7777,周新,黄浦区,16,是\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        deputies_import(content=content, filename="r.csv")
    assert (
        Enrolment.objects.filter(
            deputy__deputy_no="16-7777", course__in=requirement.courses.all()
        ).count()
        == 1
    )


def test_sync_twice_adds_nothing(requirement):
    DeputyFactory.create_batch(3)
    assert enrolments_sync(requirement=requirement) == 3
    assert enrolments_sync(requirement=requirement) == 0


def test_coverage_overall_and_per_delegation(requirement, quizless_course):
    huangpu, pla = (
        DelegationFactory(name="黄浦区"),
        DelegationFactory(name="解放军代表团"),
    )
    done = DeputyFactory(delegation=huangpu)
    DeputyFactory(delegation=huangpu)
    DeputyFactory(delegation=pla)
    excused = DeputyFactory(delegation=pla)
    exemption_grant(requirement=requirement, deputy=excused, reason="出国")
    complete(done, quizless_course)
    report = coverage_report(requirement=requirement)
    assert (report.cohort_size, report.covered) == (3, 1)
    assert {(d.delegation, d.cohort_size, d.covered) for d in report.by_delegation} == {
        ("黄浦区", 2, 1),
        ("解放军代表团", 1, 0),
    }
    assert [u.missing for u in report.uncovered] == [
        [quizless_course.title],
        [quizless_course.title],
    ]


def test_minimum_hours_count_towards_coverage(requirement, quizless_course):
    requirement.min_elective_hours = 4
    requirement.save()
    requirement.refresh_from_db()
    deputy = DeputyFactory()
    complete(deputy, quizless_course)
    report = coverage_report(requirement=requirement)
    assert report.covered == 0
    assert report.uncovered[0].missing == ["选修学时差 4"]  # whole hours, no ".0"


def test_coverage_query_count_does_not_grow_with_deputies(requirement, quizless_course):
    def add_delegation(name):
        delegation = DelegationFactory(name=name)
        DeputyFactory.create_batch(10, delegation=delegation)
        complete(DeputyFactory(delegation=delegation), quizless_course)

    def report_and_queries():
        with CaptureQueriesContext(connection) as queries:
            report = coverage_report(requirement=requirement)
        return report, len(queries)

    add_delegation("黄浦区")
    report, few = report_and_queries()
    assert (report.cohort_size, report.covered, len(report.by_delegation)) == (11, 1, 1)
    add_delegation("徐汇区")
    add_delegation("浦东新区")
    report, many = report_and_queries()
    assert (report.cohort_size, report.covered, len(report.by_delegation)) == (33, 3, 3)
    assert len(report.uncovered) == 30
    assert many == few <= 6


def test_coverage_report_command_defaults_to_initial_learning(
    requirement, quizless_course, capsys
):
    complete(DeputyFactory(deputy_no="16-0001"), quizless_course)
    DeputyFactory(deputy_no="16-0002", name="王芳")
    call_command("coverage_report")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "requirement",
        "deadline",
        "generated_at",
        "cohort_size",
        "covered",
        "coverage",
        "by_delegation",
        "uncovered",
    }
    assert (data["cohort_size"], data["covered"], data["coverage"]) == (2, 1, 0.5)
    assert data["uncovered"][0]["deputy_no"] == "16-0002"
    assert data["uncovered"][0]["name"] == "王芳"


def test_coverage_report_xlsx_and_csv(requirement, quizless_course, tmp_path):
    from openpyxl import load_workbook

    huangpu, xuhui = DelegationFactory(name="黄浦区"), DelegationFactory(name="徐汇区")
    complete(DeputyFactory(delegation=huangpu), quizless_course)
    DeputyFactory(delegation=xuhui, deputy_no="16-0002", name="王芳")
    call_command(
        "coverage_report", "--format", "xlsx", "--output", str(tmp_path / "c.xlsx")
    )
    workbook = load_workbook(tmp_path / "c.xlsx")
    assert workbook.sheetnames == ["汇总", "各代表团", "未完成代表"]
    sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook}
    assert ("应学人数", 2) in sheets["汇总"]
    assert ("已完成人数", 1) in sheets["汇总"]
    assert ("范围", "全市") in sheets["汇总"]
    assert sheets["各代表团"][0] == ("代表团", "应学人数", "已完成人数", "覆盖率")
    assert sheets["各代表团"][1:] == [("黄浦区", 1, 1, 1), ("徐汇区", 1, 0, 0)]
    assert sheets["未完成代表"][1:] == [
        ("16-0002", "王芳", "徐汇区", quizless_course.title)
    ]
    call_command(
        "coverage_report", "--format", "csv", "--output", str(tmp_path / "c.csv")
    )
    content = (tmp_path / "c.csv").read_bytes()
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines() == [
        "代表团,应学人数,已完成人数,覆盖率",
        "黄浦区,1,1,1.0",
        "徐汇区,1,0,0.0",
    ]
    call_command(
        "coverage_report",
        "--format",
        "csv",
        "--view",
        "uncovered",
        "--output",
        str(tmp_path / "u.csv"),
    )
    assert (tmp_path / "u.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "代表证号,姓名,代表团,尚缺",
        f"16-0002,王芳,徐汇区,{quizless_course.title}",
    ]


def test_cohort_and_requirements_for_deputy_are_one_rule(db):
    """Over a grid of deputies and requirements, both directions agree."""
    from itertools import product

    from courses.selectors.requirements import requirements_for_deputy
    from tests.factories.roster import TermFactory

    term16 = TermFactory()
    term17 = TermFactory(
        number=17,
        name="第十七届",
        starts_on=date(2028, 1, 16),
        ends_on=date(2033, 1, 15),
    )
    inside, outside = (
        DelegationFactory(name="黄浦区"),
        DelegationFactory(name="徐汇区"),
    )
    requirements = [
        RequirementFactory(term=term16, newly_elected_only=True),
        RequirementFactory(
            term=term16, newly_elected_only=False, is_initial_learning=False
        ),
        RequirementFactory(
            term=term16, newly_elected_only=True, is_initial_learning=False
        ),
        RequirementFactory(
            term=term16, newly_elected_only=False, is_initial_learning=False
        ),
        RequirementFactory(term=term17, newly_elected_only=False),
    ]
    requirements[2].delegations.set([inside])
    requirements[3].delegations.set([inside, DelegationFactory(name="浦东新区")])
    # An exemption is from a requirement of the deputy's own term.
    exempted_from = {term16.pk: requirements[1], term17.pk: requirements[4]}

    def expected(requirement, deputy, exempted):
        return (
            deputy.is_active
            and deputy.term_id == requirement.term_id
            and (deputy.newly_elected or not requirement.newly_elected_only)
            and (
                not requirement.delegations.exists()
                or requirement.delegations.filter(pk=deputy.delegation_id).exists()
            )
            and not (exempted and requirement == exempted_from[deputy.term_id])
        )

    grid = []
    for newly, delegation, in_office, term, exempted in product(
        [True, False], [inside, outside], [True, False], [term16, term17], [False, True]
    ):
        deputy = DeputyFactory(
            newly_elected=newly,
            delegation=delegation,
            is_active=in_office,
            left_on=None if in_office else date(2024, 3, 1),
            term=term,
        )
        if exempted:
            exemption_grant(
                requirement=exempted_from[term.pk], deputy=deputy, reason="出国"
            )
        grid.append((deputy, exempted))

    cohorts = {
        r.pk: set(requirement_cohort(requirement=r).values_list("pk", flat=True))
        for r in requirements
    }
    for deputy, exempted in grid:
        for_deputy = {r.pk for r in requirements_for_deputy(deputy=deputy)}
        for requirement in requirements:
            in_cohort = deputy.pk in cohorts[requirement.pk]
            assert in_cohort == (requirement.pk in for_deputy), (requirement, deputy)
            assert in_cohort == expected(requirement, deputy, exempted), (
                requirement,
                deputy,
            )
    # The grid holds both answers for every requirement.
    assert all(0 < len(c) < len(grid) for c in cohorts.values())


def test_requirements_for_deputy_takes_two_queries_however_many_there_are(
    quizless_course, django_assert_num_queries
):
    from courses.selectors.requirements import requirements_for_deputy

    deputy = DeputyFactory()
    for n in range(3):
        RequirementFactory(
            courses=[quizless_course], is_initial_learning=n == 0
        ).delegations.set([deputy.delegation])
        with django_assert_num_queries(2):  # the requirements, their courses
            assert len(requirements_for_deputy(deputy=deputy)) == n + 1
