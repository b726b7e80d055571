"""Reads for the portal and the site search."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from wagtail.models import Page as WagtailPage

from cms.models import StandardPage
from courses.models import AnnualPlanPage, CoursePage, TrainingPlanPage
from courses.selectors import plan_hours_by_year
from courses.selectors.learning import deputy_next_step
from infrastructure.identity import AnyUser, deputy_for_user
from infrastructure.search import (
    SearchContext,
    SearchHit,
    SearchSource,
    match_q,
    page_links,
    page_visibility_q,
    rank_case,
    search_hits,
    search_register,
    search_rows,
    search_run,
    search_terms,
    text_concat,
)


def current_plan() -> TrainingPlanPage | None:
    """The five-year plan whose years include today, else the latest one."""
    year = timezone.localdate().year
    plans = TrainingPlanPage.objects.live()
    return (
        plans.filter(start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
        or plans.order_by("-end_year").first()
    )


def portal_context(*, home: WagtailPage, user: AnyUser) -> dict:
    """The portal: the current plan with its years, featured and upcoming courses."""
    plan = current_plan()
    today = timezone.localdate()
    live_courses = (
        CoursePage.objects.live().descendant_of(home).select_related("cover_image")
    )
    deputy = deputy_for_user(user)
    return {
        "next_step": deputy_next_step(deputy=deputy) if deputy else None,
        "plan": plan,
        "plan_years": plan_hours_by_year(plan=plan) if plan else [],
        "featured_courses": list(
            live_courses.filter(is_featured=True).order_by("path")[:6]
        ),
        "upcoming_courses": list(
            live_courses.filter(start_date__gte=today).order_by("start_date")[:6]
        ),
    }


def standard_page_rows(context: SearchContext) -> QuerySet:
    """Standard pages (about, help, contact); their year is the year first published."""
    body = ("intro", "search_description", "body_text")
    pages = StandardPage.objects.filter(
        page_visibility_q(context, model=StandardPage),
        match_q(context.terms, ["title", *body], model=StandardPage),
    )
    if context.year is not None:
        pages = pages.filter(first_published_at__year=context.year)
    return search_rows(
        pages,
        source_kind="page",
        target="pk",
        title="title",
        body=text_concat(*body),
        rank=rank_case(context, "title"),
    )


def search_sources_register() -> None:
    search_register(
        SearchSource(
            kind="page",
            label=pgettext_lazy("search kind", "Page"),
            order=60,
            rows=standard_page_rows,
            links=page_links,
        )
    )


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    kind: str
    year: int | None
    page_obj: Page | None
    hits: list[SearchHit]


def search_years() -> list[int]:
    """The years a search can be narrowed to: those of the annual plans."""
    # Unordered: ordered by the page tree, SQLite reads every page to find two plans.
    return sorted(
        set(AnnualPlanPage.objects.live().order_by().values_list("year", flat=True)),
        reverse=True,
    )


def site_search(
    *,
    query: str,
    user: AnyUser,
    request: HttpRequest,
    kind: str = "",
    year: int | None = None,
    page: str | int | None = 1,
    per_page: int = 20,
) -> SearchResults:
    """One page of ranked, highlighted results of everything this user may see."""
    terms = search_terms(query)
    rows = search_run(query=query, user=user, kinds=[kind] if kind else None, year=year)
    if rows is None:
        return SearchResults(query, terms, kind, year, None, [])
    # SearchRows counts and slices as a Paginator needs (the stubs want a Sequence);
    # told the page asked for, it reads that page and the count in one query.
    try:
        number = max(1, int(page or 1))
    except (TypeError, ValueError):
        number = 1
    rows.expect((number - 1) * per_page, per_page)
    page_obj: Page = Paginator(cast("Sequence[dict]", rows), per_page).get_page(page)
    hits = search_hits(page_obj.object_list, terms=terms, request=request)
    return SearchResults(query, terms, kind, year, page_obj, hits)
