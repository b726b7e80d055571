"""Uploads: refused by declared size before the body is read, typed by magic bytes,
images decoded and encoded again, kept outside MEDIA_ROOT."""

from io import BytesIO

from django.http import HttpRequest

# Room for the multipart envelope around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


def body_too_large(request: HttpRequest, *, max_file_bytes: int) -> bool:
    """True when the request announces a body larger than the file limit allows.

    Call before touching request.POST or request.FILES, which read the whole body.
    """
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return declared > max_file_bytes + MULTIPART_OVERHEAD


# What a file's first bytes say it is. The name and the declared type are the
# sender's word; these are the file's own.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"%PDF-", 0, "application/pdf"),
)


def sniff_type(head: bytes) -> str | None:
    """The content type the magic bytes name (JPEG, PNG, WebP, PDF), or None."""
    for magic, offset, content_type in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


class ImageRejected(ValueError):
    """The file says it is an image, but Pillow cannot read it as one safely."""


def image_reencode(data: bytes, *, content_type: str, max_pixels: int) -> bytes:
    """Decode and encode an image again: metadata and anything appended are dropped.

    Refuses what Pillow cannot decode, a format other than the magic bytes said,
    and images larger than max_pixels (decompression bombs).
    """
    from PIL import Image

    expected = _PIL_FORMATS[content_type]
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format != expected:
                raise ImageRejected("format differs from its magic bytes")
            if probe.width * probe.height > max_pixels:
                raise ImageRejected("too many pixels")
            probe.verify()
        with Image.open(BytesIO(data)) as opened:
            opened.load()
            image: Image.Image = opened
            if expected == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = BytesIO()
            image.save(out, format=expected)
    except ImageRejected:
        raise
    except Exception as error:  # any decoder failure: not an image we keep
        raise ImageRejected(str(error) or type(error).__name__) from error
    return out.getvalue()


def pdf_looks_whole(data: bytes) -> bool:
    """A PDF starts with %PDF- and ends (give or take whitespace) with %%EOF."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
