"""Uploads are refused by their declared size before a byte of the body is read."""

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
