"""Files attached to posts: checked by their own bytes, images encoded again.

`attachment_check` runs in the form (bad input: a clear message, nothing saved);
`attachments_save` stores what it accepted with the post, outside MEDIA_ROOT.
"""

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from forum.models import Attachment, Post
from infrastructure.text import text_normalise, unsafe_characters
from infrastructure.uploads import (
    ImageRejected,
    image_reencode,
    pdf_looks_whole,
    sniff_type,
)

EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes

    @property
    def kind(self) -> str:
        return Attachment.Kind.PDF if self.content_type.endswith("pdf") else "image"


def max_bytes() -> int:
    return settings.FORUM_ATTACHMENT_MAX_BYTES


def max_per_post() -> int:
    return settings.FORUM_ATTACHMENTS_PER_POST


def _clean_name(raw: str) -> str:
    """A file name as readers will see it: without hidden or reordering characters."""
    name = text_normalise(raw)
    bad = set(unsafe_characters(name))
    return "".join(char for char in name if char not in bad)


def _size_label(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def attachment_check(upload: UploadedFile) -> CheckedFile:
    """Read and check one uploaded file; raise ValidationError saying what is wrong."""
    raw_name = PurePath((upload.name or "file").replace("\\", "/")).name
    name = _clean_name(raw_name)[:100] or "file"
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than %(max)s.")
            % {"name": name, "max": _size_label(max_bytes())},
            code="too_large",
        )
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise ValidationError(
            _("“%(name)s” is larger than %(max)s.")
            % {"name": name, "max": _size_label(max_bytes())},
            code="too_large",
        )
    content_type = sniff_type(data[:16])
    if content_type is None:
        raise ValidationError(
            _("“%(name)s” is not a JPEG, PNG or WebP image or a PDF file.")
            % {"name": name},
            code="type",
        )
    if content_type == "application/pdf":
        if not pdf_looks_whole(data):
            raise ValidationError(
                _("“%(name)s” is not a complete PDF file.") % {"name": name},
                code="broken_pdf",
            )
    else:
        try:
            data = image_reencode(
                data,
                content_type=content_type,
                max_pixels=settings.FORUM_ATTACHMENT_MAX_PIXELS,
            )
        except ImageRejected as error:
            raise ValidationError(
                _("“%(name)s” cannot be read as an image.") % {"name": name},
                code="broken_image",
            ) from error
    stem = PurePath(name).stem or "file"
    return CheckedFile(
        name=f"{stem}{EXTENSIONS[content_type]}",
        content_type=content_type,
        data=data,
    )


def attachments_save(*, post: Post, files: list[CheckedFile]) -> list[Attachment]:
    """Store checked files with a post; refuses more than the per-post limit."""
    if not files:
        return []
    if post.attachments.count() + len(files) > max_per_post():
        raise ValidationError(
            _("A post can have at most %(max)d attachments.") % {"max": max_per_post()},
            code="too_many",
        )
    saved = []
    for checked in files:
        attachment = Attachment(
            post=post,
            name=checked.name,
            kind=checked.kind,
            content_type=checked.content_type,
            size=len(checked.data),
        )
        # A random name on disk: the reader's name is kept in `name` only.
        stored = f"{uuid.uuid4().hex}{EXTENSIONS[checked.content_type]}"
        attachment.file.save(stored, ContentFile(checked.data), save=False)
        attachment.save()
        saved.append(attachment)
    return saved
