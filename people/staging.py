"""Roster files between preview and confirmation.

A roster holds phones and e-mails: the uploaded file waits in private storage
(never under MEDIA_ROOT, which is served in development), named by a random
token, and is deleted when the import is confirmed or after an hour, whichever
comes first.
"""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

LIFETIME_SECONDS = 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _folder() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "roster-imports"


def _path(token: str) -> Path | None:
    return _folder() / f"{token}.upload" if _TOKEN.match(token) else None


def roster_file_purge_stale() -> int:
    """Delete staged files older than an hour; returns how many went."""
    folder = _folder()
    if not folder.is_dir():
        return 0
    limit = time.time() - LIFETIME_SECONDS
    stale = [path for path in folder.glob("*.upload") if path.stat().st_mtime < limit]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def roster_file_stage(content: bytes) -> str:
    """Keep an uploaded roster until confirmation; returns its token."""
    roster_file_purge_stale()
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_hex(16)
    path = folder / f"{token}.upload"
    path.write_bytes(content)
    path.chmod(0o600)
    return token


def roster_file_read(token: str) -> bytes | None:
    """The staged file, or None when the token is unknown, malformed or expired."""
    roster_file_purge_stale()
    path = _path(token)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def roster_file_discard(token: str) -> None:
    path = _path(token)
    if path is not None:
        path.unlink(missing_ok=True)
