"""The college's one name, 上海人大网络学院 unless the site settings say otherwise.

The name is set in the admin (设置 › 学院设置, `cms.CollegeSettings.site_name`);
`cms` registers the reader at start-up, since this package imports no app. Pages,
the admin, mails and PDFs ask `site_name()`. Like Django's own site cache, the
answer is kept in the process, so that no page pays a query for it: saving the
settings replaces it at once in the process that saved them, and other processes
read it again after `COLLEGE_SITE_NAME_SECONDS` (60 s; the tests keep it).
"""

import time
from collections.abc import Callable

from django.conf import settings

DEFAULT_SITE_NAME = "上海人大网络学院"

_reader: Callable[[], str | None] | None = None
_known: tuple[str, float | None] | None = None  # (name, read again after)


def site_name_reader_register(reader: Callable[[], str | None]) -> None:
    """Who knows the configured name (the site shell's settings)."""
    global _reader
    _reader = reader


def site_name() -> str:
    """The name of the college as the site settings give it."""
    if _known is not None and (_known[1] is None or time.monotonic() < _known[1]):
        return _known[0]
    name = (_reader() if _reader is not None else None) or DEFAULT_SITE_NAME
    site_name_remember(name)
    return name


def site_name_remember(name: str) -> None:
    """The name just saved in the settings: no need to read it again."""
    global _known
    seconds = getattr(settings, "COLLEGE_SITE_NAME_SECONDS", 60)
    _known = (name, None if seconds is None else time.monotonic() + seconds)


def site_name_forget() -> None:
    """Read the name again next time."""
    global _known
    _known = None
