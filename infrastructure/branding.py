"""The college's one name, 上海人大网络学院 unless the site settings say otherwise.

The name is set in the admin (设置 › 学院设置, `cms.CollegeSettings.site_name`);
`cms` registers the reader at start-up, since this package imports no app. Pages,
the admin, mails and PDFs ask `site_name()`. The answer is cached for a minute,
so that no page pays a query for it; saving the settings forgets it at once.
"""

from collections.abc import Callable

from django.core.cache import cache

DEFAULT_SITE_NAME = "上海人大网络学院"
CACHE_KEY = "college:site-name"
CACHE_SECONDS = 60

_reader: Callable[[], str | None] | None = None


def site_name_reader_register(reader: Callable[[], str | None]) -> None:
    """Who knows the configured name (the site shell's settings)."""
    global _reader
    _reader = reader


def site_name() -> str:
    """The name of the college as the site settings give it."""
    name = cache.get(CACHE_KEY)
    if name is None:
        name = (_reader() if _reader is not None else None) or DEFAULT_SITE_NAME
        cache.set(CACHE_KEY, name, CACHE_SECONDS)
    return name


def site_name_forget() -> None:
    """Read the name again next time (the settings changed)."""
    cache.delete(CACHE_KEY)
