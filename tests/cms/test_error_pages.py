"""The site's error pages: 403, 404, 429 and 500, in Chinese first, in the layout.

The test settings run with DEBUG off, so Django answers with the real handlers.
This module is also the urlconf of the tests that need a view that fails.
"""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.http import HttpResponse
from django.urls import path
from django_ratelimit.decorators import ratelimit

from cms import urls as cms_urls
from cms.models import CollegeSettings

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("a bug in a view")


def _forbidden(request):
    raise PermissionDenied


@ratelimit(key="ip", rate="1/m", block=True)
def _limited(request):
    return HttpResponse("ok")


urlpatterns = [
    path("test-errors/boom/", _boom),
    path("test-errors/forbidden/", _forbidden),
    path("test-errors/limited/", _limited),
    *cms_urls.urlpatterns,
]
handler403 = cms_urls.handler403
handler404 = cms_urls.handler404
handler500 = cms_urls.handler500

failing_views = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def button(html: str, href: str, text: str) -> bool:
    """An <a> to href whose text is text (the link back, the login link)."""
    pattern = rf'<a [^>]*href="{re.escape(href)}"[^>]*>{re.escape(text)}</a>'
    return re.search(pattern, html) is not None


def in_layout(html: str) -> bool:
    return 'class="navbar' in html and '<main id="main"' in html and "<footer" in html


def test_an_unknown_address_shows_the_chinese_404_page_with_the_way_home(client, home):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert '<html lang="zh-hans">' in html and in_layout(html)
    assert "没有找到这个页面" in html and "错误代码：404" in html
    assert button(html, "/", "返回首页")
    assert button(html, "/search/", "搜索学院")


def test_after_choosing_english_the_404_page_is_in_english(client, home):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in html and in_layout(html)
    assert "We could not find this page" in html and "没有找到这个页面" not in html
    assert button(html, "/", "Back to the home page")


def test_the_404_page_links_back_to_the_page_of_this_site_one_came_from(client, home):
    came_from = "http://testserver/courses/?year=2024"
    html = client.get("/no-such-page/", HTTP_REFERER=came_from).content.decode()
    assert button(html, came_from, "返回上一页")
    html = client.get(
        "/no-such-page/", HTTP_REFERER="https://elsewhere.example/"
    ).content.decode()
    assert "返回上一页" not in html and "elsewhere.example" not in html


def test_the_error_pages_name_whom_to_ask_for_help_when_the_college_set_it(
    client, home
):
    CollegeSettings.objects.create(site=home.get_site(), contact="培训处 021-12345678")
    html = client.get("/no-such-page/").content.decode()
    assert "需要帮助？请联系：培训处 021-12345678。" in html


def test_a_staff_member_who_is_no_deputy_is_refused_a_module_with_the_403_page(
    client, editor, module
):
    client.force_login(editor)
    response = client.post(f"/my/modules/{module.pk}/open/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "403.html" in template_names(response) and in_layout(html)
    assert "您无法打开这个页面" in html
    assert "只有名册中的代表才记录学习进度。" in html  # why, from the view
    assert button(html, "/", "返回首页")
    assert "/accounts/login/?next=" not in html.split('<main id="main"')[1]


@failing_views
def test_an_anonymous_visitor_refused_is_offered_a_login_that_comes_back(client):
    response = client.get("/test-errors/forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "这个页面需要登录后才能查看" in html
    assert button(html, "/accounts/login/?next=/test-errors/forbidden/", "登录")


def test_too_many_certificate_checks_answer_the_429_page(client, home, settings):
    settings.CERTIFICATE_VERIFY_RATE = "2/m"
    url = f"/certificates/verify/{'A' * 32}/"
    statuses = [client.get(url).status_code for _ in range(2)]
    response = client.get(url)
    html = response.content.decode()
    assert statuses == [404, 404] and response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "429.html" in template_names(response) and in_layout(html)
    assert "请稍等片刻" in html and "请等待一分钟后再试。" in html
    assert 'name="robots" content="noindex, nofollow"' in html
    assert button(html, "/", "返回首页")


@failing_views
def test_a_blocking_rate_limit_answers_the_same_429_page(client):
    assert client.get("/test-errors/limited/").status_code == 200
    response = client.get("/test-errors/limited/")
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "429.html" in template_names(response)
    assert "请稍等片刻" in response.content.decode()


@failing_views
def test_a_failing_view_shows_the_500_page_in_the_layout(failing_client, home):
    response = failing_client.get("/test-errors/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "500.html" in template_names(response) and in_layout(html)
    assert "抱歉，网站出现了问题" in html and "这不是您的操作造成的" in html
    assert button(html, "/", "返回首页")


@failing_views
def test_a_broken_500_template_falls_back_to_a_plain_page_in_both_languages(
    failing_client, home, settings, tmp_path, caplog
):
    (tmp_path / "500.html").write_text(
        '{% extends "base.html" %}{% block content %}{% url "no-such-view" %}'
        "{% endblock %}"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    response = failing_client.get("/test-errors/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "抱歉，网站出现了问题" in html
    assert "Sorry, something went wrong on our side" in html
    assert button(html, "/", "返回首页") and not in_layout(html)
    assert "The 500 page could not be rendered" in caplog.text


@failing_views
def test_with_the_database_down_a_deputy_still_gets_the_plain_500_page(
    failing_client, home, deputy
):
    failing_client.force_login(deputy.user)
    down = OperationalError("could not connect to server")
    with mock.patch.object(CursorWrapper, "execute", side_effect=down):
        response = failing_client.get("/my/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "抱歉，网站出现了问题" in html and "Back to the home page" in html


def test_wagtail_admin_keeps_its_own_404_and_403_handling(client, editor, home):
    client.force_login(editor)
    response = client.get("/admin/pages/99999999/")
    assert response.status_code == 404
    assert "wagtailadmin/404.html" in template_names(response)
    assert "404.html" not in template_names(response)
    response = client.get("/admin/users/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
