"""Rendered fragments kept in the cache until what they show changes (ADR 0018).

A fragment's cache key carries the tokens of the generations it depends on: one
deputy's learning ("learning:42"), or what every deputy's page shows ("learning").
Whatever changes such data gives its generation a new random token in the same
transaction, so the token and the data commit together: a reader that sees the new
token also sees the new data, and a fragment kept under an old token is never read
again. The tokens live in the database, not in the cache, so this holds whether the
cache is one per process (locmem) or shared (Redis), and a database reset (a new
seed, a test's rollback) can never meet a fragment of the old data.
"""

import secrets
from collections.abc import Callable, Sequence

from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from infrastructure.deferral import Deferral
from infrastructure.models import Generation

FRAGMENT_CACHE = "default"


def _token() -> int:
    return secrets.randbits(62)


def generation_tokens(scopes: Sequence[str]) -> tuple[int, ...]:
    """The current token of each scope (one query; a first read adds the missing)."""
    found = dict(
        Generation.objects.filter(scope__in=scopes).values_list("scope", "token")
    )
    missing = [scope for scope in scopes if scope not in found]
    if missing:
        Generation.objects.bulk_create(
            [Generation(scope=scope, token=_token()) for scope in missing],
            ignore_conflicts=True,
        )
        found |= dict(
            Generation.objects.filter(scope__in=missing).values_list("scope", "token")
        )
    return tuple(found[scope] for scope in scopes)


# Scopes whose new token waits for the end of a `generation_bumps_deferred` block,
# inside the transaction of the changes: a module completed writes its progress, its
# enrolment and its hours, and its deputy's pages need one new token, not three.
_deferred: Deferral[str] = Deferral(
    "generation_bumps", lambda scopes: generation_bump(*scopes)
)
generation_bumps_deferred = _deferred.block


def generation_bump(*scopes: str) -> None:
    """Give these scopes a new token, in the caller's transaction."""
    if not scopes:
        return
    if _deferred.gather(scopes):
        return
    token = _token()
    updated = Generation.objects.filter(scope__in=scopes).update(token=token)
    if updated == len(set(scopes)):
        return
    Generation.objects.bulk_create(
        [Generation(scope=scope, token=token) for scope in set(scopes)],
        ignore_conflicts=True,
    )
    # A row another transaction added meanwhile still gets this change's token.
    Generation.objects.filter(scope__in=scopes).update(token=token)


def cached_fragment(
    name: str,
    *,
    scopes: Sequence[str],
    render: Callable[[], str],
    timeout: Callable[[], int],
    parts: Sequence[object] = (),
) -> SafeString:
    """The fragment from the cache, or rendered and kept for `timeout()` seconds.

    `render` must return HTML made by our templates (it is marked safe); it reads
    its data after this function has read the tokens. `timeout` is asked only when
    the fragment is rendered.
    """
    tokens = generation_tokens(scopes)
    key = ":".join(
        ["fragment", name, get_language() or "", *map(str, parts), *map(str, tokens)]
    )
    cache = caches[FRAGMENT_CACHE]
    html = cache.get(key)
    if html is None:
        html = str(render())
        seconds = timeout()
        if seconds > 0:
            cache.set(key, html, seconds)
    return mark_safe(html)  # noqa: S308 - rendered by our own templates, escaped there
