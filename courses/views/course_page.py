"""A course page as a deputy sees it, kept rendered until what it shows changes.

The body (modules, lecturers, the deputy's progress, the discussion panel) is kept
per deputy, or once for visitors and once for staff, under the learning generations
(courses.learning_pages, ADR 0018). A deputy not yet enrolled sees the enrolment
form, whose CSRF token belongs to their session: that body is never kept.
"""

from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from courses.learning_pages import learning_kept_seconds, learning_scopes
from courses.models import CoursePage
from infrastructure.fragments import cached_fragment
from infrastructure.identity import deputy_for_user


def course_page_response(page: CoursePage, request) -> TemplateResponse:
    deputy = deputy_for_user(request.user)
    deputy_id = deputy.pk if deputy is not None else None
    if deputy_id is not None:
        who: object = deputy_id
    else:
        who = "staff" if request.user.is_authenticated else "visitor"
    rendered: dict = {}

    def render() -> str:
        # Routed before the generations were read: a publication committed in
        # between would be kept under its own new token (ADR 0018).
        page.refresh_from_db()
        context = page.get_context(request)
        rendered["form_shown"] = deputy_id is not None and not context["enrolment"]
        return render_to_string("courses/includes/course_body.html", context, request)

    def kept_seconds() -> int:
        if rendered.get("form_shown"):
            return 0
        return learning_kept_seconds(deputy_id=deputy_id)

    body = cached_fragment(
        "course",
        scopes=learning_scopes(deputy_id),
        parts=[page.pk, who],
        render=render,
        timeout=kept_seconds,
    )
    return TemplateResponse(
        request,
        page.get_template(request),
        {"page": page, "self": page, "request": request, "body": body},
    )
