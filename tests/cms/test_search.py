import json
import uuid

from tests.factories.pages import CoursePageFactory, ModulePageFactory
from tests.html import search_text


def titles(response) -> str:
    return search_text(response.content.decode())


def test_two_characters_of_a_chinese_title_find_the_course(client, course):
    response = client.get("/search/", {"q": "建议"})
    assert response.status_code == 200
    assert "代表建议专题研讨班" in titles(response)


def test_search_reaches_module_content_not_only_titles(client, course):
    ModulePageFactory(
        parent=course,
        title="第三单元",
        body=json.dumps(
            [
                {
                    "type": "text",
                    "value": "<p>推进长三角一体化发展</p>",
                    "id": str(uuid.uuid4()),
                }
            ]
        ),
    )
    response = client.get("/search/", {"q": "长三角"})
    assert "第三单元" in titles(response)


def test_search_does_not_return_unrelated_courses(client, annual, course):
    CoursePageFactory(parent=annual, title="预算审查监督基础", summary="预算知识")
    found = titles(client.get("/search/", {"q": "建议"}))
    assert "代表建议专题研讨班" in found and "预算审查监督基础" not in found
    assert "预算审查监督基础" in titles(client.get("/search/", {"q": "预算"}))


def test_unpublished_courses_are_not_found(client, annual, course):
    CoursePageFactory(parent=annual, title="代表建议草稿课程", live=False)
    found = titles(client.get("/search/", {"q": "建议"}))
    assert "代表建议专题研讨班" in found and "代表建议草稿课程" not in found


def test_empty_query_answers_without_results(client, course):
    assert "代表建议专题研讨班" in titles(client.get("/search/", {"q": "建议"}))
    response = client.get("/search/", {"q": "  "})
    assert response.status_code == 200
    assert "代表建议专题研讨班" not in titles(response)
