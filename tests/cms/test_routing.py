"""The portal finds a page by its address in two queries, with Wagtail's answers."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.pages import CoursePageFactory, ModulePageFactory
from tests.html import visible_text


def test_every_level_of_the_plan_is_served_at_its_address(
    client, plan, annual, course, module
):
    for page in (plan, annual, course, module):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in visible_text(response.content.decode())
    assert client.get(course.url + "no-such-module/").status_code == 404
    assert client.get("/no-such-plan" + module.url).status_code == 404


def test_a_draft_is_not_served_but_a_live_page_under_a_draft_parent_is(client, annual):
    draft = CoursePageFactory(parent=annual, title="草稿课程", slug="draft-course")
    module = ModulePageFactory(parent=draft, title="草稿课程下的模块")
    draft.unpublish()
    assert client.get(draft.url_path.removeprefix("/home")).status_code == 404
    # As Wagtail routes: only the page asked for must be live.
    response = client.get(module.url)
    assert response.status_code == 200 and "草稿课程下的模块" in visible_text(
        response.content.decode()
    )


def test_a_renamed_course_is_served_at_its_new_address_only(client, course, module):
    old_url = module.url
    course.slug = "renamed-course"
    course.save_revision().publish()
    module.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert module.url != old_url and client.get(module.url).status_code == 200


def test_the_route_costs_the_same_queries_at_any_depth(rf, plan, module):
    from wagtail.models import Page, Site

    def queries(url: str) -> int:
        request = rf.get(url)
        Site.find_for_request(request)  # the site: asked once per request anyway
        with CaptureQueriesContext(connection) as captured:
            page = Page.find_for_request(request, url)
        assert page is not None and page.url == url
        return len(captured)

    # The portal's own fields, the page by its address, then the page's own fields:
    # three, whether the page is one level below the portal or four.
    assert queries(plan.url) == queries(module.url) == 3
