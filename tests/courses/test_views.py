import io
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from courses.models import HoursEntry, ModulePage, ModuleProgress
from courses.services.progress import module_open
from people.services.accounts import deputy_account_activate, deputy_invite
from tests.accounts import log_in
from tests.factories.roster import DeputyFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_my_pages_need_a_login(client):
    for url in ["/my/", "/my/record/", "/my/record/issue/"]:
        response = client.get(url)
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )


def test_my_page_shows_required_courses_progress_and_hours(
    client, deputy, quizless_course, django_assert_max_num_queries
):
    from tests.factories.roster import RequirementFactory

    RequirementFactory(courses=[quizless_course])
    first = ModulePage.objects.child_of(quizless_course).first()
    module_open(deputy=deputy, module=first)
    today = timezone.localdate()
    for year, hours in [(today.year, "3.5"), (today.year - 1, "8")]:
        HoursEntry.objects.create(
            deputy=deputy,
            year=year,
            category="performance",
            hours=Decimal(hours),
            source="other",
            earned_on=today.replace(year=year, day=1),
        )
    client.force_login(deputy.user)
    with django_assert_max_num_queries(20):
        html = client.get("/my/").content.decode()
    text = visible_text(html)
    assert f"必修课程 {quizless_course.title} 50% 已完成 1 / 2 个模块" in text
    assert 'aria-valuenow="50"' in html
    # Continue with the next module, not the one just completed.
    second = ModulePage.objects.child_of(quizless_course).order_by("path")[1]
    assert f"从上次中断处继续 {quizless_course.title} · {second.title}" in text
    assert "已获 3.5 学时，目标 50 学时" in text  # this year's hours only


def test_a_deputy_cannot_read_another_deputys_record(client, deputy, other_deputy):
    client.force_login(other_deputy.user)
    # Outside what one may see, a record does not exist.
    assert client.get(f"/records/{deputy.pk}/").status_code == 404
    assert client.post(f"/records/{deputy.pk}/issue/").status_code == 404
    assert client.get(f"/records/{other_deputy.pk}/").status_code == 200


def test_a_training_administrator_can_open_any_record(
    client, deputy, django_user_model
):
    from django.contrib.auth.models import Group

    trainer = django_user_model.objects.create_user(
        "trainer", password="pw-trainer-123"
    )
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    client.force_login(trainer)
    response = client.get(f"/records/{deputy.pk}/")
    assert response.status_code == 200
    assert "张明" in visible_text(response.content.decode())


def test_quiz_posts_record_only_the_posting_deputy(
    client, deputy, other_deputy, module
):
    client.force_login(other_deputy.user)
    response = client.post(
        f"/my/modules/{module.pk}/quiz/", {"block_id": module.quizzes[0].id, "q0": "0"}
    )
    assert response.status_code == 302
    assert (
        ModuleProgress.objects.filter(
            deputy=other_deputy, completed_at__isnull=False
        ).count()
        == 1
    )
    assert not ModuleProgress.objects.filter(deputy=deputy).exists()


def test_progress_changes_only_by_post(client, deputy, module):
    client.force_login(deputy.user)
    assert client.get(f"/my/modules/{module.pk}/quiz/").status_code == 405
    assert client.get(f"/my/modules/{module.pk}/open/").status_code == 405
    assert not ModuleProgress.objects.exists()


def test_module_content_and_quiz_state_after_a_failed_attempt(client, deputy, module):
    client.force_login(deputy.user)
    client.post(
        f"/my/modules/{module.pk}/quiz/", {"block_id": module.quizzes[0].id, "q0": "1"}
    )
    html = client.get(module.url).content.decode()
    text = visible_text(html)
    assert "人民代表大会制度是我国的根本政治制度" in text
    # One attempt left, the last score shown, and the form still there to resit.
    assert "剩余作答次数：1 · 上次得分0分" in text
    assert 'name="q0"' in html and "提交答案" in text


def test_record_pdf_has_the_chinese_name_in_a_cjk_font(client, deputy, quizless_course):
    deputy.name = "李𠈌华"
    deputy.save()
    for module in ModulePage.objects.child_of(quizless_course).filter(is_required=True):
        module_open(deputy=deputy, module=module)
    client.force_login(deputy.user)
    response = client.post("/my/record/issue/", follow=True)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "李𠈌华" in text
    assert quizless_course.title in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in font for font in fonts), fonts


