"""Reads for the portal and the site search."""

from django.utils import timezone
from wagtail.models import Page

from cms.models import StandardPage
from courses.models import CoursePage, ModulePage, TrainingPlanPage
from courses.selectors import plan_hours_by_year
from courses.selectors.learning import deputy_next_step
from forum.selectors import post_search
from infrastructure.identity import AnyUser, deputy_for_user


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


def portal_context(*, home: Page, user: AnyUser) -> dict:
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


def site_search(*, query: str, limit: int = 50) -> list:
    """Courses, modules and other pages whose text contains the query."""
    query = query.strip()
    if not query:
        return []
    courses = list(CoursePage.objects.live().search(query)[:limit])
    modules = list(ModulePage.objects.live().search(query)[:limit])

    pages = list(StandardPage.objects.live().search(query)[:limit])
    return [*courses, *modules, *pages]


def forum_search(*, query: str, user: AnyUser, limit: int = 50) -> list:
    """Forum posts containing the query, among those this user may read."""
    return post_search(query=query, user=user, limit=limit)
