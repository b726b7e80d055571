"""One site search over what every app makes searchable (ADR 0002, ADR 0014).

Each app registers its sources in its `AppConfig.ready()`; the site shell runs
`search_run`, which asks every source for a queryset of uniform rows, puts them
together with one `UNION ALL`, ranks title matches above body matches and pages
the result in the database. A page of results is a fixed number of queries
whatever the size of the college: the view restrictions, the count, the page of
rows, and one query per kind of link on the page.

A source decides who may find what: pages go through `page_visibility_q`
(published, not under a view restriction the searcher does not pass), the forum
through its own reading rule.
"""

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from infrastructure.identity import AnyUser

MAX_QUERY_LENGTH = 100
MAX_TERMS = 5
# Ranks: the whole query at the start of the title, all terms in the title, body only.
RANK_TITLE_START, RANK_TITLE, RANK_BODY = 0, 1, 2
COLUMNS = (
    "sr_kind",
    "sr_order",
    "sr_id",
    "sr_target",
    "sr_title",
    "sr_body",
    "sr_rank",
)


@dataclass
class SearchContext:
    """What a source needs to know about one search: the terms, who, which year."""

    query: str
    terms: list[str]
    user: "AnyUser"
    year: int | None = None
    # Paths of pages (and their subtrees) this searcher may not see.
    hidden_paths: list[str] = field(default_factory=list)
    # Shared between sources of one search (e.g. the paths of one year's plans).
    cache: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchSource:
    """One kind of result: how to find its rows and how to link them."""

    kind: str
    label: "str | Promise"
    order: int
    rows: Callable[[SearchContext], QuerySet]
    # target ids of one page of results -> their URLs (one query at most per call).
    links: Callable[[list[int], HttpRequest], dict[int, str]]


_registry: dict[str, SearchSource] = {}


def search_register(source: SearchSource) -> None:
    """Make a kind searchable; called from the owning app's `ready()`."""
    _registry[source.kind] = source


def search_sources() -> list[SearchSource]:
    return sorted(_registry.values(), key=lambda source: source.order)


def search_terms(query: str) -> list[str]:
    """The distinct terms of a query (white space, full-width too, separates them)."""
    terms: list[str] = []
    for term in query[:MAX_QUERY_LENGTH].split():
        if term.casefold() not in {t.casefold() for t in terms}:
            terms.append(term)
    return terms[:MAX_TERMS]


def _lookup(term: str) -> str:
    """`contains` for a term without case (Chinese, digits), else `icontains`.

    The two agree on such a term on every database; `contains` spares PostgreSQL
    upper-casing every row's text and can use the trigram indexes (ADR 0014).
    """
    return "contains" if term.upper() == term.lower() else "icontains"


def match_q(terms: list[str], fields: Iterable[str], *, model: type | None = None) -> Q:
    """Every term is a substring of at least one of the fields.

    With `model` (a page type), on PostgreSQL, the fields are matched table by
    table: `pk IN (rows of the page table whose title matches) OR pk IN (rows of
    the kind's own table whose text matches)`. The same rows are found; PostgreSQL
    answers each part from its trigram indexes, which an OR across two joined
    tables prevents.
    """
    fields = list(fields)
    tables: dict[Any, list[str]] = {}
    # SQLite has no such index; there the split only reads the page table once more.
    if model is not None and connection.vendor == "postgresql":
        for name in fields:
            owner = model._meta.get_field(name).model  # type: ignore[attr-defined]
            tables.setdefault(owner, []).append(name)
    condition = Q()
    for term in terms:
        lookup = _lookup(term)
        any_field = Q()
        if tables:
            for owner, names in tables.items():
                in_table = Q()
                for name in names:
                    in_table |= Q(**{f"{name}__{lookup}": term})
                matching = owner._base_manager.filter(in_table).values("pk")
                any_field |= Q(pk__in=matching)
        else:
            for name in fields:
                any_field |= Q(**{f"{name}__{lookup}": term})
        condition &= any_field
    return condition


