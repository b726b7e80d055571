"""/my/ and the course pages are kept rendered per deputy (ADR 0018): whatever a
deputy or the staff change shows on the next view, and what one person sees never
reaches another."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from certificates.services import certificate_revoke
from courses.learning_pages import KEPT_AT_MOST, learning_kept_seconds
from courses.models import HoursEntry, ModuleProgress
from courses.services.progress import course_enrol, module_complete
from courses.services.requirements import exemption_grant
from people.services.roster_import import deputies_import
from tests.factories.certificates import CertificateFactory
from tests.factories.pages import CoursePageFactory, ModulePageFactory
from tests.factories.roster import DelegationFactory, RequirementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def view(client, deputy):
    client.force_login(deputy.user)

    def get(url: str = "/my/") -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return get


def _hours_this_year(deputy, **fields) -> HoursEntry:
    """Three hours of other learning recognised today."""
    today = timezone.localdate()
    return HoursEntry.objects.create(
        deputy=deputy,
        year=today.year,
        hours=3,
        source=HoursEntry.Source.OTHER,
        earned_on=today,
        **fields,
    )


def _modules_done(html: str) -> list[str]:
    return re.findall(r"已完成 (\d+) / (\d+) 个模块", html)


def test_a_completed_module_shows_on_the_next_view(view, deputy, course, module):
    course_enrol(deputy=deputy, course=course)
    assert _modules_done(view()) == [("0", "2")]
    module_complete(deputy=deputy, module=module)
    assert _modules_done(view()) == [("1", "2")]
    assert "已完成 1 / 2 个模块" not in view(course.url)  # the course page's own bar
    assert "建议办理与督办" in view(course.url)


def test_hours_added_and_deleted_show_on_the_next_view(view, deputy):
    assert "已获 0 学时" in view()
    entry = _hours_this_year(deputy, category="law")
    assert "已获 3 学时" in view()
    entry.delete()
    assert "已获 0 学时" in view()


def test_a_certificate_issued_then_revoked_shows_on_the_next_view(view, deputy, course):
    view()
    certificate = CertificateFactory(deputy=deputy, course=course, pdf=True)
    html = view()
    assert certificate.serial in html and "下载 PDF" in html
    certificate_revoke(certificate=certificate, reason="姓名录入错误")
    assert "已作废" in view()


def test_a_course_retitled_and_published_shows_on_the_next_view(
    view, deputy, course, editor
):
    course_enrol(deputy=deputy, course=course)
    assert "代表建议专题研讨班" in view()
    assert "代表建议专题研讨班" in view(course.url)
    course.title = "代表建议工作专题研讨班"
    course.save_revision(user=editor).publish()
    assert "代表建议工作专题研讨班" in view()
    assert "<h1>代表建议工作专题研讨班</h1>" in view(course.url)


def test_a_module_added_by_code_shows_on_the_course_page(view, deputy, course):
    assert "第三讲" not in view(course.url)
    ModulePageFactory(parent=course, title="第三讲")
    assert "第三讲" in view(course.url)
    Page.objects.get(title="第三讲").delete()
    assert "第三讲" not in view(course.url)


def test_a_requirement_and_an_exemption_show_on_the_next_view(
    view, deputy, course, quizless_course
):
    requirement = RequirementFactory(
        term=deputy.term, name="履职能力提升学习", courses=[course]
    )
    assert "已完成 0 / 1 门必修课程" in view()
    requirement.courses.add(quizless_course)
    assert "已完成 0 / 2 门必修课程" in view()
    exemption_grant(requirement=requirement, deputy=deputy, reason="因病请假")
    assert "履职能力提升学习" not in view()


def test_a_quiz_round_shows_and_opens_on_time(view, deputy, course, module):
    course_enrol(deputy=deputy, course=course)
    module_complete(deputy=deputy, module=module)
    view()
    opens = timezone.now() + timedelta(minutes=3)
    other = course.get_children().last().specific
    ModuleProgress.objects.create(
        deputy=deputy, module=other, opened_at=timezone.now(), retry_at=opens
    )
    assert "下一轮" in view()
    # The kept page lasts no longer than the wait.
    assert 0 < learning_kept_seconds(deputy_id=deputy.pk) <= 180


def test_a_page_is_kept_until_midnight_at_most(deputy):
    now = timezone.localtime()
    midnight = timezone.make_aware(
        timezone.datetime.combine(
            now.date() + timedelta(days=1), timezone.datetime.min.time()
        )
    )
    kept = learning_kept_seconds(deputy_id=deputy.pk)
    assert 0 <= kept <= min(KEPT_AT_MOST, (midnight - now).total_seconds() + 1)


def test_a_moved_delegation_shows_after_an_update_and_after_an_import(
    view, deputy, django_capture_on_commit_callbacks
):
    deputy.delegation = DelegationFactory(name="徐汇区")
    deputy.save()
    assert "徐汇区" in view()
    DelegationFactory(name="黄浦区")
    row = (
        f"{deputy.deputy_no},{deputy.name},女,黄浦区,市,第十六届,是,"
        f"{deputy.elected_on:%Y-%m-%d},{deputy.phone},{deputy.email}"
    )
    header = "代表证号,姓名,性别,代表团,层级,届次,是否新任,当选日期,手机,邮箱"
    with django_capture_on_commit_callbacks(execute=True):
        result = deputies_import(
            content=f"{header}\n{row}\n".encode(), filename="roster.csv"
        )
    assert result.updated == 1
    html = view()
    assert "黄浦区" in html and "徐汇区" not in html


def test_one_deputys_kept_page_never_reaches_another(
    client, deputy, other_deputy, course, module
):
    course_enrol(deputy=deputy, course=course)
    module_complete(deputy=deputy, module=module)
    for person in (deputy, other_deputy, deputy, other_deputy):
        client.force_login(person.user)
        mine = client.get("/my/").content.decode()
        assert person.name in mine
        assert ("已完成 1 / 2 个模块" in mine) == (person == deputy)
        page = client.get(course.url).content.decode()
        assert ("继续学习：建议办理与督办" in page) == (person == deputy)
        assert ("报名本课程" in page) == (person == other_deputy)


def test_the_kept_page_follows_the_language(view, client):
    assert "我的学习" in view()
    client.post("/i18n/setlang/", {"language": "en", "next": "/my/"})
    html = view()
    assert "My learning" in html and "Credit hours this year" in html


def test_the_enrolment_form_is_never_kept_across_sessions(deputy, course):
    from django.test import Client

    for _login in range(2):  # each login gets a new CSRF secret
        client = Client(enforce_csrf_checks=True)
        client.force_login(deputy.user)
        html = client.get(course.url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token and "报名本课程" in html
        response = client.post(
            f"/my/courses/{course.pk}/enrol/", {"csrfmiddlewaretoken": token[1]}
        )
        assert response.status_code == 302, "the form's token is this session's"
        deputy.enrolments.all().delete()


def test_visitors_and_staff_never_see_a_deputys_progress(
    client, deputy, course, module, editor
):
    course_enrol(deputy=deputy, course=course)
    module_complete(deputy=deputy, module=module)
    client.force_login(deputy.user)
    assert "我的进度" in client.get(course.url).content.decode()
    client.logout()
    html = client.get(course.url).content.decode()
    assert "我的进度" not in html and "登录" in html
    client.force_login(editor)
    html = client.get(course.url).content.decode()
    assert "我的进度" not in html and "后即可学习本课程" not in html


@pytest.mark.parametrize("courses", [1, 6])
def test_a_kept_page_takes_the_same_few_queries_whatever_its_size(
    view, deputy, annual, courses, django_assert_max_num_queries
):
    for n in range(courses):
        course = CoursePageFactory(parent=annual, title=f"专题课程{n}")
        ModulePageFactory(parent=course, title=f"第{n}讲")
        course_enrol(deputy=deputy, course=course)
    view(), view(course.url)
    # Session, account, generations, permissions, notifications.
    with django_assert_max_num_queries(5):
        view()
    with django_assert_max_num_queries(11):
        view(course.url)


def test_a_preview_shows_the_draft_and_leaves_the_kept_page_alone(
    view, rf, deputy, course, editor
):
    course_enrol(deputy=deputy, course=course)
    assert "代表建议专题研讨班" in view(course.url)
    draft = course.specific
    draft.title = "草稿标题：尚未发布"
    request = rf.get(course.url)
    request.user = editor
    preview = draft.serve_preview(request, draft.default_preview_mode)
    assert "草稿标题：尚未发布" in preview.render().content.decode()
    html = view(course.url)
    assert "代表建议专题研讨班" in html and "草稿标题" not in html


def test_cohort_enrolments_made_by_the_worker_show_on_the_next_view(
    view, deputy, course
):
    from courses.services.requirements import enrolments_sync

    requirement = RequirementFactory(
        term=deputy.term, name="履职能力提升学习", courses=[course]
    )
    # The requirement shows at once; its enrolments come from the worker, later.
    html = view()
    assert "已完成 0 / 1 门必修课程" in html and "代表建议专题研讨班" not in html
    assert enrolments_sync(requirement=requirement) == 1
    assert "代表建议专题研讨班" in view()


def test_hours_moved_to_another_deputy_in_the_admin_leave_the_first(
    client, deputy, other_deputy
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    trainer = get_user_model().objects.create_user("trainer", password="pw-123-tr")
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    entry = _hours_this_year(deputy, category="thematic", description="录错了代表")
    client.force_login(deputy.user)
    assert "已获 3 学时" in client.get("/my/").content.decode()
    client.force_login(trainer)
    response = client.post(
        f"/admin/hours/edit/{entry.pk}/",
        {
            "deputy": other_deputy.pk,
            "year": entry.year,
            "category": "thematic",
            "hours": "3",
            "source": HoursEntry.Source.OTHER,
            "description": "录错了代表",
            "earned_on": f"{entry.earned_on:%Y-%m-%d}",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    entry.refresh_from_db()
    assert entry.deputy == other_deputy
    client.force_login(deputy.user)
    assert "已获 0 学时" in client.get("/my/").content.decode()


def test_a_cover_image_deleted_leaves_the_kept_course_page(client, course, editor):
    import io

    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from cms.demo.documents import seal_png

    image = Image(title="研讨班封面")
    image.file = ImageFile(io.BytesIO(seal_png()), name="cover.png")
    image.save()
    course.cover_image = image
    course.save_revision(user=editor).publish()
    html = client.get(course.url).content.decode()
    rendition = re.search(r'<img[^>]+src="([^"]+)"', html)[1]
    assert "cover" in rendition
    image.delete()  # its renditions and files go with it
    assert rendition not in client.get(course.url).content.decode()


def _request_of(user, rf):
    """A request whose account and deputy were read before anything else, as the
    middleware and the view do before they read the generations."""
    from django.contrib.auth import get_user_model
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = get_user_model().objects.select_related("deputy").get(pk=user.pk)
    return request


def test_a_rename_committed_after_the_deputy_was_read_is_never_kept(view, deputy, rf):
    from courses.views.learning import my_learning
    from people.models import Deputy

    request = _request_of(deputy.user, rf)
    renamed = Deputy.objects.get(pk=deputy.pk)  # the roster's admin, meanwhile
    renamed.name = "张明华"
    renamed.save()
    my_learning(request)  # renders with the tokens that follow the rename
    assert "张明华" in view()


def test_a_title_published_after_the_page_was_routed_is_never_kept(
    view, deputy, course, editor, rf
):
    from courses.models import CoursePage

    course_enrol(deputy=deputy, course=course)
    request = _request_of(deputy.user, rf)
    routed = CoursePage.objects.get(pk=course.pk)
    course.title = "代表建议工作专题研讨班"
    course.save_revision(user=editor).publish()  # meanwhile, in the admin
    routed.serve(request).render()
    assert "<h1>代表建议工作专题研讨班</h1>" in view(course.url)


def test_a_completed_module_changes_its_deputys_token_once(deputy, course, module):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    course_enrol(deputy=deputy, course=course)
    with CaptureQueriesContext(connection) as captured:
        module_complete(deputy=deputy, module=module)
    bumps = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('UPDATE "infrastructure_generation"')
    ]
    # Progress, enrolment and hours written; one new token for the deputy's pages.
    assert len(bumps) == 1, bumps
