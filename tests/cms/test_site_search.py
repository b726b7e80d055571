"""The one site search: what it finds, for whom, in which order, narrowed and paged."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from courses.models import CourseLecturer
from tests.factories.pages import (
    AnnualPlanPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    StandardPageFactory,
)
from tests.forum.xss import live_problems
from tests.html import search_text

pytestmark = pytest.mark.django_db


HIT = re.compile(
    r'(?s)<li class="mb-3" data-kind="([a-z_]+)">\s*<a class="h5"[^>]*>(.*?)</a>'
)


def hits(response) -> list[tuple[str, str]]:
    """(kind, title as read) of each result, in the order shown."""
    html = response.content.decode()
    return [(kind, search_text(title)) for kind, title in HIT.findall(html)]


def titles(response) -> list[str]:
    return [title for _kind, title in hits(response)]


def test_plans_annual_plans_lecturers_and_standard_pages_are_found(
    client, home, plan, annual, course
):
    CourseLecturer.objects.create(course=course, name="欧阳明德", affiliation="教授")
    StandardPageFactory(parent=home, title="学习平台使用帮助", intro="如何登录")
    assert ("plan", plan.title) in hits(client.get("/search/", {"q": "五年学习"}))
    assert ("annual_plan", "2023年度培训计划") in hits(
        client.get("/search/", {"q": "年度培训计划"})
    )
    found = hits(client.get("/search/", {"q": "欧阳"}))
    assert found == [("lecturer", "欧阳明德")]
    response = client.get("/search/", {"q": "欧阳"})
    assert f'href="{course.url}"' in response.content.decode()
    assert ("page", "学习平台使用帮助") in hits(
        client.get("/search/", {"q": "如何登录"})
    )


def test_latin_letters_match_in_any_case_and_terms_in_title_and_text(client, annual):
    course = CoursePageFactory(
        parent=annual, title="PPT制作入门", summary="讲解Excel图表与数据透视"
    )
    ModulePageFactory(parent=course, title="第一讲", intro="幻灯片模板")
    for query in ("ppt", "PPT制作", "excel", "EXCEL 图表", "制作 数据透视"):
        assert ("course", "PPT制作入门") in hits(
            client.get("/search/", {"q": query})
        ), query
    # Every term must occur: one in the course's title, the other in its text.
    assert titles(client.get("/search/", {"q": "入门 不存在"})) == []
    assert ("module", "第一讲") in hits(client.get("/search/", {"q": "第一讲 模板"}))


def test_standard_page_body_is_searchable(client, home):
    StandardPageFactory(
        parent=home,
        title="联系我们",
        body=[("text", RichText("<p>地址：人民大道200号</p>"))],
    )
    assert titles(client.get("/search/", {"q": "人民大道"})) == ["联系我们"]


def test_unpublished_pages_of_every_kind_are_never_found(client, home, annual):
    StandardPageFactory(parent=home, title="草稿说明页甲", live=False)
    draft_course = CoursePageFactory(parent=annual, title="草稿课程甲", live=False)
    ModulePageFactory(parent=draft_course, title="草稿模块甲", live=False)
    CourseLecturer.objects.create(course=draft_course, name="草稿讲师甲")
    assert titles(client.get("/search/", {"q": "草稿"})) == []


@pytest.mark.parametrize(
    ("restriction", "who", "found"),
    [
        (PageViewRestriction.LOGIN, "anonymous", False),
        (PageViewRestriction.LOGIN, "deputy", True),
        (PageViewRestriction.GROUPS, "anonymous", False),
        (PageViewRestriction.GROUPS, "deputy", False),
        (PageViewRestriction.GROUPS, "member", True),
        (PageViewRestriction.PASSWORD, "deputy", False),
    ],
)
def test_private_course_and_its_modules_are_found_only_by_who_may_see_them(
    client, annual, deputy, restriction, who, found
):
    course = CoursePageFactory(parent=annual, title="内部课程乙", summary="内部")
    ModulePageFactory(parent=course, title="内部模块乙")
    CourseLecturer.objects.create(course=course, name="内部讲师乙")
    group = Group.objects.create(name="内部学员")
    view_restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=restriction, password="pw"
    )
    view_restriction.groups.add(group)
    if who != "anonymous":
        if who == "member":
            deputy.user.groups.add(group)
        client.force_login(deputy.user)
    got = titles(client.get("/search/", {"q": "内部"}))
    expected = ["内部课程乙", "内部模块乙", "内部讲师乙"] if found else []
    assert sorted(got) == sorted(expected)


def test_title_matches_rank_above_body_matches(client, annual):
    CoursePageFactory(parent=annual, title="预算审查基础", summary="讲解代表建议的写法")
    ModulePageFactory(
        parent=CoursePageFactory(parent=annual, title="监督工作"),
        title="模块一",
        intro="如何提出代表建议",
    )
    CoursePageFactory(parent=annual, title="提出代表建议的要领")
    CoursePageFactory(parent=annual, title="代表建议专题")
    found = titles(client.get("/search/", {"q": "代表建议"}))
    # Whole query at the start of the title, then in the title, then in the text.
    assert found[:2] == ["代表建议专题", "提出代表建议的要领"]
    assert sorted(found[2:]) == ["模块一", "预算审查基础"]


def test_the_match_is_highlighted(client, annual):
    CoursePageFactory(parent=annual, title="代表建议专题", summary="写好代表建议")
    html = client.get("/search/", {"q": "建议"}).content.decode()
    assert "代表<mark>建议</mark>专题" in html
    assert "写好代表<mark>建议</mark>" in html


def test_a_hostile_title_and_body_stay_inert_and_readable(client, annual):
    payload = '<img src=x onerror=alert(1)><script>alert("建议")</script>'
    CoursePageFactory(parent=annual, title=f"{payload}建议课", summary=payload)
    response = client.get("/search/", {"q": "建议"})
    html = response.content.decode()
    assert live_problems(html) == []
    assert "&lt;script&gt;alert(&quot;<mark>建议</mark>&quot;)" in html
    assert any("建议课" in title for title in titles(response))


def test_filter_by_kind(client, course):
    assert {kind for kind, _t in hits(client.get("/search/", {"q": "建议"}))} == {
        "course",
        "module",
    }
    found = hits(client.get("/search/", {"q": "建议", "kind": "module"}))
    assert sorted(found) == [
        ("module", "建议办理与督办"),
        ("module", "高质量代表建议的要素"),
    ]


def test_filter_by_year(client, plan, annual, course):
    later = AnnualPlanPageFactory(parent=plan, year=2024)
    CoursePageFactory(parent=later, title="2024代表建议新课")
    every_year = titles(client.get("/search/", {"q": "建议"}))
    assert "2024代表建议新课" in every_year and "代表建议专题研讨班" in every_year
    only_2024 = titles(client.get("/search/", {"q": "建议", "year": "2024"}))
    assert only_2024 == ["2024代表建议新课"]
    only_2023 = titles(client.get("/search/", {"q": "建议", "year": "2023"}))
    assert "2024代表建议新课" not in only_2023 and "代表建议专题研讨班" in only_2023


def test_an_unknown_year_or_kind_is_explained_and_the_query_kept(client, course):
    response = client.get("/search/", {"q": "建议", "year": "1900", "kind": "x"})
    assert response.status_code == 200
    text = search_text(response.content.decode())
    assert titles(response) == []
    assert "1900" in text and 'value="建议"' in response.content.decode()
    assert "无法" in text or "could not" in text


def test_results_are_paged_and_pages_keep_the_filters(client, annual):
    for n in range(25):
        CoursePageFactory(parent=annual, title=f"分页课程{n:02d}")
    first = client.get("/search/", {"q": "分页", "kind": "course"})
    assert len(titles(first)) == 20
    assert "25" in search_text(first.content.decode())
    assert "q=%E5%88%86%E9%A1%B5&amp;kind=course&amp;page=2" in first.content.decode()
    second = client.get("/search/", {"q": "分页", "kind": "course", "page": "2"})
    assert len(titles(second)) == 5
    assert set(titles(first)).isdisjoint(titles(second))
    # A page past the end shows the last one; a page that is not a number, the first.
    past = client.get("/search/", {"q": "分页", "kind": "course", "page": "99"})
    assert titles(past) == titles(second)
    wrong = client.get("/search/", {"q": "分页", "kind": "course", "page": "x"})
    assert titles(wrong) == titles(first)


def test_empty_states_say_what_to_do(client, course):
    blank = search_text(client.get("/search/").content.decode())
    assert "年度培训计划" in blank  # the example of what to type
    none = client.get("/search/", {"q": "不存在的词", "kind": "course"})
    text = search_text(none.content.decode())
    assert titles(none) == []
    assert "不存在的词" in text
    assert 'href="/search/?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%AF%8D"' in (
        none.content.decode()
    )


def _grow(annual, start: int, count: int) -> None:
    for n in range(start, start + count):
        course = CoursePageFactory(parent=annual, title=f"规模课程{n}")
        ModulePageFactory(parent=course, title=f"规模模块{n}")
        CourseLecturer.objects.create(course=course, name=f"规模讲师{n}")


def test_query_count_does_not_grow_with_the_results(
    client, deputy, home, annual, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    StandardPageFactory(parent=home, title="规模说明")
    client.force_login(deputy.user)
    _grow(annual, 0, 2)
    with CaptureQueriesContext(connection) as few:
        small = client.get("/search/", {"q": "规模"})
    assert len(titles(small)) == 7
    _grow(annual, 2, 12)
    with django_assert_max_num_queries(len(few)):
        large = client.get("/search/", {"q": "规模"})
    assert len(titles(large)) == 20
