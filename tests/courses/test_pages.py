import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.pages import CoursePageFactory, ModulePageFactory, quiz_body
from tests.html import table_rows, visible_text


def quiz_html(client, module) -> str:
    html = client.get(module.url).content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html[
        html.index('class="quiz') : html.index("</section>", html.index('class="quiz'))
    ]


def test_quiz_answers_are_not_in_the_page(client, user, course):
    client.force_login(user)
    first = ModulePageFactory(parent=course, slug="answer-a", body=quiz_body(correct=0))
    second = ModulePageFactory(
        parent=course, slug="answer-b", body=quiz_body(correct=2)
    )
    html_first = quiz_html(client, first)
    assert "根本政治制度" in html_first
    # The same question with another correct answer renders the same markup,
    # apart from block ids and the slug: nothing in the HTML tells the answer.
    strip_ids = lambda html: re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "ID", html)  # noqa: E731
    assert strip_ids(html_first) == strip_ids(quiz_html(client, second))
    assert "correct" not in html_first.lower()


def test_anonymous_visitor_sees_module_summary_but_not_content(client, module):
    html = client.get(module.url).content.decode()
    assert module.intro in html
    assert "人民代表大会制度是我国的根本政治制度" not in html


def test_course_page_lists_its_modules_in_order(client, course):
    html = client.get(course.url).content.decode()
    assert html.index("高质量代表建议的要素") < html.index("建议办理与督办")


def _course_page_queries(client, course) -> tuple[int, str]:
    client.get(course.url)  # caches (site root, content types) warm
    with CaptureQueriesContext(connection) as queries:
        html = client.get(course.url).content.decode()
    return len(queries), visible_text(html)


def test_course_page_query_count_does_not_grow_with_modules(client, deputy, course):
    from courses.services.progress import module_open

    client.force_login(deputy.user)
    module_open(deputy=deputy, module=course.get_children().first().specific)
    few, text = _course_page_queries(client, course)
    assert "建议办理与督办" in text
    for n in range(10):
        ModulePageFactory(parent=course, title=f"模块{n}")
    many, text = _course_page_queries(client, course)
    assert all(f"模块{n}" in text for n in range(10)), "every module is listed"
    # 15: the session and account, the page by its address (three queries at any
    # depth), Wagtail's view restrictions, the modules, lecturers and annual plan,
    # the deputy's enrolment and progress, and the header (site, permissions in one
    # query, unread notices).
    assert many == few <= 15


def test_annual_plan_groups_courses_by_category_with_hours(client, annual, course):
    CoursePageFactory(
        parent=annual, title="全过程人民民主专题学习", category="thematic", hours="6"
    )
    text = visible_text(client.get(annual.url).content.decode())
    assert "本年度计划 10 学时" in text  # 4 + 6 credit hours planned this year
    initial, thematic = text.index("初任学习 4 学时"), text.index("专题学习 6 学时")
    assert initial < text.index("代表建议专题研讨班") < thematic
    assert thematic < text.index("全过程人民民主专题学习")


def test_five_year_plan_shows_hours_per_year_and_category(client, plan, annual, course):
    from tests.factories.pages import AnnualPlanPageFactory

    later = AnnualPlanPageFactory(parent=plan, year=2024)
    CoursePageFactory(
        parent=later, title="代表法解读", category="performance", hours="7.5"
    )
    header, *rows = table_rows(client.get(plan.url).content.decode())
    assert header == ["年度", "课程数", "初任学习", "履职学习", "专题学习", "合计学时"]
    # Figures compared as numbers: SQLite prints a sum as "4", PostgreSQL as "4.0".
    assert [[Decimal(cell) for cell in row] for row in rows] == [
        [2023, 1, 4, 0, 0, 4],
        [2024, 1, 0, Decimal("7.5"), 0, Decimal("7.5")],
    ]