def rank_case(context: SearchContext, title: str, *, extra: Q | None = None) -> Case:
    """RANK_TITLE_START / RANK_TITLE when the title holds the query, else RANK_BODY."""
    extra = extra if extra is not None else Q()
    starts = "startswith" if _lookup(context.query) == "contains" else "istartswith"
    return Case(
        When(
            Q(**{f"{title}__{starts}": context.query}) & extra,
            then=Value(RANK_TITLE_START),
        ),
        When(match_q(context.terms, [title]) & extra, then=Value(RANK_TITLE)),
        default=Value(RANK_BODY),
        output_field=IntegerField(),
    )


def text_concat(*names: str) -> Concat | Cast:
    """The body fields as one text column (the excerpt is cut from it)."""
    if len(names) == 1:
        return Cast(F(names[0]), output_field=TextField())
    parts: list[Any] = []
    for name in names:
        if parts:
            parts.append(Value("\n"))
        parts.append(F(name))
    return Concat(*parts, output_field=TextField())


def search_rows(
    queryset: QuerySet,
    *,
    source_kind: str,
    target: str,
    title: str,
    body: Concat | Cast,
    rank: Case,
) -> QuerySet:
    """A source's queryset shaped as the uniform rows the union needs."""
    return (
        queryset.annotate(
            sr_kind=Value(source_kind, output_field=CharField()),
            sr_order=Value(_registry[source_kind].order, output_field=IntegerField()),
            sr_id=F("pk"),
            sr_target=F(target),
            sr_title=Cast(F(title), output_field=TextField()),
            sr_body=body,
            sr_rank=rank,
        )
        .values(*COLUMNS)
        .order_by()
    )  # no model ordering inside a UNION


def page_hidden_paths(user: "AnyUser") -> list[str]:
    """Paths under a view restriction this user does not pass (one query).

    Password restrictions always hide: search does not know the session's
    passwords, and a page behind one is never listed.
    """
    from wagtail.models import PageViewRestriction

    if user.is_authenticated and user.is_superuser:
        return []
    restrictions = PageViewRestriction.objects.values_list(
        "page__path", "restriction_type"
    )
    if user.is_authenticated:
        restrictions = restrictions.annotate(
            member=Exists(
                PageViewRestriction.groups.through.objects.filter(
                    pageviewrestriction_id=OuterRef("pk"), group__user=user
                )
            )
        ).values_list("page__path", "restriction_type", "member")
    hidden = set()
    for row in restrictions:
        path, kind = row[0], row[1]
        member = bool(row[2]) if len(row) > 2 else False
        passes = (kind == PageViewRestriction.LOGIN and user.is_authenticated) or (
            kind == PageViewRestriction.GROUPS and member
        )
        if not passes:
            hidden.add(path)
    return sorted(hidden)


def page_visibility_q(
    context: SearchContext, *, model: type | None = None, prefix: str = ""
) -> Q:
    """Published pages outside every subtree hidden from this searcher.

    With `model`, also the page's content type: an indexed column that lets the
    database read only that kind's rows of the page table, not all of them.
    """
    condition = Q(**{f"{prefix}live": True, f"{prefix}expired": False})
    if model is not None:
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(model)
        condition &= Q(**{f"{prefix}content_type_id": content_type.pk})
    for path in context.hidden_paths:
        condition &= ~Q(**{f"{prefix}path__startswith": path})
    return condition


def page_links(ids: list[int], request: HttpRequest) -> dict[int, str]:
    """URLs of pages by id, in one query."""
    from wagtail.models import Page

    pages = Page.objects.filter(pk__in=ids).only(
        "pk", "url_path", "path", "depth", "locale_id"
    )
    return {page.pk: page.get_url(request) or "" for page in pages}


@dataclass
class SearchHit:
    kind: str
    label: "str | Promise"
    url: str
    title: SafeString
    excerpt: SafeString
    rank: int


