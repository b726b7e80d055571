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


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["training administrator", "superuser"])
def test_admin_screens_render_for_the_staff(
    client, django_user_model, home, role, request
):
    from tests.factories.roster import DeputyFactory, RequirementFactory

    template = template_default()
    DeputyFactory(name="张明", delegation__name="黄浦区")
    RequirementFactory(name="第十六届新任代表初任学习")
    if role == "superuser":
        staff = django_user_model.objects.create_superuser("root", password="pw-1-rt")
    else:
        staff = request.getfixturevalue("trainer")
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
    edit = client.get(
        f"/admin/snippets/certificates/certificatetemplate/edit/{template.pk}/"
    ).content.decode()
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
