"""Learning: the catalogue, my learning, modules, quizzes, enrolment.

The learning record (参训记录) is an issued document: see certificates.views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.extensions import my_page_panels, panels
from courses.forms import CatalogueFilterForm, quiz_answers_from_post
from courses.learning_pages import learning_kept_seconds, learning_scopes
from courses.models import CoursePage, ModulePage
from courses.selectors import catalogue_years, course_catalogue
from courses.selectors.learning import (
    deputy_dashboard,
    hours_target_for,
)
from courses.selectors.viewing import module_is_complete
from courses.services.progress import course_enrol, module_open, quiz_submit
from infrastructure.fragments import cached_fragment
from infrastructure.identity import deputy_for_user
from people.models import Deputy


def catalogue(request):
    form = CatalogueFilterForm(request.GET or None, years=catalogue_years())
    filters = form.cleaned_data if form.is_valid() else {}
    courses = course_catalogue(
        year=filters.get("year"),
        category=filters.get("category", ""),
        mode=filters.get("mode", ""),
        required=filters.get("required", ""),
    )
    page = Paginator(courses, 24).get_page(request.GET.get("page"))
    return render(request, "courses/catalogue.html", {"form": form, "page_obj": page})


def deputy_or_403(request) -> Deputy:
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise PermissionDenied(
            _("Only deputies on the roster record learning progress.")
        )
    return deputy


@login_required
def my_learning(request):
    deputy = deputy_for_user(request.user)
    if deputy is None:
        return render(request, "courses/my_learning.html", {"body": None})
    body = cached_fragment(
        "my",
        scopes=learning_scopes(deputy.pk),
        parts=[deputy.pk],
        render=lambda: _my_learning_body(request, deputy),
        timeout=lambda: learning_kept_seconds(deputy_id=deputy.pk),
    )
    return render(request, "courses/my_learning.html", {"body": body})


def _my_learning_body(request, deputy: Deputy) -> str:
    # Read before the generations were: a change committed in between would be
    # kept under its own new token (ADR 0018). The request's instance is refreshed,
    # its account left as it is (the forum's panels read the deputy through it).
    deputy.refresh_from_db(
        fields=[f.attname for f in Deputy._meta.concrete_fields if f.name != "user"],
        from_queryset=Deputy.objects.select_related("delegation", "term"),
    )
    dashboard = deputy_dashboard(
        deputy=deputy, hours_target=hours_target_for(deputy=deputy)
    )
    # Certificates reach this page through the reverse relation; the app stays unaware
    # of them.
    certificates = list(deputy.certificates.order_by("-issued_at"))
    return render_to_string(
        "courses/includes/my_learning_body.html",
        {
            "dashboard": dashboard,
            "certificates": certificates,
            # What other apps add (the forum: must-read notices, participation).
            "extension_panels": panels(my_page_panels, deputy=deputy),
        },
        request,
    )


@login_required
@require_POST
def module_open_view(request, module_id: int):
    deputy = deputy_or_403(request)
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    module_open(deputy=deputy, module=module)
    if request.headers.get("x-requested-with") == "fetch":
        return HttpResponse(status=204)
    return redirect(module.url)


@login_required
@require_POST
def quiz_submit_view(request, module_id: int):
    deputy = deputy_or_403(request)
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    try:
        grade = quiz_submit(
            deputy=deputy,
            module=module,
            block_id=request.POST.get("block_id", ""),
            answers=quiz_answers_from_post(request.POST),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(module.url)
    if grade.passed and not module_is_complete(deputy=deputy, module=module):
        # The quiz is passed but the module's reading or watching time is not spent.
        messages.success(
            request,
            _(
                "Passed with %(score)d%%. The module completes once its reading "
                "and watching time is spent."
            )
            % {"score": grade.score},
        )
    elif grade.passed:
        messages.success(
            request,
            _("Passed with %(score)d%%. This module is complete.")
            % {"score": grade.score},
        )
    else:
        messages.warning(
            request,
            _("%(score)d%% is below the pass mark. Read the module again and retry.")
            % {"score": grade.score},
        )
    return redirect(module.url)


@login_required
@require_POST
def course_enrol_view(request, course_id: int):
    deputy = deputy_or_403(request)
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    course_enrol(deputy=deputy, course=course)
    messages.success(
        request, _("You are enrolled in %(course)s.") % {"course": course.title}
    )
    return redirect(course.url)
