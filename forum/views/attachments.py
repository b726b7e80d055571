"""Attachments are served only here, to readers of their post (never by MEDIA_URL)."""

from django.http import FileResponse, Http404

from forum.models import Attachment
from forum.views.discussion import _not_readable


def attachment_view(request, attachment_id: int):
    attachment = (
        Attachment.objects.visible_to(request.user).filter(pk=attachment_id).first()
    )
    if attachment is None:
        return _not_readable(request)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    inline = attachment.kind == Attachment.Kind.IMAGE
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        as_attachment=not inline,
        filename=attachment.name,
    )
    # Never guessed as another type, never run as a page, never kept by a proxy.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
