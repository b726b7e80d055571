"""What the plan makes searchable: plans, annual plans, courses, modules, lecturers.

Registered in `CoursesConfig.ready()`; the rows are shaped by
`infrastructure.search` and filtered by its page visibility rule.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext_lazy

from courses.models import (
    AnnualPlanPage,
    CourseLecturer,
    CoursePage,
    ModulePage,
    TrainingPlanPage,
)
from infrastructure.search import (
    SearchContext,
    SearchSource,
    match_q,
    page_links,
    page_visibility_q,
    rank_case,
    search_register,
    search_rows,
    text_concat,
)


def _annual_plan_paths(context: SearchContext) -> list[str]:
    """Paths of the annual plans of the chosen year (once per search)."""
    key = "courses.annual_plan_paths"
    if key not in context.cache:
        context.cache[key] = list(
            AnnualPlanPage.objects.filter(year=context.year).values_list(
                "path", flat=True
            )
        )
    return context.cache[key]


def _in_year(context: SearchContext, *, path: str = "path") -> Q:
    """Under one of the chosen year's annual plans (everything without a year)."""
    if context.year is None:
        return Q()
    paths = _annual_plan_paths(context)
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for prefix in paths:
        condition |= Q(**{f"{path}__startswith": prefix})
    return condition


def plan_rows(context: SearchContext) -> QuerySet:
    body = (
        "term_label",
        "search_description",
        "intro",
        "goals",
        "initial_learning",
        "performance_learning",
        "thematic_learning",
    )
    plans = TrainingPlanPage.objects.filter(
        page_visibility_q(context, model=TrainingPlanPage),
        match_q(context.terms, ["title", *body], model=TrainingPlanPage),
    )
    if context.year is not None:
        plans = plans.filter(start_year__lte=context.year, end_year__gte=context.year)
    return search_rows(
        plans,
        source_kind="plan",
        target="pk",
        title="title",
        body=text_concat(*body),
        rank=rank_case(context, "title"),
    )


def annual_plan_rows(context: SearchContext) -> QuerySet:
    body = ("theme", "search_description", "intro")
    plans = AnnualPlanPage.objects.filter(
        page_visibility_q(context, model=AnnualPlanPage),
        match_q(context.terms, ["title", *body], model=AnnualPlanPage),
    )
    if context.year is not None:
        plans = plans.filter(year=context.year)
    return search_rows(
        plans,
        source_kind="annual_plan",
        target="pk",
        title="title",
        body=text_concat(*body),
        rank=rank_case(context, "title"),
    )


def course_rows(context: SearchContext) -> QuerySet:
    body = ("summary", "audience", "search_description", "description")
    courses = CoursePage.objects.filter(
        page_visibility_q(context, model=CoursePage),
        _in_year(context),
        match_q(context.terms, ["title", *body], model=CoursePage),
    )
    return search_rows(
        courses,
        source_kind="course",
        target="pk",
        title="title",
        body=text_concat(*body),
        rank=rank_case(context, "title"),
    )


def module_rows(context: SearchContext) -> QuerySet:
    body = ("intro", "search_description", "body_text")
    modules = ModulePage.objects.filter(
        page_visibility_q(context, model=ModulePage),
        _in_year(context),
        match_q(context.terms, ["title", *body], model=ModulePage),
    )
    return search_rows(
        modules,
        source_kind="module",
        target="pk",
        title="title",
        body=text_concat(*body),
        rank=rank_case(context, "title"),
    )


def lecturer_rows(context: SearchContext) -> QuerySet:
    """A lecturer of a course the searcher may find; the hit opens the course."""
    lecturers = CourseLecturer.objects.filter(
        page_visibility_q(context, model=CoursePage, prefix="course__"),
        _in_year(context, path="course__path"),
        match_q(context.terms, ["name", "affiliation"]),
    )
    return search_rows(
        lecturers,
        source_kind="lecturer",
        target="course_id",
        title="name",
        body=text_concat("affiliation", "course__title"),
        rank=rank_case(context, "name"),
    )


def search_sources_register() -> None:
    """The plan's kinds of search result, in the order they rank among equals."""
    for order, kind, label, rows in (
        (10, "plan", pgettext_lazy("search kind", "Five-year plan"), plan_rows),
        (
            20,
            "annual_plan",
            pgettext_lazy("search kind", "Annual plan"),
            annual_plan_rows,
        ),
        (30, "course", pgettext_lazy("search kind", "Course"), course_rows),
        (40, "module", pgettext_lazy("search kind", "Module"), module_rows),
        (50, "lecturer", pgettext_lazy("search kind", "Lecturer"), lecturer_rows),
    ):
        search_register(
            SearchSource(
                kind=kind, label=label, order=order, rows=rows, links=page_links
            )
        )
