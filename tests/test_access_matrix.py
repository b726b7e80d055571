"""Every staff role can do its job and nothing more: the staff URLs' access matrix.

Each row is a staff URL, each column a role, each cell the answer that role gets:

- ``OK``: 200, the page or file;
- ``LOGIN``: a redirect to a login page (anonymous, or a deputy knocking at the admin);
- ``NO``: refused. Outside the admin a plain 403; inside it, Wagtail's refusal: back to
  the dashboard with "Sorry, you do not have permission to access this area.";
- ``GONE``: 404, as if there were no such object: outside a scoped administrator's
  delegation, another deputy's record or certificate for a deputy, a view certificates
  do not have.

"in" objects belong to 黄浦区, "out" objects to 徐汇区; the scoped administrator
(``hp``) holds a delegation scope on 黄浦区 only. Lists and exports are also read:
whoever sees the whole congress sees both districts' deputies, the scoped administrator
only 黄浦区's.
"""

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from openpyxl import load_workbook
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection

from certificates.models import Certificate
from certificates.services import learning_record_issue
from cms.groups import COURSE_EDITORS, FORUM_MODERATORS, TRAINING_ADMINISTRATORS
from cms.services import plan_editors_grant
from courses.models import Enrolment, Exemption, HoursEntry, TrainingPlanPage
from people.models import Deputy, StaffScope
from tests.factories.certificates import CertificateFactory, CertificateTemplateFactory
from tests.factories.progress import (
    CourseWithModulesFactory,
    EnrolmentFactory,
    ExemptionFactory,
    HoursEntryFactory,
    annual_plan,
)
from tests.factories.roster import (
    DelegationFactory,
    DeputyFactory,
    RequirementFactory,
    TermFactory,
)

# Deputies' names: present or absent in what each role reads.
HP_NAME, OWN_NAME, XH_NAME = "黄浦一鸣", "张明", "徐汇天华"
# Completed the course, no certificate yet: what a bulk issue is for.
HP_WAITING, XH_WAITING = "黄浦二丽", "徐汇四海"

# Every cell is the answer a working role gets; the first column, the site's own
# superuser, is there to show what no role can do (superuser behaviour is its point).
ROLES = ("su", "city", "hp", "editor", "moderator", "deputy", "anonymous")
OK, LOGIN, NO, GONE = "200", "login", "no", "404"

