from .plan import (
    annual_plan_courses_by_category,
    catalogue_years,
    course_catalogue,
    course_page_context,
    module_page_context,
    plan_hours_by_year,
)

__all__ = [
    "annual_plan_courses_by_category",
    "catalogue_years",
    "course_catalogue",
    "course_page_context",
    "module_page_context",
    "plan_hours_by_year",
]