class SearchRows:
    """The ranked rows for a Paginator, counted and paged by one query.

    `expect(offset, limit)` names the slice the Paginator will ask for: `count()`
    then reads that slice together with the total (`COUNT(*) OVER ()` around the
    union), so the matching rows are scanned once, not once for the count and once
    more for the page. Any other slice, or a count past the last row, costs its
    own query.
    """

    def __init__(self, parts: list[QuerySet]):
        self.parts = parts
        self._expected: tuple[int, int] | None = None
        self._rows: list[dict] | None = None
        self._offset = 0
        self._total: int | None = None

    @staticmethod
    def _union(parts: list[QuerySet]) -> QuerySet:
        return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]

    def expect(self, offset: int, limit: int) -> None:
        self._expected = (max(0, offset), limit)

    def _window(self, offset: int, limit: int) -> tuple[list[dict], int | None]:
        """Rows [offset, offset + limit) in rank order, and the total (None when
        the slice is past the last row)."""
        union = self._union(self.parts)
        sql, params = union.query.get_compiler(using=union.db).as_sql()
        ranked = (
            f"SELECT {', '.join(COLUMNS)}, COUNT(*) OVER () AS sr_total "  # noqa: S608 - our own compiled SQL
            f"FROM ({sql}) sr ORDER BY sr_rank, sr_order, sr_title, sr_id "
            "LIMIT %s OFFSET %s"
        )
        with connections[union.db].cursor() as cursor:
            cursor.execute(ranked, [*params, limit, offset])
            fetched = cursor.fetchall()
        rows = [dict(zip(COLUMNS, row[: len(COLUMNS)], strict=True)) for row in fetched]
        return rows, (fetched[0][-1] if fetched else None)

    def count(self) -> int:
        if self._total is not None:
            return self._total
        if self._expected is not None:
            offset, limit = self._expected
            self._rows, self._total = self._window(offset, limit)
            self._offset = offset
            if self._total is not None:
                return self._total
            if offset == 0:
                self._total = 0
                return 0
        self._total = self._union(
            [part.values("sr_kind") for part in self.parts]
        ).count()
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        start, stop = index.start or 0, index.stop
        if stop is not None and stop <= start:
            return []
        cached = self._rows
        if cached is not None and start >= self._offset:
            end = self._offset + len(cached)
            covered = (
                stop is not None and stop <= end
            ) or (  # a short read: nothing lies past its end
                self._total is not None and end >= self._total
            )
            if covered:
                return cached[start - self._offset : (stop or end) - self._offset]
        rows, total = self._window(start, (stop - start) if stop else 10**9)
        if total is not None:
            self._total = total
        return rows


def search_run(
    *,
    query: str,
    user: "AnyUser",
    kinds: list[str] | None = None,
    year: int | None = None,
) -> SearchRows | None:
    """The ranked union of every (or the chosen) source's rows, or None for nothing."""
    terms = search_terms(query)
    if not terms:
        return None
    sources = [s for s in search_sources() if not kinds or s.kind in kinds]
    if not sources:
        return None
    context = SearchContext(query=" ".join(terms), terms=terms, user=user, year=year)
    context.hidden_paths = page_hidden_paths(user)
    return SearchRows([source.rows(context) for source in sources])


def search_hits(
    rows: Iterable[dict], *, terms: list[str], request: HttpRequest
) -> list[SearchHit]:
    """One page of rows as hits: linked (a query per kind of link), highlighted."""
    rows = list(rows)
    by_links: dict[Any, set[int]] = {}
    for row in rows:
        source = _registry[row["sr_kind"]]
        by_links.setdefault(source.links, set()).add(row["sr_target"])
    urls: dict[tuple[Any, int], str] = {}
    for links, ids in by_links.items():
        for target, url in links(sorted(ids), request).items():
            urls[(links, target)] = url
    hits = []
    for row in rows:
        source = _registry[row["sr_kind"]]
        hits.append(
            SearchHit(
                kind=source.kind,
                label=source.label,
                url=urls.get((source.links, row["sr_target"]), ""),
                title=highlight(row["sr_title"] or "", terms),
                excerpt=excerpt(row["sr_body"] or "", terms),
                rank=row["sr_rank"],
            )
        )
    return hits


def _terms_pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = sorted({re.escape(t) for t in terms}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """The text escaped, each occurrence of a term wrapped in <mark>."""
    pattern = _terms_pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just now
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def excerpt(text: str, terms: list[str], *, width: int = 120) -> SafeString:
    """About `width` characters of plain text around the first match, highlighted."""
    plain = " ".join(html.unescape(strip_tags(text)).split())
    pattern = _terms_pattern(terms)
    match = pattern.search(plain) if pattern else None
    start = max(0, match.start() - width // 3) if match else 0
    piece = plain[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(plain) else ""
    return mark_safe(  # noqa: S308 - highlight escapes
        prefix + highlight(piece, terms) + suffix
    )
