"""Certificates in official form and the learning record as an issued document,
rendered and read back with pypdf."""

import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.utils import formats, timezone
from pypdf import PdfReader
from wagtail.images.models import Image as WagtailImage
from wagtail.models import Site

from certificates.models import CertificateTemplate, LearningRecord
from certificates.services import certificate_issue, template_default
from cms.demo.documents import seal_png
from courses.models import Enrolment, HoursEntry
from infrastructure.links import absolute_url
from tests.certificates.conftest import complete_course
from tests.factories.roster import RequirementFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def pdf_read(content: bytes) -> tuple[str, set[str], int]:
    """Text, font names and the number of raster images of a PDF."""
    reader = PdfReader(io.BytesIO(content))
    fonts, images = set(), 0
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get_object().get("/Subtype") == "/Image":
                images += 1
    return "".join(page.extract_text() for page in reader.pages), fonts, images


def _completed_on(deputy, course, day: date) -> None:
    moment = timezone.make_aware(datetime(day.year, day.month, day.day, 10))
    Enrolment.objects.filter(deputy=deputy, course=course).update(completed_at=moment)


@pytest.fixture
def sealed_template(db):
    template = template_default()
    seal = WagtailImage(title="seal")
    seal.file = ImageFile(io.BytesIO(seal_png()), name="seal.png")
    seal.save()
    template.seal = seal
    template.signatory, template.signatory_title = "王建国", "主任"
    template.save()
    return template


def test_certificate_prints_the_official_wording_both_dates_and_the_seal(
    deputy, certificate_course, sealed_template
):
    certificate_course.start_date = date(2023, 3, 1)
    certificate_course.hours = Decimal("12.0")
    certificate_course.save()
    complete_course(deputy, certificate_course)
    _completed_on(deputy, certificate_course, date(2023, 5, 10))

    certificate = certificate_issue(deputy=deputy, course=certificate_course)
    content = certificate.pdf.read()
    text, fonts, images = pdf_read(content)
    flat = re.sub(r"\s+", "", text)

    assert (
        f"张明代表于2023年3月1日至5月10日参加{certificate_course.title}，"
        "完成规定学习内容，共计12学时，成绩合格，准予结业。" in flat
    )
    assert "特发此证。" in flat and "12.0" not in flat and "同志" not in flat
    issued = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert issued in flat  # the issue date, apart from the learning's dates
    assert "主任王建国" in flat and "上海市人大常委会代表工作委员会" in flat
    year = timezone.localdate().year
    assert re.fullmatch(rf"沪人大培〔{year}〕第\d{{4}}号", certificate.serial)
    assert certificate.serial in flat
    assert images == 2  # the QR code and the seal
    # One font, one weight, no monospace: the smallest certificate.
    assert len(fonts) == 1 and all("College-Serif-SC" in f for f in fonts), fonts
    assert len(content) <= 100 * 1024


def test_a_one_day_programme_certificate_shows_one_date(
    deputy, certificate_course, sealed_template
):
    certificate_course.start_date = None
    certificate_course.save()
    requirement = RequirementFactory(courses=[certificate_course], name="专题研讨班")
    complete_course(deputy, certificate_course)
    _completed_on(deputy, certificate_course, date(2023, 7, 20))

    certificate = certificate_issue(deputy=deputy, requirement=requirement)
    text, _fonts, _images = pdf_read(certificate.pdf.read())
    flat = re.sub(r"\s+", "", text)
    assert "代表于2023年7月20日参加专题研讨班" in flat
    assert "至2023年7月20日" not in flat and "至7月20日" not in flat
    assert certificate.snapshot["completion_date"] == "2023年7月20日"


def test_serial_format_is_the_templates_and_needs_year_and_number(
    deputy, certificate_course
):
    template = CertificateTemplate.objects.create(
        name="区", serial_format="黄人大培〔{year}〕{number}号"
    )
    complete_course(deputy, certificate_course)
    certificate = certificate_issue(
        deputy=deputy, course=certificate_course, template=template
    )
    assert re.fullmatch(r"黄人大培〔\d{4}〕\d{4}号", certificate.serial)
    for bad in ("证书第{number}号", "〔{year}〕", "〔{year}〕{number}{name}"):
        template.serial_format = bad
        with pytest.raises(ValidationError):
            template.full_clean()


