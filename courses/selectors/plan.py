"""Reads over the plan and its courses."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils.functional import Promise
from wagtail.models import PageQuerySet

from courses.extensions import course_panels, panels
from courses.models import (
    AnnualPlanPage,
    Category,
    CoursePage,
    ModulePage,
    TrainingPlanPage,
)
from courses.querysets import CoursePageQuerySet
from courses.selectors.learning import course_progress_for_user, module_state_for_user
from infrastructure.identity import AnyUser


@dataclass
class PlanYear:
    page: AnnualPlanPage
    courses: int = 0
    hours: Decimal = Decimal("0")
    hours_by_category: dict[str, Decimal] = field(default_factory=dict)


def plan_hours_by_year(*, plan: TrainingPlanPage) -> list[PlanYear]:
    """Planned courses and hours of each year of a five-year plan, by category."""
    years = {
        page.path: PlanYear(
            page=page, hours_by_category={c.value: Decimal("0") for c in Category}
        )
        for page in AnnualPlanPage.objects.live().child_of(plan).order_by("year")
    }
    if not years:
        return []
    path_length = len(next(iter(years)))
    rows = (
        CoursePage.objects.live()
        .descendant_of(plan)
        .annotate(annual_path=Substr("path", 1, path_length))
        .values("annual_path", "category")
        .annotate(courses=Count("pk"), hours=Sum("hours"))
        .order_by()
    )
    for row in rows:
        year = years.get(row["annual_path"])
        if year is None:
            continue
        year.courses += row["courses"]
        year.hours += row["hours"] or 0
        year.hours_by_category[row["category"]] += row["hours"] or 0
    return list(years.values())


@dataclass
class CategoryGroup:
    category: str
    label: str | Promise
    courses: list[CoursePage]
    hours: Decimal


def annual_plan_courses_by_category(
    *, plan: AnnualPlanPage
) -> tuple[list[CategoryGroup], Decimal]:
    """The courses of an annual plan grouped by category, with hours totals."""
    courses = list(
        CoursePage.objects.live()
        .child_of(plan)
        .select_related("cover_image")
        .order_by("start_date", "path")
    )
    groups = []
    for category in Category:
        members = [course for course in courses if course.category == category.value]
        if members:
            groups.append(
                CategoryGroup(
                    category=category.value,
                    label=category.label,
                    courses=members,
                    hours=sum((c.hours for c in members), Decimal("0")),
                )
            )
    return groups, sum((g.hours for g in groups), Decimal("0"))


def course_modules(*, course: CoursePage) -> PageQuerySet:
    """The live modules of a course, in tree order."""
    return ModulePage.objects.live().child_of(course).order_by("path")


def course_catalogue(
    *, year: int | None = None, category: str = "", mode: str = "", required: str = ""
) -> CoursePageQuerySet:
    """Live courses filtered as the catalogue's form asks, with their module counts."""
    courses = CoursePage.objects.live().select_related("cover_image")
    if year:
        courses = courses.of_year(year)
    if category:
        courses = courses.filter(category=category)
    if mode:
        courses = courses.filter(mode=mode)
    if required == "required":
        courses = courses.required()
    elif required == "elective":
        courses = courses.electives()
    return courses.order_by("-start_date", "path")


def catalogue_years() -> list[int]:
    return list(
        AnnualPlanPage.objects.live()
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )


def course_page_context(*, course: CoursePage, user: AnyUser) -> dict:
    """What a course page shows: modules, lecturers and, for a deputy, progress."""
    modules = list(course_modules(course=course))
    context = {
        "modules": modules,
        "lecturers": list(course.lecturers.all()),
        "annual_plan": AnnualPlanPage.objects.parent_of(course).first(),
    }
    context.update(course_progress_for_user(course=course, modules=modules, user=user))
    context["extension_panels"] = panels(course_panels, course=course, user=user)
    return context


def module_page_context(*, module: ModulePage, user: AnyUser) -> dict:
    """What a module page shows: its course, neighbours and the learner's state."""
    course = CoursePage.objects.parent_of(module).specific().first()
    siblings = list(
        ModulePage.objects.live()
        .sibling_of(module)
        .order_by("path")
        .values("pk", "path", "title", "url_path")
    )
    index = next((i for i, s in enumerate(siblings) if s["pk"] == module.pk), 0)
    context = {
        "course": course,
        "previous_module": ModulePage.objects.filter(
            pk=siblings[index - 1]["pk"]
        ).first()
        if index > 0
        else None,
        "next_module": ModulePage.objects.filter(pk=siblings[index + 1]["pk"]).first()
        if index + 1 < len(siblings)
        else None,
        "module_position": index + 1,
        "module_count": len(siblings),
    }
    context.update(module_state_for_user(module=module, course=course, user=user))
    return context
