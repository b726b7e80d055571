"""Coverage bulletins (通报): issued in one click, kept, read back, within scope."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from coverage.models import Bulletin
from coverage.services import bulletin_issue, bulletin_render
from tests.factories.roster import DelegationFactory, DeputyFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def issue(client, user, django_capture_on_commit_callbacks, **data):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/coverage/bulletins/", {"requirement": "initial-16", **data}
        )
    return response


def test_city_bulletin_reads_back_as_pdf_and_xlsx(
    client, roster, django_capture_on_commit_callbacks
):
    response = issue(client, roster["city"], django_capture_on_commit_callbacks)
    assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    page = client.get("/coverage/")
    assert f"/coverage/bulletins/{bulletin.pk}.pdf" in page.text

    pdf = client.get(f"/coverage/bulletins/{bulletin.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(pdf.streaming_content))
    assert "上海人大网络学院" in text
    assert "第十六届新任代表初任学习" in text and "通报" in text
    # Dates as an official document prints them: 2026年11月27日, not 2026-11-27.
    day = bulletin.issued_on
    assert f"{day.year}年{day.month}月{day.day}日" in text
    assert day.isoformat() not in text and "完成期限为2099年6月30日" in text
    # Ranking: 黄浦区 1/2 = 50% before 徐汇区 1/3; three not yet covered in all.
    assert text.index("黄浦区") < text.index("徐汇区")
    assert "50.0%" in text and "33.3%" in text

    xlsx = client.get(f"/coverage/bulletins/{bulletin.pk}.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert workbook.sheetnames == ["通报", "各代表团排名"]
    summary = dict(list(workbook["通报"].iter_rows(values_only=True))[1:])
    assert summary["发布单位"] == "上海人大网络学院"
    assert summary["日期"] == bulletin.issued_on.isoformat()
    assert (summary["应学人数"], summary["已完成人数"], summary["未完成人数"]) == (
        5,
        2,
        3,
    )
    assert summary["范围"] == "全市"
    ranking = list(workbook["各代表团排名"].iter_rows(values_only=True))
    assert ranking == [
        ("名次", "代表团", "应学人数", "已完成人数", "未完成人数", "覆盖率"),
        (1, "黄浦区", 2, 1, 1, 0.5),
        (2, "徐汇区", 3, 1, 2, 0.3333),
    ]


def test_district_bulletin_covers_its_district_only(
    client, roster, django_capture_on_commit_callbacks
):
    issue(client, roster["district"], django_capture_on_commit_callbacks)
    bulletin = Bulletin.objects.get()
    assert not bulletin.whole_congress
    assert list(bulletin.delegations.all()) == [roster["huangpu"]]
    text = pdf_text(bulletin.pdf.read())
    assert "黄浦区" in text and "徐汇区" not in text
    workbook = load_workbook(bulletin.xlsx.path)
    summary = dict(list(workbook["通报"].iter_rows(values_only=True))[1:])
    assert (summary["应学人数"], summary["已完成人数"], summary["范围"]) == (
        2,
        1,
        "黄浦区",
    )
    # The city's staff may download it too.
    client.force_login(roster["city"])
    assert client.get(f"/coverage/bulletins/{bulletin.pk}.pdf").status_code == 200


def test_district_administrator_cannot_download_city_or_other_bulletins(
    client, roster, django_capture_on_commit_callbacks
):
    from tests.coverage.conftest import staff

    issue(client, roster["city"], django_capture_on_commit_callbacks)
    city_bulletin = Bulletin.objects.get()
    xuhui_trainer = staff("trainer_xuhui", roster["xuhui"])
    issue(client, xuhui_trainer, django_capture_on_commit_callbacks)
    xuhui_bulletin = Bulletin.objects.exclude(pk=city_bulletin.pk).get()

    client.force_login(roster["district"])
    for bulletin in (city_bulletin, xuhui_bulletin):
        for fmt in ("pdf", "xlsx"):
            url = f"/coverage/bulletins/{bulletin.pk}.{fmt}"
            assert client.get(url).status_code == 404
    page = client.get("/coverage/")
    assert f"/coverage/bulletins/{city_bulletin.pk}." not in page.text
    assert f"/coverage/bulletins/{xuhui_bulletin.pk}." not in page.text
    assert list(Bulletin.objects.visible_to(roster["district"])) == []
    assert set(Bulletin.objects.visible_to(roster["city"])) == {
        city_bulletin,
        xuhui_bulletin,
    }


def test_earlier_bulletins_keep_their_figures(
    client, roster, django_capture_on_commit_callbacks
):
    issue(client, roster["city"], django_capture_on_commit_callbacks)
    first = Bulletin.objects.get()
    first_pdf = first.pdf.read()
    # Twenty more uncovered deputies; a new bulletin counts them, the first does not.
    DeputyFactory.create_batch(20, delegation=roster["xuhui"])
    issue(client, roster["city"], django_capture_on_commit_callbacks)
    second = Bulletin.objects.exclude(pk=first.pk).get()
    assert second.figures["uncovered"] == 23
    client.force_login(roster["city"])
    again = client.get(f"/coverage/bulletins/{first.pk}.pdf")
    assert b"".join(again.streaming_content) == first_pdf
    assert first.figures["uncovered"] == 3
    page = client.get("/coverage/")
    assert page.text.count("/coverage/bulletins/") >= 4  # two bulletins, two files


def test_rendering_twice_draws_once(roster):
    bulletin = bulletin_issue(
        requirement=roster["requirement"], issued_by=roster["city"]
    )
    assert not bulletin.is_ready
    drawn = bulletin_render(bulletin=bulletin)
    names = (drawn.pdf.name, drawn.xlsx.name)
    assert all(names)
    bulletin_render(bulletin=Bulletin.objects.get(pk=bulletin.pk))
    bulletin.refresh_from_db()
    assert (bulletin.pdf.name, bulletin.xlsx.name) == names


def test_bulletin_being_prepared_is_not_downloadable(client, roster):
    bulletin = bulletin_issue(
        requirement=roster["requirement"], issued_by=roster["city"]
    )
    client.force_login(roster["city"])
    assert client.get(f"/coverage/bulletins/{bulletin.pk}.pdf").status_code == 404
    page = client.get("/coverage/")
    issued_on = bulletin.issued_on
    assert f"{issued_on.year}年{issued_on.month}月{issued_on.day}日" in page.text
    assert f"/coverage/bulletins/{bulletin.pk}.pdf" not in page.text


def test_deputy_can_neither_issue_nor_download(
    client, roster, django_capture_on_commit_callbacks
):
    issue(client, roster["city"], django_capture_on_commit_callbacks)
    bulletin = Bulletin.objects.get()
    deputy = roster["people"]["A"].user
    client.force_login(deputy)
    assert client.post("/coverage/bulletins/", {}).status_code == 403
    assert client.get(f"/coverage/bulletins/{bulletin.pk}.pdf").status_code == 403
    assert Bulletin.objects.count() == 1


def test_issuing_takes_the_same_queries_at_two_sizes(roster):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    city = roster["city"]
    bulletin_issue(requirement=roster["requirement"], issued_by=city)  # caches warm
    counts = []
    for size in (5, 60):
        DeputyFactory.create_batch(size, delegation=DelegationFactory())
        with CaptureQueriesContext(connection) as queries:
            bulletin_issue(requirement=roster["requirement"], issued_by=city)
        counts.append(len(queries))
    assert counts[0] == counts[1]