def test_links_are_built_from_the_site_root_on_another_port(
    home, deputy, certificate_course
):
    call_command("set_site_url", "http://127.0.0.1:8102", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8102)
    assert absolute_url("/my/") == "http://127.0.0.1:8102/my/"

    complete_course(deputy, certificate_course)
    certificate = certificate_issue(deputy=deputy, course=certificate_course)
    url = f"http://127.0.0.1:8102/certificates/verify/{certificate.code}/"
    assert certificate.snapshot["verify_url"] == url
    text, _fonts, _images = pdf_read(certificate.pdf.read())
    assert url in re.sub(r"\s+", "", text)


def test_set_site_url_refuses_an_address_that_is_not_one(home):
    with pytest.raises(CommandError, match="127.0.0.1:8102"):
        call_command("set_site_url", "127.0.0.1:8102", stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).port == 80


# The learning record -----------------------------------------------------------


@pytest.fixture
def record_deputy(deputy, plan, certificate_course, course):
    """A deputy who completed one course (certificate issued), has hours by
    staff, and has a required course not yet started."""
    plan.annual_hours_target = Decimal("20")
    plan.save()
    RequirementFactory(courses=[certificate_course, course], name="初任学习")
    complete_course(deputy, certificate_course)
    year = timezone.localdate().year
    HoursEntry.objects.create(
        deputy=deputy,
        year=year,
        category="thematic",
        required=False,
        hours=Decimal("2.5"),
        source=HoursEntry.Source.OTHER,
        description="代表工作小组专题培训班",
        earned_on=timezone.localdate(),
    )
    certificate_issue(deputy=deputy, course=certificate_course)
    return deputy


def test_the_record_page_lists_every_course_with_its_status(
    client, record_deputy, certificate_course, course
):
    client.force_login(record_deputy.user)
    page = visible_text(client.get("/my/record/").content.decode())
    assert certificate_course.title in page and course.title in page
    assert "已完成" in page and "未开始" in page
    assert "初任学习" in page and "履职学习" in page and "专题学习" in page
    assert "沪人大培〔" in page  # the certificate's number


def test_the_issued_record_pdf_has_totals_certificates_issuer_and_code(
    client, record_deputy, certificate_course
):
    client.force_login(record_deputy.user)
    response = client.post("/my/record/issue/", follow=True)
    assert response.status_code == 200
    record = LearningRecord.objects.get(deputy=record_deputy)
    text, fonts, _images = pdf_read(response.content)
    flat = re.sub(r"\s+", "", text)
    certificate = record_deputy.certificates.get()
    assert "参训记录" in flat and "张明" in flat
    assert certificate.serial in flat and certificate_course.title in flat
    # 6 required hours of initial learning + 2.5 elective thematic = 8.5 of 20.
    assert "8.5" in flat and "20" in flat and "未达到" in flat
    assert "6.0" not in flat
    assert record.issuing_body in flat and record.code in flat
    assert f"/certificates/verify/{record.code}/" in flat
    # Issuing it again issues nothing new: same facts, same record.
    again = client.post("/my/record/issue/")
    assert again["Location"] == f"/records/issued/{record.code}.pdf"
    assert LearningRecord.objects.filter(deputy=record_deputy).count() == 1


def test_verifying_a_record_shows_masked_name_status_and_totals(client, record_deputy):
    client.force_login(record_deputy.user)
    client.post("/my/record/issue/")
    client.logout()
    record = LearningRecord.objects.get()
    page = visible_text(client.get(f"/certificates/verify/{record.code}/").text)
    assert "张*" in page and "张明" not in page
    assert "有效" in page and "8.5" in page


def test_a_record_whose_learning_changed_verifies_as_superseded(client, record_deputy):
    client.force_login(record_deputy.user)
    client.post("/my/record/issue/")
    old = LearningRecord.objects.get()
    HoursEntry.objects.create(
        deputy=record_deputy,
        year=timezone.localdate().year,
        category="performance",
        hours=Decimal("3"),
        source=HoursEntry.Source.OTHER,
        description="代表建议专题研讨班",
        earned_on=timezone.localdate(),
    )
    client.logout()
    page = visible_text(client.get(f"/certificates/verify/{old.code}/").text)
    assert "已被取代" in page
    client.force_login(record_deputy.user)
    client.post("/my/record/issue/")
    assert LearningRecord.objects.filter(deputy=record_deputy).count() == 2


def test_an_unknown_code_answers_404(client):
    assert client.get("/certificates/verify/" + "x" * 32 + "/").status_code == 404
