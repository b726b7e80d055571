"""Learning: the catalogue, my learning, records, modules, quizzes, enrolment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.forms import CatalogueFilterForm, quiz_answers_from_post
from courses.models import CoursePage, ModulePage
from courses.selectors import catalogue_years, course_catalogue
from courses.selectors.learning import (
    deputy_dashboard,
    hours_target_for,
    learning_record,
)
from courses.services.progress import course_enrol, module_open, quiz_submit
from infrastructure.branding import site_name
from infrastructure.identity import deputy_for_user
from infrastructure.pdf import pdf_render
from people.models import Deputy
from people.permissions import can_view_others_records


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
        return render(request, "courses/my_learning.html", {"dashboard": None})
    dashboard = deputy_dashboard(
        deputy=deputy, hours_target=hours_target_for(deputy=deputy)
    )
    # Certificates reach this page through the reverse relation; the app stays unaware
    # of them.
    certificates = list(deputy.certificates.order_by("-issued_at"))
    return render(
        request,
        "courses/my_learning.html",
        {"dashboard": dashboard, "certificates": certificates},
    )


def _record_context(deputy: Deputy) -> dict:
    return {
        "deputy": deputy,
        "years": learning_record(deputy=deputy),
        "generated_at": timezone.now(),
    }


def _record_deputy(request, deputy_id: int | None) -> Deputy:
    """One's own record (/my/record/) or, by id, one within the administrator's scope.

    Staff who may not read records are refused; for a deputy, or staff limited to some
    delegations, a deputy outside what they may see answers 404, as if there were none.
    """
    if deputy_id is None:
        return deputy_or_403(request)
    user = request.user
    if deputy_for_user(user) is None and not can_view_others_records(user):
        raise PermissionDenied
    deputies = Deputy.objects.visible_to(request.user)
    return get_object_or_404(
        deputies.select_related("delegation", "term"), pk=deputy_id
    )


@login_required
def my_record(request, deputy_id: int | None = None):
    deputy = _record_deputy(request, deputy_id)
    return render(request, "courses/learning_record.html", _record_context(deputy))


@login_required
def my_record_pdf(request, deputy_id: int | None = None):
    deputy = _record_deputy(request, deputy_id)
    context = _record_context(deputy)
    title = _("Learning record of %(name)s") % {"name": deputy.name}
    pdf = pdf_render(
        template="courses/pdf/learning_record.html",
        context=context,
        title=title,
        author=site_name(),
        subject=_("Learning record"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="learning-record-{deputy.pk}.pdf"'
    )
    return response


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
    if grade.passed:
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