# fmt: off
MATRIX = [
    # url                                                su    city  hp    editor moder deputy anon
    ("/admin/",                                          OK,   OK,   OK,   OK,    OK,   LOGIN, LOGIN),
    # the roster
    ("/admin/deputies/",                                 OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/?export=csv",                      OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/?export=xlsx",                     OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/new/",                             OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/edit/{in_deputy}/",                OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/edit/{out_deputy}/",               OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/inspect/{in_deputy}/",             OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/inspect/{out_deputy}/",            OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/delete/{in_deputy}/",              OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/delete/{out_deputy}/",             OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/history/{in_deputy}/",             OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/history/{out_deputy}/",            OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/usage/{in_deputy}/",               OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/deputies/usage/{out_deputy}/",              OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/roster/deputies/{in_deputy}/account/",      OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/roster/deputies/{out_deputy}/account/",     OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    # the roster file names every delegation: only whole-congress staff import it
    ("/admin/roster/import/",                            OK,   OK,   NO,   NO,    NO,   LOGIN, LOGIN),
    # congress-wide data: a scoped administrator reads it, never changes it
    ("/admin/delegations/",                              OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/delegations/new/",                          OK,   OK,   NO,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/delegations/edit/{in_delegation}/",         OK,   OK,   NO,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/delegations/edit/{out_delegation}/",        OK,   OK,   NO,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/terms/",                                    OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/terms/edit/{term}/",                        OK,   OK,   NO,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/requirements/",                             OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/requirements/new/",                         OK,   OK,   NO,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/requirements/edit/{requirement}/",          OK,   OK,   NO,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/delegation_scopes/",                        OK,   NO,   NO,   NO,    NO,   LOGIN, LOGIN),
    # exemptions, enrolments, hours
    ("/admin/exemptions/",                               OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/exemptions/edit/{in_exemption}/",           OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/exemptions/edit/{out_exemption}/",          OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/exemptions/delete/{out_exemption}/",        OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/exemptions/history/{out_exemption}/",       OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/enrolments/",                               OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/enrolments/?export=csv",                    OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/enrolments/?export=xlsx",                   OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/enrolments/edit/{in_enrolment}/",           OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/enrolments/edit/{out_enrolment}/",          OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/enrolments/delete/{out_enrolment}/",        OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/enrolments/history/{out_enrolment}/",       OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/hours/",                                    OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/hours/?export=csv",                         OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/hours/?export=xlsx",                        OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/hours/edit/{in_hours}/",                    OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/hours/edit/{out_hours}/",                   OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/hours/delete/{out_hours}/",                 OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/hours/history/{out_hours}/",                OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    # learning records (the site, not the admin)
    ("/records/{in_deputy}/",                            OK,   OK,   OK,   NO,    NO,   GONE,  LOGIN),
    ("/records/{out_deputy}/",                           OK,   OK,   GONE, NO,    NO,   GONE,  LOGIN),
    ("/records/{own_deputy}/",                           OK,   OK,   OK,   NO,    NO,   OK,    LOGIN),
    # issued learning records: read by a GET, issued only by a POST (tested apart)
    ("/records/issued/{in_record}.pdf",                  OK,   OK,   OK,   NO,    NO,   GONE,  LOGIN),
    ("/records/issued/{out_record}.pdf",                 OK,   OK,   GONE, NO,    NO,   GONE,  LOGIN),
    ("/records/issued/{own_record}.pdf",                 OK,   OK,   OK,   NO,    NO,   OK,    LOGIN),
    ("/admin/learning_records/",                         OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/learning_records/?export=csv",              OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/learning_records/?export=xlsx",             OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    # certificates: listed and inspected, never typed in
    ("/admin/certificates_admin/",                       OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates_admin/?export=csv",            OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates_admin/?export=xlsx",           OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates_admin/new/",                   GONE, GONE, GONE, GONE,  GONE, LOGIN, LOGIN),
    ("/admin/certificates_admin/edit/{in_certificate}/", GONE, GONE, GONE, GONE,  GONE, LOGIN, LOGIN),
    ("/admin/certificates_admin/delete/{in_certificate}/", GONE, GONE, GONE, GONE, GONE, LOGIN, LOGIN),
    ("/admin/certificates_admin/history/{in_certificate}/", GONE, GONE, GONE, GONE, GONE, LOGIN, LOGIN),
    ("/admin/certificates_admin/inspect/{in_certificate}/", OK, OK,  OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates_admin/inspect/{out_certificate}/", OK, OK, GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates/issue/",                       OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates/{in_certificate}/revoke/",     OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates/{out_certificate}/revoke/",    OK,   OK,   GONE, NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates/zip/?course={course}",         OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates/zip/?delegation={in_delegation}", OK, OK,  OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/certificates/zip/?delegation={out_delegation}", OK, OK, GONE, NO,    NO,   LOGIN, LOGIN),
    ("/certificates/{in_certificate}/download/",         OK,   OK,   OK,   NO,    NO,   GONE,  LOGIN),
    ("/certificates/{out_certificate}/download/",        OK,   OK,   GONE, NO,    NO,   GONE,  LOGIN),
    ("/certificates/{own_certificate}/download/",        OK,   OK,   OK,   NO,    NO,   OK,    LOGIN),
    # one template serves the congress: scoped staff read it, do not change it
    ("/admin/snippets/certificates/certificatetemplate/edit/{template}/", OK, OK, NO, NO, NO, LOGIN, LOGIN),
    ("/admin/certificates/templates/{template}/preview.pdf", OK, OK,  OK,   NO,    NO,   LOGIN, LOGIN),
    # rounds and exams: grants logged, exam attempts, the editors' question bank
    ("/admin/attempt_grants/",                           OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/attempt_grants/new/",                       NO,   NO,   NO,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/exam_attempts/",                            OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/exam_attempts/?export=csv",                 OK,   OK,   OK,   NO,    NO,   LOGIN, LOGIN),
    ("/admin/question_banks/",                           OK,   NO,   NO,   OK,    NO,   LOGIN, LOGIN),
    ("/admin/questions/",                                OK,   NO,   NO,   OK,    NO,   LOGIN, LOGIN),
    ("/admin/question-banks/import/",                    OK,   NO,   NO,   OK,    NO,   LOGIN, LOGIN),
    ("/admin/question-banks/template.xlsx",              OK,   NO,   NO,   OK,    NO,   LOGIN, LOGIN),
    # course material: the editors' images and documents
    ("/admin/images/",                                   OK,   NO,   NO,   OK,    NO,   LOGIN, LOGIN),
    ("/admin/images/multiple/add/",                      OK,   NO,   NO,   OK,    NO,   LOGIN, LOGIN),
    ("/admin/documents/",                                OK,   NO,   NO,   OK,    NO,   LOGIN, LOGIN),
    ("/admin/documents/multiple/add/",                   OK,   NO,   NO,   OK,    NO,   LOGIN, LOGIN),
]
# fmt: on

# What each list, export and archive holds: read as the roles who may open it.
CONTENT = {
    "/admin/deputies/": "html",
    "/admin/deputies/?export=csv": "csv",
    "/admin/deputies/?export=xlsx": "xlsx",
    "/admin/exemptions/": "html",
    "/admin/enrolments/": "html",
    "/admin/enrolments/?export=csv": "csv",
    "/admin/enrolments/?export=xlsx": "xlsx",
    "/admin/hours/": "html",
    "/admin/hours/?export=csv": "csv",
    "/admin/hours/?export=xlsx": "xlsx",
    "/admin/certificates_admin/": "html",
    "/admin/certificates_admin/?export=csv": "csv",
    "/admin/certificates_admin/?export=xlsx": "xlsx",
    "/admin/certificates/zip/?course={course}": "zip",
    "/admin/learning_records/": "html",
    "/admin/learning_records/?export=csv": "csv",
    "/admin/learning_records/?export=xlsx": "xlsx",
}


@dataclass
class College:
    """The small college every cell is asked about, built once for the module."""

    users: dict
    ids: dict


def _staff(username: str, group: str):
    """A staff account as the college makes them: a member of a staff group."""
    user = get_user_model().objects.create_user(username, password="pw-staff-123")
    user.groups.add(Group.objects.get(name=group))
    return user


def _build_college() -> College:
    cache.clear()
    annual = annual_plan()
    plan_editors_grant(plan=TrainingPlanPage.objects.ancestor_of(annual).get())
    term = TermFactory()
    huangpu = DelegationFactory(name="黄浦区", sort_order=1)
    xuhui = DelegationFactory(name="徐汇区", sort_order=2)
    course = CourseWithModulesFactory(
        parent=annual, title="新任代表履职第一课", awards_certificate=True
    )
    requirement = RequirementFactory(term=term, courses=[course])

    inside = DeputyFactory(term=term, delegation=huangpu, name=HP_NAME)
    own = DeputyFactory(term=term, delegation=huangpu, name=OWN_NAME, with_account=True)
    outside = DeputyFactory(term=term, delegation=xuhui, name=XH_NAME)
    hours = {deputy: HoursEntryFactory(deputy=deputy) for deputy in (inside, outside)}
    enrolments = {
        deputy: EnrolmentFactory(deputy=deputy, course=course, completed=True)
        for deputy in (inside, own, outside)
    }
    exemptions = {
        deputy: ExemptionFactory(requirement=requirement, deputy=deputy)
        for deputy in (inside, outside)
    }
    template = CertificateTemplateFactory(is_default=True)
    certificates = {
        deputy: CertificateFactory(
            deputy=deputy, course=course, template=template, pdf=True
        )
        for deputy in (inside, own, outside)
    }

    records = {
        deputy: learning_record_issue(deputy=deputy)
        for deputy in (inside, own, outside)
    }

    for delegation, name in ((huangpu, HP_WAITING), (xuhui, XH_WAITING)):
        EnrolmentFactory(
            deputy=DeputyFactory(term=term, delegation=delegation, name=name),
            course=course,
            completed=True,
        )

    hp_trainer = _staff("trainer_huangpu", TRAINING_ADMINISTRATORS)
    StaffScope.objects.create(user=hp_trainer, note="黄浦区培训管理员").delegations.set(
        [huangpu]
    )
    users = {
        "su": get_user_model().objects.create_superuser("root", password="pw-root-123"),
        "city": _staff("trainer", TRAINING_ADMINISTRATORS),
        "hp": hp_trainer,
        "editor": _staff("editor", COURSE_EDITORS),
        "moderator": _staff("moderator", FORUM_MODERATORS),
        "deputy": own.user,
        "anonymous": None,
    }
    ids = {
        "in_deputy": inside.pk,
        "out_deputy": outside.pk,
        "own_deputy": own.pk,
        "in_delegation": huangpu.pk,
        "out_delegation": xuhui.pk,
        "in_enrolment": enrolments[inside].pk,
        "out_enrolment": enrolments[outside].pk,
        "in_exemption": exemptions[inside].pk,
        "out_exemption": exemptions[outside].pk,
        "in_hours": hours[inside].pk,
        "out_hours": hours[outside].pk,
        "in_certificate": certificates[inside].pk,
        "out_certificate": certificates[outside].pk,
        "own_certificate": certificates[own].pk,
        "in_record": records[inside].code,
        "out_record": records[outside].code,
        "own_record": records[own].code,
        "course": course.pk,
        "requirement": requirement.pk,
        "term": term.pk,
        "template": template.pk,
        "annual": annual.pk,
    }
    return College(users=users, ids=ids)


@pytest.fixture(scope="module")
def college(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once and rolled back after the module; each test runs in a savepoint."""
    private_root = tmp_path_factory.mktemp("private")
    with (
        override_settings(PRIVATE_MEDIA_ROOT=private_root),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield _build_college()
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def as_role(client, college, db):
    def login(role: str):
        user = college.users[role]
        if user is not None:
            client.force_login(user)
        return client

    return login


def _cells():
    for url, *answers in MATRIX:
        for role, answer in zip(ROLES, answers, strict=True):
            yield pytest.param(url, role, answer, id=f"{url} {role}")


def assert_answer(response, url: str, answer: str) -> None:
    status = response.status_code
    if answer == OK:
        assert status == 200, (status, response.get("Location"))
    elif answer == GONE:
        assert status == 404, (status, response.get("Location"))
    elif answer == LOGIN:
        assert status == 302, status
        assert response["Location"].startswith(("/admin/login/", "/accounts/login/")), (
            response["Location"]
        )
    elif url.startswith("/admin/"):
        # Wagtail refuses inside the admin by sending the user back to the dashboard.
        assert (status, response.get("Location")) == (302, "/admin/"), status
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("permission" in m or "权限" in m for m in messages), messages
    else:
        assert status == 403, (status, response.get("Location"))


def readable_text(response, kind: str) -> str:
    """The text a person reads in a list, an export or the names in an archive."""
    body = b"".join(response) if response.streaming else response.content
    if kind == "zip":
        return "\n".join(zipfile.ZipFile(io.BytesIO(body)).namelist())
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(body)).active
        return "\n".join(
            str(cell) for row in sheet.iter_rows(values_only=True) for cell in row
        )
    if kind == "csv":
        return "\n".join(
            ",".join(row) for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))
        )
    return body.decode()


@pytest.mark.parametrize(("url", "role", "answer"), list(_cells()))
def test_access_matrix(as_role, college, url, role, answer):
    client = as_role(role)
    full_url = url.format(**college.ids)
    response = client.get(full_url)
    assert_answer(response, full_url, answer)
    kind = CONTENT.get(url)
    if answer == OK and kind:
        text = readable_text(response, kind)
        assert HP_NAME in text
        if role == "hp":
            assert XH_NAME not in text
        else:
            assert XH_NAME in text


def test_the_matrix_names_every_admin_list_of_deputies_data():
    listed = {url for url, *_ in MATRIX}
    for name in (
        "deputies",
        "enrolments",
        "hours",
        "certificates_admin",
        "learning_records",
    ):
        for export in ("csv", "xlsx"):
            assert f"/admin/{name}/?export={export}" in listed
    for name in ("delegations", "terms", "delegation_scopes", "requirements"):
        assert f"/admin/{name}/" in listed


# What each role does with its access ------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("su", True),
        ("city", True),
        ("hp", True),
        ("editor", True),
        ("moderator", True),
        ("deputy", False),
        ("anonymous", False),
    ],
)
def test_the_site_header_links_the_admin_for_whoever_may_enter_it(as_role, role, shown):
    html = as_role(role).get("/courses/").content.decode()
    assert ('href="/admin/"' in html) is shown


# The training administrators who issue certificates; and the superuser, to show
# that no one at all can type one in (superuser behaviour is the point of "su").
@pytest.mark.parametrize("role", ["city", "hp", "su"])
def test_certificates_cannot_be_typed_in_even_by_a_superuser(as_role, college, role):
    html = as_role(role).get("/admin/certificates_admin/").content.decode()
    assert "/admin/certificates_admin/new/" not in html
    assert (
        f"/admin/certificates_admin/edit/{college.ids['in_certificate']}/" not in html
    )
    inspect = f"/admin/certificates_admin/inspect/{college.ids['in_certificate']}/"
    assert inspect in html
    page = as_role(role).get(inspect).content.decode()
    assert "/admin/certificates_admin/edit/" not in page
    assert "/admin/certificates_admin/delete/" not in page


def test_the_training_administrator_revokes_a_certificate(as_role, college):
    pk = college.ids["in_certificate"]
    response = as_role("city").post(
        f"/admin/certificates/{pk}/revoke/", {"reason": "姓名录入错误"}
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(pk=pk)
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "姓名录入错误"
    assert certificate.replaced_by is None


def test_the_training_administrator_reissues_a_certificate(as_role, college):
    pk = college.ids["out_certificate"]
    response = as_role("city").post(
        f"/admin/certificates/{pk}/revoke/", {"reason": "姓名录入错误", "reissue": "on"}
    )
    assert response.status_code == 302
    old = Certificate.objects.select_related("replaced_by").get(pk=pk)
    assert old.status == Certificate.Status.REVOKED
    new = old.replaced_by
    assert new.is_valid and new.deputy_id == old.deputy_id and new.pdf
    download = as_role("city").get(f"/certificates/{new.pk}/download/")
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download)).hexdigest() == new.sha256


@pytest.mark.parametrize(
    ("role", "issued_to"),
    [("city", {HP_WAITING, XH_WAITING}), ("hp", {HP_WAITING})],
)
def test_a_bulk_issue_reaches_the_eligible_deputies_in_scope(
    as_role, college, role, issued_to
):
    before = set(Certificate.objects.values_list("pk", flat=True))
    response = as_role(role).post(
        "/admin/certificates/issue/", {"course": college.ids["course"]}
    )
    assert response.status_code == 302
    issued = Certificate.objects.exclude(pk__in=before).select_related("deputy")
    assert {c.deputy.name for c in issued} == issued_to
    assert all(c.pdf and c.is_valid for c in issued)


def test_the_training_administrator_downloads_the_certificate_file(as_role, college):
    certificate = Certificate.objects.get(pk=college.ids["in_certificate"])
    response = as_role("city").get(f"/certificates/{certificate.pk}/download/")
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response)).hexdigest() == certificate.sha256


def test_a_scoped_zip_holds_only_the_delegation_s_certificates(as_role, college):
    response = as_role("hp").get(
        f"/admin/certificates/zip/?delegation={college.ids['in_delegation']}"
    )
    names = readable_text(response, "zip")
    assert HP_NAME in names and OWN_NAME in names and XH_NAME not in names


# Outside the delegation: no change goes through either.


def test_a_scoped_administrator_cannot_revoke_outside_the_delegation(as_role, college):
    pk = college.ids["out_certificate"]
    response = as_role("hp").post(
        f"/admin/certificates/{pk}/revoke/", {"reason": "试图越权", "reissue": "on"}
    )
    assert response.status_code == 404
    assert Certificate.objects.get(pk=pk).is_valid


@pytest.mark.parametrize(
    ("viewset", "model", "key"),
    [
        ("deputies", Deputy, "out_deputy"),
        ("enrolments", Enrolment, "out_enrolment"),
        ("hours", HoursEntry, "out_hours"),
        ("exemptions", Exemption, "out_exemption"),
    ],
)
def test_a_scoped_administrator_cannot_delete_outside_the_delegation(
    as_role, college, viewset, model, key
):
    pk = college.ids[key]
    assert as_role("hp").post(f"/admin/{viewset}/delete/{pk}/").status_code == 404
    assert model.objects.filter(pk=pk).exists()


def test_a_scoped_administrator_cannot_open_an_account_outside_the_delegation(
    as_role, college
):
    outside = Deputy.objects.get(pk=college.ids["out_deputy"])
    response = as_role("hp").post(
        f"/admin/roster/deputies/{outside.pk}/account/", {"action": "activate"}
    )
    assert response.status_code == 404
    outside.refresh_from_db()
    assert outside.user_id is None


def test_a_scoped_administrator_cannot_move_a_deputy_to_another_delegation(
    as_role, college
):
    deputy = Deputy.objects.get(pk=college.ids["in_deputy"])
    client = as_role("hp")
    form = client.get(f"/admin/deputies/edit/{deputy.pk}/").content.decode()
    assert "黄浦区" in form and "徐汇区" not in form
    response = client.post(
        f"/admin/deputies/edit/{deputy.pk}/",
        {
            "term": deputy.term_id,
            "deputy_no": deputy.deputy_no,
            "name": deputy.name,
            "gender": deputy.gender,
            "delegation": college.ids["out_delegation"],
            "level": deputy.level,
            "newly_elected": "on",
            "elected_on": "2023-01-10",
            "phone": deputy.phone,
            "email": deputy.email,
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # the form again, with its error
    deputy.refresh_from_db()
    assert deputy.delegation_id == college.ids["in_delegation"]


def test_a_scoped_administrator_cannot_exempt_a_deputy_outside_the_delegation(
    as_role, college
):
    response = as_role("hp").post(
        "/admin/exemptions/new/",
        {
            "requirement": college.ids["requirement"],
            "deputy": college.ids["out_deputy"],
            "reason": "越权免训",
        },
    )
    assert response.status_code == 200
    assert not Exemption.objects.filter(reason="越权免训").exists()


def test_a_scoped_administrator_cannot_import_the_roster(as_role, college):
    content = "代表证号,姓名,代表团,届次\n16-9999,越权导入,徐汇区,16\n".encode()
    response = as_role("hp").post(
        "/admin/roster/import/",
        {"file": SimpleUploadedFile("roster.csv", content)},
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Deputy.objects.filter(deputy_no="16-9999").exists()
    menu = as_role("hp").get("/admin/").content.decode()
    assert "/admin/roster/import/" not in menu


# Course editors: course material yes, deputies' data never.


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_course_editor_uploads_an_image_into_the_course_material(
    as_role, college, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    material = Collection.objects.get(name="课程资料")
    client = as_role("editor")
    response = client.post(
        "/admin/images/add/",
        {
            "title": "人大代表履职示意图",
            "file": SimpleUploadedFile("diagram.png", _png(), "image/png"),
            "collection": material.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="人大代表履职示意图")
    assert image.collection == material
    assert "人大代表履职示意图" in client.get("/admin/images/chooser/").json()["html"]
    moderator_chooser = as_role("moderator").get("/admin/images/chooser/").json()
    assert "人大代表履职示意图" not in moderator_chooser["html"]


def test_a_course_editor_uploads_a_document_into_the_course_material(
    as_role, college, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    material = Collection.objects.get(name="课程资料")
    response = as_role("editor").post(
        "/admin/documents/add/",
        {
            "title": "代表法学习讲义",
            "file": SimpleUploadedFile("notes.txt", "代表法".encode()),
            "collection": material.pk,
        },
    )
    assert response.status_code == 302
    assert (
        get_document_model().objects.get(title="代表法学习讲义").collection == material
    )


def test_a_course_editor_still_edits_the_plan(as_role, college):
    client = as_role("editor")
    assert client.get(f"/admin/pages/{college.ids['annual']}/edit/").status_code == 200


def test_site_history_names_no_deputy_outside_the_delegation(as_role, college):
    # Wagtail filters site history by model, not row: scoped staff do not get it.
    outside = Deputy.objects.get(pk=college.ids["out_deputy"])
    log(instance=outside, action="wagtail.edit", user=college.users["city"])
    for url in ["/admin/reports/site-history/", "/admin/reports/site-history/results/"]:
        response = as_role("hp").get(url)
        assert XH_NAME not in response.content.decode()
        assert response.status_code in {302, 403}
    assert (
        XH_NAME in as_role("city").get("/admin/reports/site-history/").content.decode()
    )
