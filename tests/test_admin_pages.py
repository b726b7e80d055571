"""The admin screens of the college open for the staff who use them."""

import pytest

from certificates.services import template_default


@pytest.mark.django_db
def test_admin_screens_render_for_a_superuser(client, django_user_model, home):
    template = template_default()
    client.force_login(
        django_user_model.objects.create_superuser("root", password="pw-root-123")
    )
    urls = [
        "/admin/",
        "/admin/deputies/",
        "/admin/deputies/new/",
        "/admin/delegations/",
        "/admin/terms/",
        "/admin/requirements/",
        "/admin/requirements/new/",
        "/admin/exemptions/new/",
        "/admin/enrolments/",
        "/admin/hours/",
        "/admin/roster/import/",
        "/admin/certificates_admin/",
        "/admin/certificates/issue/",
        "/admin/snippets/certificates/certificatetemplate/",
        f"/admin/snippets/certificates/certificatetemplate/edit/{template.pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    edit = client.get(
        f"/admin/snippets/certificates/certificatetemplate/edit/{template.pk}/"
    ).content.decode()
    assert f"/admin/certificates/templates/{template.pk}/preview.pdf" in edit


@pytest.mark.django_db
def test_an_exemption_made_in_the_admin_records_who_granted_it(
    client, django_user_model
):
    from courses.models import Exemption
    from tests.factories.roster import DeputyFactory, RequirementFactory

    deputy, requirement = DeputyFactory(), RequirementFactory()
    trainer = django_user_model.objects.create_superuser(
        "trainer-root", password="pw-root-123"
    )
    client.force_login(trainer)
    response = client.post(
        "/admin/exemptions/new/",
        {"requirement": requirement.pk, "deputy": deputy.pk, "reason": "因公出国"},
    )
    assert response.status_code == 302
    assert Exemption.objects.get().granted_by == trainer
