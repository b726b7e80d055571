import io
import zipfile
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from certificates.masking import mask_name
from certificates.services import certificate_issue, certificate_reissue
from tests.html import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(django_user_model):
    """A training administrator (培训管理员): the staff who issue certificates."""
    from django.contrib.auth.models import Group

    trainer = django_user_model.objects.create_user("trainer", password="pw-123-tr")
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    return trainer


@pytest.fixture
def certificate(completed, certificate_course):
    return certificate_issue(deputy=completed, course=certificate_course)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张明", "张*"),
        ("张晓明", "张*明"),
        ("欧阳晓华", "欧**华"),
        ("李𠈌华", "李*华"),
        ("", "*"),
    ],
)
def test_names_are_masked(name, masked):
    assert mask_name(name) == masked


def test_verification_page_shows_only_what_it_should(client, certificate, completed):
    response = client.get(f"/certificates/verify/{certificate.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "张*" in html and "张明" not in html
    assert certificate.snapshot["programme"] in html and "有效" in html
    assert (
        completed.phone not in html
        and completed.deputy_no not in html
        and completed.email not in html
    )
    assert response["X-Robots-Tag"] == "noindex, nofollow" and 'name="robots"' in html


@pytest.mark.parametrize(
    "code",
    [
        "A" * 32,
        "short",
        "has spaces in it and more chars",
        "../../etc/passwd-xxxxxxxxxxxx",
    ],
)
def test_unknown_and_malformed_codes_answer_404(client, certificate, code):
    assert client.get(f"/certificates/verify/{code}/").status_code == 404


def test_a_revoked_certificate_says_void_why_and_links_its_replacement(
    client, certificate
):
    new = certificate_reissue(certificate=certificate, reason="姓名录入错误")
    html = client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert "已作废" in html and "姓名录入错误" in html
    assert f"/certificates/verify/{new.code}/" in html


def test_verification_is_rate_limited(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = "3/m"
    statuses = [
        client.get(f"/certificates/verify/{certificate.code}/").status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429]


def test_the_exact_issued_file_is_recognised_and_a_changed_one_is_not(
    client, certificate
):
    content = certificate.pdf.read()
    response = client.post(
        "/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", content)}
    )
    assert "此文件确由上海人大网络学院出具" in response.content.decode()
    assert certificate.serial in response.content.decode()
    tampered = content.replace(b"%%EOF", b"% edited\n%%EOF")
    response = client.post(
        "/certificates/verify/", {"file": SimpleUploadedFile("c.pdf", tampered)}
    )
    text = visible_text(response.content.decode())
    assert "此文件不是上海人大网络学院出具的，或已被改动。" in text
    assert (
        certificate.serial not in text and "此文件确由上海人大网络学院出具" not in text
    )


def test_only_the_holder_downloads_the_pdf(
    client, certificate, completed, other_deputy
):
    url = f"/certificates/{certificate.pk}/download/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    client.force_login(other_deputy.user)
    assert client.get(url).status_code == 404
    client.force_login(completed.user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(
        response.streaming_content
    ).startswith(b"%PDF")


def test_my_page_lists_the_certificate_with_its_links(client, certificate, completed):
    client.force_login(completed.user)
    html = client.get("/my/").content.decode()
    assert certificate.serial in html
    assert f"/certificates/{certificate.pk}/download/" in html
    assert f"/certificates/verify/{certificate.code}/" in html


def test_administrators_download_a_course_zip(
    client, certificate, certificate_course, trainer
):
    client.force_login(trainer)
    response = client.get("/admin/certificates/zip/", {"course": certificate_course.pk})
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [f"{certificate.serial}-张明.pdf"]


def test_a_deputy_cannot_reach_the_admin_zip(
    client, certificate, completed, certificate_course
):
    client.force_login(completed.user)
    response = client.get("/admin/certificates/zip/", {"course": certificate_course.pk})
    assert response.status_code in {302, 403}


def test_template_preview_renders_a_sample_pdf(client, trainer):
    from certificates.services import template_default

    template = template_default()
    template.issuing_body = "浦东新区人大常委会"
    template.save()
    client.force_login(trainer)
    response = client.get(f"/admin/certificates/templates/{template.pk}/preview.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "浦东新区人大常委会" in text and "第0000号" in text


def test_bulk_issue_from_the_admin_queues_everyone_eligible(
    client, certificate_course, trainer
):
    from certificates.models import Certificate
    from tests.certificates.conftest import complete_course
    from tests.factories.roster import DeputyFactory

    for _ in range(2):
        complete_course(DeputyFactory(), certificate_course)
    client.force_login(trainer)
    client.post("/admin/certificates/issue/", {"course": certificate_course.pk})
    client.post("/admin/certificates/issue/", {"course": certificate_course.pk})
    assert Certificate.objects.count() == 2


def test_the_certificate_list_prints_whole_hours_without_a_decimal(
    client, certificate, trainer
):
    certificate.hours = Decimal("12.0")
    certificate.save(update_fields=["hours"])
    client.force_login(trainer)
    listing = visible_text(client.get("/admin/certificates_admin/").content.decode())
    assert certificate.serial in listing
    assert "12.0" not in listing and "12" in listing
