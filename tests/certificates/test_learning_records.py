"""The learning record (参训记录) is issued by a POST and read back by a GET; training
administrators list the records issued within their delegation scope."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from certificates.models import LearningRecord
from certificates.services import learning_record_issue
from cms.groups import COURSE_EDITORS, TRAINING_ADMINISTRATORS
from people.models import StaffScope
from tests.factories.roster import DelegationFactory, DeputyFactory, TermFactory
from tests.html import visible_text

pytestmark = pytest.mark.django_db

LIST = "/admin/learning_records/"


def _staff(username: str, group: str, *, delegations=()):
    user = get_user_model().objects.create_user(username, password="pw-staff-123")
    user.groups.add(Group.objects.get(name=group))
    if delegations:
        scope = StaffScope.objects.create(user=user, note=username)
        scope.delegations.set(delegations)
    return user


@pytest.fixture
def districts(db):
    term = TermFactory()
    return {
        "hp": DelegationFactory(name="黄浦区代表团"),
        "xh": DelegationFactory(name="徐汇区代表团"),
        "term": term,
    }


@pytest.fixture
def trainer(db):
    return _staff("trainer", TRAINING_ADMINISTRATORS)


@pytest.fixture
def trainer_huangpu(districts):
    return _staff(
        "trainer_huangpu", TRAINING_ADMINISTRATORS, delegations=[districts["hp"]]
    )


# Issuing: a POST, never a GET ------------------------------------------------------


def test_reading_the_record_page_and_old_pdf_address_issues_nothing(client, deputy):
    client.force_login(deputy.user)
    page = client.get("/my/record/")
    assert page.status_code == 200
    # The old address of the PDF now leads to the page, where the button issues.
    old = client.get("/my/record.pdf")
    assert (old.status_code, old["Location"]) == (302, "/my/record/")
    # A GET of the issuing address (a prefetcher following the form) is refused.
    assert client.get("/my/record/issue/").status_code == 405
    assert not LearningRecord.objects.exists()


def test_the_record_page_issues_through_a_protected_form(client, deputy):
    client.force_login(deputy.user)
    html = client.get("/my/record/").content.decode()
    assert 'method="post" action="/my/record/issue/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "出具参训记录（PDF）" in visible_text(html)


def test_an_issue_without_the_csrf_token_is_refused(deputy):
    client = Client(enforce_csrf_checks=True)
    client.force_login(deputy.user)
    assert client.post("/my/record/issue/").status_code == 403
    assert not LearningRecord.objects.exists()


def test_a_post_issues_once_and_the_pdf_is_read_without_issuing(client, deputy):
    client.force_login(deputy.user)
    response = client.post("/my/record/issue/")
    record = LearningRecord.objects.get(deputy=deputy)
    assert response.status_code == 302
    assert response["Location"] == f"/records/issued/{record.code}.pdf"
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    client.get(response["Location"])
    # Issued again with the same facts: the same record, the same code.
    again = client.post("/my/record/issue/")
    assert again["Location"] == response["Location"]
    assert LearningRecord.objects.count() == 1


def test_another_deputy_cannot_download_or_issue_someone_elses_record(
    client, deputy, other_deputy
):
    record = learning_record_issue(deputy=deputy)
    client.force_login(other_deputy.user)
    assert client.get(f"/records/issued/{record.code}.pdf").status_code == 404
    assert client.post(f"/records/{deputy.pk}/issue/").status_code == 404
    assert LearningRecord.objects.count() == 1


def test_staff_who_read_no_records_are_refused_the_pdf(client, deputy):
    record = learning_record_issue(deputy=deputy)
    client.force_login(_staff("editor", COURSE_EDITORS))
    assert client.get(f"/records/issued/{record.code}.pdf").status_code == 403


def test_a_scoped_trainer_issues_and_downloads_within_the_scope_only(
    client, districts, trainer_huangpu
):
    inside = DeputyFactory(term=districts["term"], delegation=districts["hp"])
    outside = DeputyFactory(term=districts["term"], delegation=districts["xh"])
    client.force_login(trainer_huangpu)
    page = client.get(f"/records/{inside.pk}/").content.decode()
    assert f'action="/records/{inside.pk}/issue/"' in page
    response = client.post(f"/records/{inside.pk}/issue/", follow=True)
    assert response["Content-Type"] == "application/pdf"
    assert client.post(f"/records/{outside.pk}/issue/").status_code == 404
    elsewhere = learning_record_issue(deputy=outside)
    assert client.get(f"/records/issued/{elsewhere.code}.pdf").status_code == 404
    assert LearningRecord.objects.filter(deputy=inside).count() == 1


# The admin list of issued records ---------------------------------------------------


def _records(districts, count: int) -> dict[str, list[LearningRecord]]:
    """`count` records, alternately of a 黄浦区 and a 徐汇区 deputy."""
    made: dict[str, list[LearningRecord]] = {"hp": [], "xh": []}
    for i in range(count):
        key = "hp" if i % 2 == 0 else "xh"
        deputy = DeputyFactory(
            term=districts["term"], delegation=districts[key], name=f"代表{key}{i}"
        )
        made[key].append(learning_record_issue(deputy=deputy))
    return made


def test_the_trainer_lists_every_record_with_its_links(client, districts, trainer):
    made = _records(districts, 4)
    client.force_login(trainer)
    html = client.get(LIST).content.decode()
    text = visible_text(html)
    for record in made["hp"] + made["xh"]:
        assert record.deputy.name in text and record.code in text
        assert f"/certificates/verify/{record.code}/" in html
        assert f"/records/issued/{record.code}.pdf" in html
    assert "黄浦区代表团" in text and "徐汇区代表团" in text
    # Issued, never typed in: no add, edit or delete.
    assert f"{LIST}new/" not in html and f"{LIST}edit/" not in html
    assert client.get(f"{LIST}new/").status_code == 404


def test_a_scoped_trainer_lists_only_the_scope(client, districts, trainer_huangpu):
    made = _records(districts, 4)
    client.force_login(trainer_huangpu)
    text = visible_text(client.get(LIST).content.decode())
    assert all(r.deputy.name in text for r in made["hp"])
    assert not any(r.deputy.name in text for r in made["xh"])
    body = b"".join(client.get(LIST + "?export=csv").streaming_content)
    assert made["xh"][0].deputy.name not in body.decode("utf-8-sig")


@pytest.mark.parametrize("field", ["name", "deputy_no", "code"])
def test_the_list_is_searched_by_name_number_and_code(
    client, districts, trainer, field
):
    made = _records(districts, 4)
    wanted, other = made["hp"][0], made["xh"][0]
    value = wanted.code if field == "code" else getattr(wanted.deputy, field)
    client.force_login(trainer)
    text = visible_text(client.get(LIST, {"q": value}).content.decode())
    assert wanted.code in text and other.code not in text


def test_the_list_is_filtered_by_issue_date(client, districts, trainer):
    made = _records(districts, 2)
    old, new = made["hp"][0], made["xh"][0]
    LearningRecord.objects.filter(pk=old.pk).update(
        issued_at=timezone.now() - timedelta(days=40)
    )
    today = timezone.localdate()
    client.force_login(trainer)
    text = visible_text(
        client.get(
            LIST,
            {
                "issued_at_from": (today - timedelta(days=7)).isoformat(),
                "issued_at_to": today.isoformat(),
            },
        ).content.decode()
    )
    assert new.code in text and old.code not in text


def test_the_export_neutralises_formula_shaped_cells(client, districts, trainer):
    deputy = DeputyFactory(
        term=districts["term"], delegation=districts["hp"], name="=HYPERLINK(1)"
    )
    record = learning_record_issue(deputy=deputy)
    client.force_login(trainer)
    response = client.get(LIST + "?export=csv")
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    )
    assert rows[0] == ["代表证号", "姓名", "代表团", "查验码", "颁发时间", "发证单位"]
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][3] == record.code
    xlsx = client.get(LIST + "?export=xlsx")
    assert xlsx.status_code == 200


@pytest.mark.parametrize("size", [4, 30])
@pytest.mark.parametrize("role", ["trainer", "trainer_huangpu"])
def test_the_list_costs_the_same_queries_at_any_length(
    client, districts, request, django_assert_max_num_queries, role, size
):
    _records(districts, size)
    client.force_login(request.getfixturevalue(role))
    with django_assert_max_num_queries(14):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="') >= min(size, 20) // (
        2 if role == "trainer_huangpu" else 1
    )


def test_the_admin_menu_shows_the_list_to_trainers_only(client, deputy, trainer):
    client.force_login(trainer)
    assert LIST in client.get("/admin/").content.decode()
    client.force_login(_staff("editor", COURSE_EDITORS))
    html = client.get("/admin/").content.decode()
    assert LIST not in html
    assert client.get(LIST).status_code == 302  # refused, back to the dashboard
    client.force_login(deputy.user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get(LIST).status_code == 302