def test_deputies_log_in_with_number_phone_or_email(client, deputy):
    for identifier in [deputy.deputy_no, deputy.phone, deputy.email]:
        assert log_in(client, identifier, "pw-secret-123"), identifier
        client.logout()
    assert not log_in(client, deputy.phone, "wrong")


def test_activated_deputy_must_change_the_initial_password(client):
    deputy = DeputyFactory()
    password = deputy_account_activate(deputy=deputy)
    response = client.post(
        "/accounts/login/", {"username": deputy.deputy_no, "password": password}
    )
    assert response.status_code == 302
    assert client.get("/my/")["Location"] == "/accounts/password/change/"
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": password,
            "new_password1": "新密码-college-2025",
            "new_password2": "新密码-college-2025",
        },
    )
    assert response.status_code == 302
    assert client.get("/my/").status_code == 200


def test_invitation_email_carries_a_working_set_password_link(
    client, django_capture_on_commit_callbacks
):
    deputy = DeputyFactory(email="newdeputy@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        deputy_invite(deputy=deputy)
    assert mail.outbox[0].to == ["newdeputy@example.org"]
    link = next(
        line
        for line in mail.outbox[0].body.splitlines()
        if "/accounts/password/reset/" in line
    )
    response = client.get(link.replace("http://testserver", ""), follow=True)
    assert response.status_code == 200 and "new_password1" in response.content.decode()


def test_password_reset_by_email(client, deputy):
    deputy.user.email = deputy.email
    deputy.user.save()
    response = client.post("/accounts/password/reset/", {"email": deputy.email})
    assert response.status_code == 302
    assert mail.outbox[0].to == [deputy.email]
    link = next(
        line
        for line in mail.outbox[0].body.splitlines()
        if "/accounts/password/reset/" in line
    )
    response = client.get(link.strip().replace("http://testserver", ""), follow=True)
    assert response.status_code == 200 and "new_password1" in response.content.decode()


def test_training_administrators_export_the_roster_to_xlsx(
    client, deputy, django_user_model
):
    from django.contrib.auth.models import Group
    from openpyxl import load_workbook

    trainer = django_user_model.objects.create_user(
        "trainer", password="pw-trainer-123"
    )
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    client.force_login(trainer)
    response = client.get("/admin/deputies/", {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
    ).active
    values = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert "张明" in values and deputy.deputy_no in values


def test_a_deputy_cannot_open_the_roster_import(client, deputy):
    client.force_login(deputy.user)
    assert client.get("/admin/roster/import/").status_code in {302, 403}


def test_my_page_costs_the_same_queries_with_more_courses_and_requirements(
    client, deputy, annual
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses.services.progress import course_enrol
    from tests.factories.pages import CoursePageFactory, ModulePageFactory
    from tests.factories.roster import RequirementFactory

    def grow(start: int, count: int) -> None:
        courses = []
        for n in range(start, start + count):
            course = CoursePageFactory(parent=annual, title=f"规模课程{n}")
            for m in range(2):
                ModulePageFactory(parent=course, title=f"规模模块{n}-{m}")
            course_enrol(deputy=deputy, course=course)
            courses.append(course)
        RequirementFactory(term=deputy.term, courses=courses, is_initial_learning=False)
        module_open(deputy=deputy, module=ModulePage.objects.child_of(courses[0])[0])

    def queries() -> tuple[int, str]:
        client.get("/my/")  # caches warm
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/my/").content.decode()
        return len(captured), visible_text(html)

    client.force_login(deputy.user)
    grow(0, 2)
    few, text = queries()
    assert "规模课程1" in text and "从上次中断处继续" in text
    grow(2, 6)
    many, text = queries()
    assert all(f"规模课程{n}" in text for n in range(8)), "every course is listed"
    # 16: the session and account (with the deputy, delegation and term), the
    # plan's hours target, enrolments, requirements and their courses, hours, the
    # next step, certificates, the forum's panels, and the header.
    assert many == few <= 16
