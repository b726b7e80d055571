import re

from tests.factories.pages import CoursePageFactory, ModulePageFactory, quiz_body


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


def test_course_page_query_count_does_not_grow_with_modules(
    client, user, course, django_assert_max_num_queries
):
    client.force_login(user)
    for n in range(10):
        ModulePageFactory(parent=course, title=f"模块{n}")
    with django_assert_max_num_queries(20):
        assert client.get(course.url).status_code == 200


def test_annual_plan_groups_courses_by_category_with_hours(client, annual, course):
    CoursePageFactory(
        parent=annual, title="全过程人民民主专题学习", category="thematic", hours="6"
    )
    html = client.get(annual.url).content.decode()
    assert "初任学习" in html and "专题学习" in html
    assert "10.0" in html  # 4 + 6 credit hours planned this year


def test_five_year_plan_shows_hours_per_year_and_category(client, plan, annual, course):
    from tests.factories.pages import AnnualPlanPageFactory

    later = AnnualPlanPageFactory(parent=plan, year=2024)
    CoursePageFactory(
        parent=later, title="代表法解读", category="performance", hours="7.5"
    )
    html = client.get(plan.url).content.decode()
    assert "2023" in html and "2024" in html
    assert "7.5" in html
