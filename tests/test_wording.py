"""What deputies and staff read: the college's one name, whole hours, quiz results."""

import pytest
from wagtail.models import Site

from cms.models import CollegeSettings
from infrastructure.branding import DEFAULT_SITE_NAME
from people.services.accounts import deputy_invite
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed_college(home):
    """The college's name changed in its settings (设置 › 学院设置)."""
    settings = CollegeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.site_name = "浦江人大学院"
    settings.save()
    yield settings.site_name
    # The rolled-back name must not outlive the test in this process.
    settings.site_name = DEFAULT_SITE_NAME
    settings.save()


def test_pages_carry_the_college_name_set_in_the_site_settings(
    client, deputy, course, renamed_college
):
    client.force_login(deputy.user)
    html = client.get(course.url).content.decode()
    assert f"<title>{course.title} · 浦江人大学院</title>" in html
    assert "上海人大网络学院" not in html


def test_the_default_name_is_shanghai_peoples_congress_online_college(client, home):
    html = client.get("/").content.decode()
    assert "<title>上海人大网络学院</title>" in html
    assert "代表网络学院" not in html


def test_the_admin_and_its_login_page_carry_the_college_name_not_wagtail(
    client, editor, renamed_college
):
    login = client.get("/admin/login/").content.decode()
    assert "<title>登录 - 浦江人大学院</title>" in login
    assert "登录浦江人大学院" in visible_text(login)
    assert "Wagtail" not in visible_text(login)
    assert "Password" not in visible_text(login) and "密码" in visible_text(login)
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "<title>控制面板 - 浦江人大学院</title>" in dashboard


def test_the_invitation_mail_names_the_college(
    deputy, mailoutbox, django_capture_on_commit_callbacks, renamed_college
):
    deputy.email = "li.hua@example.cn"
    deputy.save()
    with django_capture_on_commit_callbacks(execute=True):
        deputy_invite(deputy=deputy)
    [mail] = mailoutbox
    assert mail.subject == "您的浦江人大学院账号"
    assert "您在浦江人大学院的账号已开通" in mail.body


def test_a_passed_quiz_reads_as_a_score_out_of_a_hundred(client, deputy, module):
    client.force_login(deputy.user)
    response = client.post(
        f"/my/modules/{module.pk}/quiz/",
        {"block_id": module.quizzes[0].id, "q0": "0"},
        follow=True,
    )
    text = visible_text(response.content.decode())
    assert "得分100分，已通过" in text
    assert "以 100% 通过" not in text


def test_the_five_year_plan_names_its_years_as_official_documents_do(client, plan):
    text = visible_text(client.get(plan.url).content.decode())
    assert f"{plan.start_year}—{plan.end_year}年" in text
    assert "–" not in text
