import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf import PdfReader

from certificates.models import Certificate
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from courses.models import Enrolment
from tests.certificates.conftest import complete_course
from tests.factories.roster import DeputyFactory, RequirementFactory

pytestmark = pytest.mark.django_db


def pdf_text_and_fonts(content: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return "".join(page.extract_text() for page in reader.pages), fonts


def test_issued_pdf_prints_the_chinese_name_in_a_cjk_font(
    completed, certificate_course
):
    certificate = certificate_issue(deputy=completed, course=certificate_course)
    content = certificate.pdf.read()
    text, fonts = pdf_text_and_fonts(content)
    assert "张明" in text and certificate_course.title in text
    assert certificate.serial in text and certificate.code in text
    assert all(
        re.search(r"College-Serif-SC|NotoSerifCJK|Noto-Serif-CJK|DejaVu", f)
        for f in fonts
    ), fonts
    assert certificate.sha256 == hashlib.sha256(content).hexdigest()
    assert re.fullmatch(r"沪人大培〔\d{4}〕第\d{4}号", certificate.serial)
    assert len(certificate.code) >= 32  # 192 random bits, URL-safe


def test_a_name_outside_the_bmp_prints_from_the_full_font(deputy, certificate_course):
    deputy.name = "李𠈌华"
    deputy.save()
    complete_course(deputy, certificate_course)
    text, fonts = pdf_text_and_fonts(
        certificate_issue(deputy=deputy, course=certificate_course).pdf.read()
    )
    assert "李𠈌华" in text
    assert any("NotoSerifCJK" in f or "Noto-Serif-CJK" in f for f in fonts), fonts


def test_a_name_no_font_can_print_is_refused_naming_the_character(
    deputy, certificate_course
):
    deputy.name = "王\U000f0000"  # a private-use character: no glyph anywhere
    deputy.save()
    complete_course(deputy, certificate_course)
    with pytest.raises(ValidationError, match="U\\+F0000"):
        certificate_issue(deputy=deputy, course=certificate_course)
    assert not Certificate.objects.exists()


def test_pdf_metadata_and_archival_variant(completed, certificate_course):
    certificate = certificate_issue(deputy=completed, course=certificate_course)
    reader = PdfReader(io.BytesIO(certificate.pdf.read()))
    assert certificate.serial in reader.metadata.title
    assert reader.metadata.author == certificate.snapshot["issuing_body"]
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    # PDF/A-3b identification, as attribute or element.
    assert re.search(r'pdfaid:part(="|>)3\b', xmp), xmp
    assert re.search(r'pdfaid:conformance(="|>)B\b', xmp), xmp


def test_no_certificate_before_completion(deputy, certificate_course):
    with pytest.raises(ValidationError):
        certificate_issue(deputy=deputy, course=certificate_course)


def test_issuing_twice_returns_the_same_certificate(completed, certificate_course):
    first = certificate_issue(deputy=completed, course=certificate_course)
    assert certificate_issue(deputy=completed, course=certificate_course) == first
    assert Certificate.objects.count() == 1


def test_the_deputy_is_notified_on_the_site_once_per_certificate(
    completed, certificate_course, client
):
    from infrastructure.models import Notification

    certificate = certificate_issue(deputy=completed, course=certificate_course)
    certificate_issue(deputy=completed, course=certificate_course)
    notice = Notification.objects.get(recipient=completed.user)
    assert (notice.kind, notice.url) == ("certificate_issued", "/my/")
    assert certificate.serial in notice.body
    client.force_login(completed.user)
    assert notice.title in client.get("/notifications/").content.decode()


def test_a_deputy_without_an_account_gets_the_certificate_and_no_notice(
    certificate_course,
):
    from infrastructure.models import Notification

    deputy = DeputyFactory()
    complete_course(deputy, certificate_course)
    assert certificate_issue(deputy=deputy, course=certificate_course).is_valid
    assert not Notification.objects.exists()


def test_completion_issues_the_certificate_through_the_task(
    deputy, certificate_course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(deputy, certificate_course)
    certificate = Certificate.objects.get(deputy=deputy)
    assert certificate.course_id == certificate_course.pk and certificate.pdf


def test_completing_a_requirement_issues_its_programme_certificate(
    deputy, certificate_course, django_capture_on_commit_callbacks
):
    requirement = RequirementFactory(
        courses=[certificate_course], name="新任代表初任学习"
    )
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(deputy, certificate_course)
    assert Certificate.objects.filter(deputy=deputy, requirement=requirement).exists()
    assert Certificate.objects.filter(deputy=deputy).count() == 2


def test_revocation_and_reissue_keep_history(completed, certificate_course):
    old = certificate_issue(deputy=completed, course=certificate_course)
    new = certificate_reissue(certificate=old, reason="姓名有误")
    old.refresh_from_db()
    assert (old.status, old.revoked_reason, old.replaced_by) == (
        "revoked",
        "姓名有误",
        new,
    )
    assert new.is_valid and new.serial != old.serial
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=old, reason="again")


def test_serials_count_up_within_a_year(certificate_course):
    serials = []
    for _ in range(3):
        deputy = DeputyFactory()
        complete_course(deputy, certificate_course)
        serials.append(
            certificate_issue(deputy=deputy, course=certificate_course).serial
        )
    numbers = [int(re.search(r"第(\d+)号", s)[1]) for s in serials]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_issue_certificates_command_is_safe_to_run_twice(certificate_course, capsys):
    for _ in range(3):
        complete_course(DeputyFactory(), certificate_course)
    call_command("issue_certificates", "--course", certificate_course.slug)
    call_command("issue_certificates", "--course", certificate_course.slug)
    assert Certificate.objects.count() == 3
    assert Enrolment.objects.filter(completed_at__isnull=False).count() == 3
