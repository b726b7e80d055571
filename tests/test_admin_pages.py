"""The admin screens of the college open for the staff who use them."""

import re

import pytest
from django.contrib.auth.models import Group

from certificates.services import template_default
from tests.html import visible_text


@pytest.fixture
def trainer(django_user_model):
    trainer = django_user_model.objects.create_user("trainer", password="pw-123-tr")
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    return trainer


@pytest.fixture
def district_trainer(django_user_model):
    from people.models import Delegation, StaffScope

    trainer = django_user_model.objects.create_user("trainer_hp", password="pw-1-hp")
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    scope = StaffScope.objects.create(user=trainer, note="黄浦区培训管理员")
    scope.delegations.set(Delegation.objects.filter(name="黄浦区"))
    return trainer


@pytest.mark.django_db
# The training administrators who do this work: the city's, and a district's, who
# sees the deputies of their own delegation.
@pytest.mark.parametrize("role", ["trainer", "district_trainer"])
def test_admin_screens_render_for_the_staff(client, home, role, request):
    from tests.factories.roster import DeputyFactory, RequirementFactory

    template = template_default()
    DeputyFactory(name="张明", delegation__name="黄浦区")
    RequirementFactory(name="第十六届新任代表初任学习")
    staff = request.getfixturevalue(role)
    client.force_login(staff)
    # Each screen under its own title, with the rows it lists.
    screens = {
        "/admin/": ["控制面板"],
        "/admin/deputies/": ["代表", "张明"],
        "/admin/deputies/new/": ["新建: 代表"],
        "/admin/delegations/": ["代表团", "黄浦区"],
        "/admin/terms/": ["届次", "第十六届"],
        "/admin/requirements/": ["学习要求", "第十六届新任代表初任学习"],
        "/admin/requirements/new/": ["新建: 学习要求"],
        "/admin/exemptions/new/": ["新建: 免训"],
        "/admin/enrolments/": ["参训记录"],
        "/admin/hours/": ["学时台账"],
        "/admin/roster/import/": ["导入名册"],
        "/admin/certificates_admin/": ["证书"],
        "/admin/certificates/issue/": ["颁发证书"],
        "/admin/snippets/certificates/certificatetemplate/": [
            "证书模板",
            template.name,
        ],
        f"/admin/snippets/certificates/certificatetemplate/edit/{template.pk}/": [
            f"正在编辑: {template}"
        ],
    }
    template_edit = (
        f"/admin/snippets/certificates/certificatetemplate/edit/{template.pk}/"
    )
    if role == "district_trainer":
        # What binds the whole congress (requirements, the roster, the one
        # certificate template) is the city's to change, as the access matrix says.
        for url in ("/admin/requirements/new/", "/admin/roster/import/", template_edit):
            assert client.get(url).status_code in {302, 403}, url
            del screens[url]
    _titled(client, screens)
    if role == "trainer":
        edit = client.get(template_edit).content.decode()
        assert f"/admin/certificates/templates/{template.pk}/preview.pdf" in edit


@pytest.mark.django_db
def test_an_exemption_made_in_the_admin_records_who_granted_it(client, trainer):
    from courses.models import Exemption
    from tests.factories.roster import DeputyFactory, RequirementFactory

    deputy, requirement = DeputyFactory(), RequirementFactory()
    client.force_login(trainer)
    response = client.post(
        "/admin/exemptions/new/",
        {"requirement": requirement.pk, "deputy": deputy.pk, "reason": "因公出国"},
    )
    assert response.status_code == 302
    exemption = Exemption.objects.get()
    assert (exemption.deputy, exemption.reason, exemption.granted_by) == (
        deputy,
        "因公出国",
        trainer,
    )


def _titled(client, screens: dict[str, list[str]]) -> None:
    """Each screen opens under its own title and shows what it lists."""
    for url, (title, *shown) in screens.items():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert (
            re.search(r"(?s)<title>(.*?)</title>", html)[1]
            .strip()
            .startswith(f"{title} - ")
        ), url
        text = visible_text(html)
        assert all(item in text for item in shown), (url, shown)


@pytest.mark.django_db
def test_the_course_editors_screens_render_for_a_course_editor(
    client, django_user_model, plan, course
):
    editor = django_user_model.objects.create_user("editor", password="pw-123-ed")
    editor.groups.add(Group.objects.get(name="课程编辑"))
    client.force_login(editor)
    _titled(
        client,
        {
            "/admin/": ["控制面板"],
            f"/admin/pages/{plan.pk}/": [f"浏览: {plan.title}"],
            f"/admin/pages/{course.pk}/edit/": [f"编辑 课程: {course.title}"],
            "/admin/images/": ["图片"],
            "/admin/documents/": ["文档"],
            "/admin/media/": ["媒体"],
            "/admin/question_banks/": ["题库"],
        },
    )


@pytest.mark.django_db
def test_the_moderators_screens_render_for_a_forum_moderator(client, django_user_model):
    from forum.models import Board

    Board.objects.create(slug="experience", title="履职经验交流")
    moderator = django_user_model.objects.create_user("moderator", password="pw-1-mo")
    moderator.groups.add(Group.objects.get(name="论坛版主"))
    client.force_login(moderator)
    _titled(
        client,
        {
            "/admin/": ["控制面板"],
            "/admin/snippets/forum/board/": ["论坛版块", "履职经验交流"],
            "/admin/forum_moderation_log/": ["论坛管理日志"],
            "/admin/forum_reports/": ["帖子举报"],
        },
    )
