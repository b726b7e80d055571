"""Attachments: typed by their bytes, images encoded again, bounded in size and
number, and served only through a view that checks the reader (closed boards,
hidden and deleted posts included)."""

import io
import uuid

import pytest
from django.conf import settings as django_settings
from PIL import Image

from forum.models import Attachment, Post
from forum.services import post_delete, post_hide, post_reply
from forum.services.attachments import CheckedFile
from tests.forum.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes(colour=(200, 30, 30), size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (8, 8), (10, 120, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def reply_with(client, topic, *files, body="请看附件"):
    return client.post(
        f"/forum/t/{topic.pk}/reply/",
        {"body": body, "token": str(uuid.uuid4()), "attachments": list(files)},
    )


def test_a_reply_carries_an_image_and_a_pdf_that_readers_open(
    client, open_topic, member, outsider
):
    login(client, member.user)
    response = reply_with(
        client, open_topic, upload("照片.png", png_bytes()), upload("材料.pdf", PDF)
    )
    assert response.status_code == 302
    image, pdf = Attachment.objects.order_by("pk")
    assert (image.kind, image.content_type) == ("image", "image/png")
    assert (pdf.kind, pdf.name) == ("pdf", "材料.pdf")
    login(client, outsider.user)
    page = client.get(f"/forum/t/{open_topic.pk}/").content.decode()
    assert f"/forum/a/{image.pk}/" in page and f"/forum/a/{pdf.pk}/" in page
    shown = client.get(f"/forum/a/{image.pk}/")
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in shown["Content-Security-Policy"]
    Image.open(io.BytesIO(b"".join(shown.streaming_content))).verify()
    downloaded = client.get(f"/forum/a/{pdf.pk}/")
    assert downloaded["Content-Disposition"].startswith("attachment")
    assert b"".join(downloaded.streaming_content) == PDF


def test_files_are_kept_outside_the_public_media_folder(client, open_topic, member):
    login(client, member.user)
    reply_with(client, open_topic, upload("a.png", png_bytes()))
    attachment = Attachment.objects.get()
    path = attachment.file.path
    assert str(path).startswith(str(django_settings.PRIVATE_MEDIA_ROOT))
    assert not str(path).startswith(str(django_settings.MEDIA_ROOT))
    assert "a.png" not in path  # a random name on disk


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("evil.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("fake.jpg", b"\xff\xd8\xff" + b"not really a jpeg" * 10),
        ("broken.pdf", b"%PDF-1.4 but cut short"),
        ("program.exe", b"MZ\x90\x00" + b"\x00" * 64),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_and_the_text_kept(
    client, open_topic, member, name, data
):
    login(client, member.user)
    before = Post.objects.count()
    response = reply_with(
        client, open_topic, upload(name, data, "image/png"), body="我的文字保留"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert name in body  # the message names the file
    assert "我的文字保留" in body
    assert Post.objects.count() == before
    assert not Attachment.objects.exists()


def test_an_image_is_encoded_again_without_its_metadata_or_appended_bytes(
    client, open_topic, member
):
    login(client, member.user)
    polyglot = jpeg_with_exif() + b"<script>alert(1)</script>"
    reply_with(client, open_topic, upload("photo.jpg", polyglot))
    stored = Attachment.objects.get().file.read()
    assert b"SecretCameraMaker" not in stored
    assert b"<script>" not in stored
    assert stored.startswith(b"\xff\xd8\xff")


def test_a_file_over_the_size_limit_is_refused(client, settings, open_topic, member):
    settings.FORUM_ATTACHMENT_MAX_BYTES = 1000
    login(client, member.user)
    response = reply_with(client, open_topic, upload("big.pdf", PDF + b"0" * 2000))
    assert response.status_code in (200, 413)
    assert not Attachment.objects.exists()


def test_a_request_far_over_the_limit_is_refused_unread(
    client, settings, open_topic, member
):
    settings.FORUM_ATTACHMENT_MAX_BYTES = 1000
    settings.FORUM_ATTACHMENTS_PER_POST = 1
    login(client, member.user)
    response = reply_with(
        client, open_topic, upload("huge.pdf", b"%PDF-" + b"0" * 400_000)
    )
    assert response.status_code == 413
    assert Post.objects.filter(topic=open_topic).count() == 1


def test_more_files_than_a_post_may_carry_are_refused(
    client, settings, open_topic, member
):
    settings.FORUM_ATTACHMENTS_PER_POST = 2
    login(client, member.user)
    response = reply_with(
        client, open_topic, *(upload(f"{n}.png", png_bytes()) for n in range(3))
    )
    assert response.status_code == 200
    assert not Attachment.objects.exists()


def test_an_outsider_gets_nothing_of_a_closed_boards_attachment(
    client, closed_topic, member, outsider
):
    post = post_reply(
        topic=closed_topic,
        author=member.user,
        body="附件",
        attachments=[
            CheckedFile(name="机密.pdf", content_type="application/pdf", data=PDF)
        ],
    )
    attachment = post.attachments.get()
    login(client, outsider.user)
    assert client.get(f"/forum/a/{attachment.pk}/").status_code == 404
    client.logout()
    response = client.get(f"/forum/a/{attachment.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_hidden_and_deleted_posts_take_their_files_with_them(
    client, open_topic, member, outsider, moderator
):
    def attach(body):
        return post_reply(
            topic=open_topic,
            author=member.user,
            body=body,
            attachments=[
                CheckedFile(name="a.pdf", content_type="application/pdf", data=PDF)
            ],
        ).attachments.get()

    hidden = attach("将被隐藏")
    deleted = attach("将被删除")
    post_hide(post=hidden.post, actor=moderator, reason="广告")
    post_delete(post=deleted.post, user=member.user)
    login(client, outsider.user)
    assert client.get(f"/forum/a/{hidden.pk}/").status_code == 404
    assert client.get(f"/forum/a/{deleted.pk}/").status_code == 404
    login(client, moderator)
    assert client.get(f"/forum/a/{hidden.pk}/").status_code == 200
