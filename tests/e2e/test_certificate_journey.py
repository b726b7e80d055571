"""A deputy completes the last module on a phone, finds the certificate on /my/, and its
QR link opens the public verification page."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from courses.models import ModulePage
from courses.services.progress import module_open
from tests.factories.pages import ModulePageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pdf_links(content: bytes) -> list[str]:
    links = []
    for pdf_page in PdfReader(io.BytesIO(content)).pages:
        for annotation in pdf_page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and action.get("/URI"):
                links.append(str(action["/URI"]))
    return links


def test_completing_the_last_module_brings_a_verifiable_certificate(
    live_server, page, settings, deputy, quizless_course, tmp_path
):
    # As `make run` does: links in PDFs lead to the address the site is served on.
    call_command("set_site_url", live_server.url, stdout=io.StringIO())
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    quizless_course.awards_certificate = True
    quizless_course.save()
    for module in ModulePage.objects.child_of(quizless_course).filter(is_required=True):
        module_open(deputy=deputy, module=module)
    last = ModulePageFactory(parent=quizless_course, title="结业测验")
    deputy.user.set_password("pw-journey-123")
    deputy.user.save()

    page.goto(f"{live_server.url}/accounts/login/?next={last.url}")
    page.get_by_label("代表证号、手机号或邮箱").fill(deputy.phone)
    page.get_by_label("密码").fill("pw-journey-123")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{last.url}")
    page.get_by_label("根本政治制度").check()
    page.get_by_role("button", name="提交答案").click()
    page.get_by_text("得分100分，已通过，本模块已完成。").wait_for()

    page.goto(f"{live_server.url}/my/")
    certificate_item = page.locator("#certificates-heading + ul li").first
    certificate_item.get_by_text(quizless_course.title).wait_for()
    with page.expect_download() as download_info:
        certificate_item.get_by_role("link", name="下载 PDF").click()
    with open(download_info.value.path(), "rb") as handle:
        content = handle.read()
    links = [link for link in pdf_links(content) if "/certificates/verify/" in link]
    assert links, "the certificate's QR code links to its verification page"

    page.goto(links[0])
    page.get_by_text("证书有效").wait_for()
    assert "张*" in page.content() and deputy.phone not in page.content()
    page.screenshot(path=str(tmp_path / "verification.png"))
