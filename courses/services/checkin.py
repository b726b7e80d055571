"""The codes of the check-in QR: session, 30-second window and their HMAC.

The QR code on the administrator's screen changes every 30 seconds; the code of the
window before is still accepted, so that a scan at the turn of a window succeeds. A
code names its session and is signed with SECRET_KEY: it cannot be forged for another
session, and a screenshot is useless a minute later.
"""

import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

CHECKIN_WINDOW_SECONDS = 30
TOKEN = re.compile(r"^(\d{1,10})-(\d{1,12})-([0-9a-f]{24})$")


def _window(at: datetime) -> int:
    return int(at.timestamp()) // CHECKIN_WINDOW_SECONDS


def _mac(session_id: int, window: int) -> str:
    return salted_hmac(
        "courses.checkin", f"{session_id}:{window}", algorithm="sha256"
    ).hexdigest()[:24]


def checkin_token(*, session_id: int, at: datetime | None = None) -> str:
    """The code the session's QR shows now: session, time window and their HMAC."""
    window = _window(at or timezone.now())
    return f"{session_id}-{window}-{_mac(session_id, window)}"


def checkin_token_seconds_left(*, at: datetime | None = None) -> int:
    at = at or timezone.now()
    return CHECKIN_WINDOW_SECONDS - int(at.timestamp()) % CHECKIN_WINDOW_SECONDS


def checkin_token_session_id(*, token: str, at: datetime | None = None) -> int:
    """The session a code belongs to; ValidationError when forged or expired."""
    match = TOKEN.match(token)
    invalid = ValidationError(
        _("This check-in code is not valid. Scan the code shown in the room."),
        code="invalid",
    )
    if match is None:
        raise invalid
    session_id, window = int(match[1]), int(match[2])
    if not constant_time_compare(match[3], _mac(session_id, window)):
        raise invalid
    current = _window(at or timezone.now())
    if window > current:
        raise invalid
    if window < current - 1:
        raise ValidationError(
            _(
                "This check-in code has expired: codes change every 30 seconds. "
                "Scan the code on the screen again."
            ),
            code="expired",
        )
    return session_id
