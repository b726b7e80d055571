from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage, StandardPage
from courses.models import (
    AnnualPlanPage,
    CoursePage,
    ExamPage,
    ModulePage,
    TrainingPlanPage,
)
from forum.models import ForumEditionIndexPage
from tests.factories.pages import (
    AnnualPlanPageFactory,
    CoursePageFactory,
    StandardPageFactory,
)
from tests.html import table_rows, visible_text


class PageTreeRulesTests(WagtailPageTestCase):
    def test_portal_holds_plans_standard_pages_and_the_forum_editions(self):
        self.assertAllowedSubpageTypes(
            HomePage, {TrainingPlanPage, StandardPage, ForumEditionIndexPage}
        )

    def test_plan_tree_goes_plan_year_course_module_or_exam(self):
        self.assertAllowedSubpageTypes(TrainingPlanPage, {AnnualPlanPage})
        self.assertAllowedSubpageTypes(AnnualPlanPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage, ExamPage})
        self.assertAllowedSubpageTypes(ModulePage, set())
        self.assertAllowedSubpageTypes(ExamPage, set())

    def test_each_page_type_has_one_kind_of_parent(self):
        self.assertAllowedParentPageTypes(TrainingPlanPage, {HomePage})
        self.assertAllowedParentPageTypes(AnnualPlanPage, {TrainingPlanPage})
        self.assertAllowedParentPageTypes(CoursePage, {AnnualPlanPage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedParentPageTypes(ExamPage, {CoursePage})
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_a_course_cannot_be_put_straight_under_the_portal(self):
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(TrainingPlanPage, ModulePage)
        self.assertCanCreateAt(AnnualPlanPage, CoursePage)


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_every_page_type_renders(
    client, user, home, plan, annual, course, module, logged_in
):
    if logged_in:
        client.force_login(user)
    standard = StandardPageFactory(parent=home, title="学习帮助")
    for page in [home, plan, annual, course, module, standard]:
        response = client.get(page.url)
        assert response.status_code == 200, page
        assert page.title in response.content.decode()


def test_portal_shows_the_current_plan_with_its_years(client, plan, annual, course):
    AnnualPlanPageFactory(parent=plan, year=2024)
    html = client.get("/").content.decode()
    assert plan.title in visible_text(html)
    # Each year with its number of courses and planned credit hours (SQLite prints
    # a sum of hours as "4", PostgreSQL as "4.0": compared as numbers).
    rows = [[year, *map(Decimal, figures)] for year, *figures in table_rows(html)[1:]]
    assert rows == [["2023年度培训计划", 1, 4], ["2024年度培训计划", 0, 0]]


def _portal_queries(client) -> tuple[int, str]:
    client.get("/")  # caches (site root, content types) warm
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    return len(queries), visible_text(html)


def test_portal_query_count_does_not_grow_with_courses(client, annual, course):
    soon = timezone.localdate() + timedelta(days=30)

    def add_courses(numbers):
        for n in numbers:
            CoursePageFactory(
                parent=annual,
                is_featured=True,
                start_date=soon,
                end_date=soon,
                title=f"专题课程{n}",
            )

    add_courses(range(1))
    few, text = _portal_queries(client)
    assert "专题课程0" in text
    add_courses(range(1, 6))
    many, text = _portal_queries(client)
    assert all(f"专题课程{n}" in text for n in range(6)), "six featured courses shown"
    assert many == few <= 15


def test_search_result_page_in_english_when_chosen(client, course):
    client.cookies.load({"django_language": "en"})
    text = visible_text(client.get("/search/?q=建议").content.decode())
    assert "3 results for “建议”" in text and "Module" in text
    assert "条结果" not in text


def test_portal_shows_a_logged_in_deputy_the_next_module(
    client, deputy, quizless_course
):
    from courses.models import ModulePage
    from courses.services.progress import module_open

    first, second = ModulePage.objects.child_of(quizless_course).order_by("path")[:2]
    module_open(deputy=deputy, module=first)
    client.force_login(deputy.user)
    html = client.get("/").content.decode()
    assert f'href="{second.url}"' in html and second.title in html
