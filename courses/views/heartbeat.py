"""Time-based completion: the playing session, heartbeats and the media files."""

import json
import os
import re

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtailmedia.models import get_media_model

from courses.models import ModulePage, ModuleProgress
from courses.selectors.viewing import Requirements, viewing_status
from courses.services.viewing import (
    HEARTBEAT_SECONDS,
    HeartbeatRefused,
    viewing_beat,
    viewing_start,
)
from courses.views.learning import deputy_or_403

MAX_BEAT_BYTES = 2048
# A range request is answered in parts of this size at most, never the whole file.
MAX_RANGE_BYTES = 2 * 1024 * 1024
REFUSALS = {
    "forged": 403,
    "elsewhere": 409,
    "replayed": 409,
    "unknown": 400,
}


def _refusal_message(reason: str) -> str:
    if reason == "elsewhere":
        return _(
            "You are learning in another window or tab; time is counted there only."
        )
    return _("This heartbeat was refused; reload the page.")


def _status_payload(status, *, module_complete: bool) -> dict:
    lines = status.lines
    if module_complete:
        lines = [_("This module is complete."), *lines]
    return {
        "lines": lines,
        "done": status.done,
        "reading_left": status.reading_left,
        "end_reached": status.end_reached,
        "module_complete": module_complete,
    }


@login_required
@require_POST
def viewing_start_view(request, module_id: int):
    """Start this tab's playing session; answers the token and where to resume."""
    deputy = deputy_or_403(request)
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    session = viewing_start(deputy=deputy, module=module, user_id=request.user.pk)
    status = viewing_status(requirements=session.requirements, row=session.row)
    complete = ModuleProgress.objects.filter(
        deputy=deputy, module=module, completed_at__isnull=False
    ).exists()
    return JsonResponse(
        {
            "token": session.token,
            "interval": HEARTBEAT_SECONDS,
            "resume": {item.block_id: item.position for item in status.media},
            **_status_payload(status, module_complete=complete),
        }
    )


def _beat_input(request) -> dict:
    if len(request.body) > MAX_BEAT_BYTES:
        raise ValueError
    data = json.loads(request.body)
    position = data.get("position")
    return {
        "token": str(data["token"]),
        "seq": int(data["seq"]),
        "media_id": str(data.get("media") or "")[:64],
        "position": float(position) if position is not None else None,
        "end_reached": bool(data.get("end")),
        "restart": bool(data.get("restart")),
    }


@login_required
@require_POST
def viewing_beat_view(request):
    """One heartbeat: credits the time since the last one; refusals earn nothing."""
    try:
        beat = _beat_input(request)
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest(_("A heartbeat needs a token and a number."))
    try:
        result = viewing_beat(user_id=request.user.pk, **beat)
    except HeartbeatRefused as refusal:
        return JsonResponse(
            {"refused": refusal.reason, "message": _refusal_message(refusal.reason)},
            status=REFUSALS.get(refusal.reason, 400),
        )
    payload = {"credited": result.credited, "reason": result.reason}
    if result.newly_done or beat["end_reached"] or result.credited:
        # The status line changed: give it, from the row (the page is not read).
        row = result.row
        requirements = Requirements(
            reading=row.reading_required,
            share=row.watch_share,
            media={k: float(v["d"]) for k, v in row.media.items()},
        )
        complete = result.newly_done and (
            ModuleProgress.objects.filter(
                deputy_id=row.deputy_id,
                module_id=row.module_id,
                completed_at__isnull=False,
            ).exists()
        )
        payload.update(
            _status_payload(
                viewing_status(requirements=requirements, row=row),
                module_complete=complete,
            )
        )
    return JsonResponse(payload)


RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


@login_required
@require_GET
def media_file(request, media_id: int):
    """A video or audio file for logged-in users, with byte ranges for seeking."""
    media = get_object_or_404(get_media_model(), pk=media_id)
    try:
        handle = media.file.open("rb")
        size = media.file.size
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    content_type = {
        ".webm": "video/webm",
        ".mp4": "video/mp4",
        ".m4a": "audio/mp4",
        ".mp3": "audio/mpeg",
        ".ogg": "audio/ogg",
        ".wav": "audio/wav",
    }.get(os.path.splitext(media.file.name)[1].lower(), "application/octet-stream")
    match = RANGE.match(request.headers.get("Range", ""))
    if match and (match.group(1) or match.group(2)):
        if match.group(1):
            start = int(match.group(1))
            end = int(match.group(2)) if match.group(2) else size - 1
        else:
            start, end = max(0, size - int(match.group(2))), size - 1
        end = min(end, size - 1, start + MAX_RANGE_BYTES - 1)
        if start > end:
            handle.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        handle.seek(start)
        data = handle.read(end - start + 1)
        handle.close()
        response = HttpResponse(data, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(handle, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    return response
