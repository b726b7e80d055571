"""Uploads: refused by size before the body is read; rosters staged privately and
not kept; course documents for logged-in users only."""

import os
import time

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cms.groups import TRAINING_ADMINISTRATORS
from people.models import Deputy
from tests.factories.roster import DelegationFactory, TermFactory

pytestmark = pytest.mark.django_db

ROSTER = (
    "代表证号,姓名,代表团,届次,手机,邮箱\n"
    "16-0001,张明,黄浦区,16,13900000001,zhangming@example.org\n"
).encode()


@pytest.fixture
def trainer(client, django_user_model):
    user = django_user_model.objects.create_user("trainer", password="pw-trainer-1")
    user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    client.force_login(user)
    return user


@pytest.fixture
def storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


def _staged(storage) -> list:
    return list((storage / "private" / "roster-imports").glob("*.upload"))


def test_a_huge_declared_verification_upload_is_refused_unread(client):
    response = client.generic(
        "POST",
        "/certificates/verify/",
        b"--x--",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "大于5 MB" in response.content.decode()


def test_a_roster_waits_in_private_storage_and_goes_on_confirmation(
    client, trainer, storage
):
    TermFactory()
    DelegationFactory(name="黄浦区")
    response = client.post(
        "/admin/roster/import/", {"file": SimpleUploadedFile("roster.csv", ROSTER)}
    )
    token = response.context["token"]
    assert len(_staged(storage)) == 1
    assert not (storage / "media").exists() or not any((storage / "media").rglob("*"))
    client.post("/admin/roster/import/", {"token": token, "filename": "roster.csv"})
    assert Deputy.objects.filter(deputy_no="16-0001").exists()
    assert _staged(storage) == []


def test_a_staged_roster_older_than_an_hour_is_deleted_and_refused(
    client, trainer, storage
):
    TermFactory()
    DelegationFactory(name="黄浦区")
    response = client.post(
        "/admin/roster/import/", {"file": SimpleUploadedFile("roster.csv", ROSTER)}
    )
    token = response.context["token"]
    (path,) = _staged(storage)
    two_hours_ago = time.time() - 7200
    os.utime(path, (two_hours_ago, two_hours_ago))
    response = client.post(
        "/admin/roster/import/",
        {"token": token, "filename": "roster.csv"},
        follow=True,
    )
    assert "已过期" in response.content.decode()
    assert _staged(storage) == []
    assert not Deputy.objects.exists()


def test_a_made_up_token_reads_no_file(client, trainer, storage):
    response = client.post(
        "/admin/roster/import/",
        {"token": "../../etc/passwd", "filename": "x.csv"},
        follow=True,
    )
    assert "已过期" in response.content.decode()


def _document(collection: Collection):
    document = get_document_model()(title="学习材料", collection=collection)
    document.file.save("material.pdf", ContentFile(b"%PDF-1.4 material"), save=True)
    return document


def test_course_material_documents_need_a_login(client, storage, django_user_model):
    document = _document(Collection.objects.get(name="课程资料"))
    response = client.get(document.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(document.url).status_code == 200


def test_documents_outside_course_material_stay_public(client, storage):
    document = _document(Collection.get_first_root_node())
    assert client.get(document.url).status_code == 200


@pytest.mark.parametrize(
    "name", ["/../../x", "..\\..\\evil", "张明/../../etc/passwd", "\u202e张明.exe"]
)
def test_zip_entry_names_cannot_climb_out_of_the_archive(name):
    from types import SimpleNamespace

    from certificates.views import zip_entry_name

    certificate = SimpleNamespace(
        serial="DC-2026-000001", deputy=SimpleNamespace(name=name)
    )
    entry = zip_entry_name(certificate)
    assert entry.startswith("DC-2026-000001-") and entry.endswith(".pdf")
    assert "/" not in entry and "\\" not in entry and ".." not in entry
    assert "\u202e" not in entry
