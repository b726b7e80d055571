import pytest

from tests.factories.pages import AnnualPlanPageFactory, CoursePageFactory


@pytest.fixture
def catalogue(plan, annual):
    later = AnnualPlanPageFactory(parent=plan, year=2024)
    CoursePageFactory(
        parent=annual,
        title="初任履职学习",
        category="initial",
        mode="online",
        is_required=True,
    )
    CoursePageFactory(
        parent=annual,
        title="代表建议专题研讨班",
        category="thematic",
        mode="offline",
        is_required=True,
    )
    CoursePageFactory(
        parent=later,
        title="长三角地区代表工作交流",
        category="thematic",
        mode="blended",
        is_required=False,
    )
    CoursePageFactory(
        parent=later,
        title="法律专家库法规宣讲",
        category="performance",
        mode="offline",
        is_required=False,
    )


def listed(client, **params) -> set[str]:
    html = client.get("/courses/", params).content.decode()
    names = {
        "初任履职学习",
        "代表建议专题研讨班",
        "长三角地区代表工作交流",
        "法律专家库法规宣讲",
    }
    return {name for name in names if name in html}


def test_catalogue_without_filters_lists_every_course(client, catalogue):
    assert len(listed(client)) == 4


def test_catalogue_filters_by_year(client, catalogue):
    assert listed(client, year=2024) == {"长三角地区代表工作交流", "法律专家库法规宣讲"}


def test_catalogue_filters_by_category_and_mode(client, catalogue):
    assert listed(client, category="thematic", mode="offline") == {"代表建议专题研讨班"}


def test_catalogue_filters_electives(client, catalogue):
    assert listed(client, required="elective") == {
        "长三角地区代表工作交流",
        "法律专家库法规宣讲",
    }


def test_catalogue_ignores_a_bad_filter_value_and_says_so(client, catalogue):
    response = client.get("/courses/", {"category": "<script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    assert "is-invalid" in html  # the field is marked and its error shown
    assert len(listed(client, category="<script>")) == 4
