import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Site

from certificates.rendering import pdf_render
from cms.models import CollegeSettings
from courses.forms import CatalogueFilterForm, RosterUploadForm, quiz_answers_from_post
from courses.middleware import SESSION_KEY
from courses.models import CoursePage, Deputy, ModulePage
from courses.permissions import can_manage_roster, can_view_record
from courses.selectors import catalogue_years, course_catalogue
from courses.selectors.learning import (
    deputy_dashboard,
    deputy_for_user,
    learning_record,
)
from courses.services.accounts import deputy_account_activate, deputy_invite
from courses.services.progress import course_enrol, module_open, quiz_submit
from courses.services.roster_import import RosterFileError, deputies_import


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


def _deputy_or_403(request) -> Deputy:
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise PermissionDenied(
            _("Only deputies on the roster record learning progress.")
        )
    return deputy


def _hours_target(request):
    site = Site.find_for_request(request)
    return CollegeSettings.for_site(site).annual_hours_target if site else 50


@login_required
def my_learning(request):
    deputy = deputy_for_user(request.user)
    if deputy is None:
        return render(request, "courses/my_learning.html", {"dashboard": None})
    dashboard = deputy_dashboard(deputy=deputy, hours_target=_hours_target(request))
    # Certificates reach this page through the reverse relation; the app stays unaware of them.
    certificates = list(deputy.certificates.order_by("-issued_at"))
    return render(
        request,
        "courses/my_learning.html",
        {"dashboard": dashboard, "certificates": certificates},
    )


def _record_context(request, deputy: Deputy) -> dict:
    if not can_view_record(request.user, deputy):
        raise PermissionDenied
    return {
        "deputy": deputy,
        "years": learning_record(deputy=deputy),
        "generated_at": timezone.now(),
    }


def _record_deputy(request, deputy_id: int | None) -> Deputy:
    """The deputy whose record is asked for: one's own (/my/record/) or, by id, for administrators."""
    if deputy_id is None:
        return _deputy_or_403(request)
    return get_object_or_404(
        Deputy.objects.select_related("delegation", "term"), pk=deputy_id
    )


@login_required
def my_record(request, deputy_id: int | None = None):
    deputy = _record_deputy(request, deputy_id)
    return render(
        request, "courses/learning_record.html", _record_context(request, deputy)
    )


@login_required
def my_record_pdf(request, deputy_id: int | None = None):
    deputy = _record_deputy(request, deputy_id)
    context = _record_context(request, deputy)
    title = _("Learning record of %(name)s") % {"name": deputy.name}
    pdf = pdf_render(
        template="courses/pdf/learning_record.html",
        context=context,
        title=title,
        author=_("Deputy College"),
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
    deputy = _deputy_or_403(request)
    module = get_object_or_404(ModulePage.objects.live(), pk=module_id)
    module_open(deputy=deputy, module=module)
    if request.headers.get("x-requested-with") == "fetch":
        return HttpResponse(status=204)
    return redirect(module.url)


@login_required
@require_POST
def quiz_submit_view(request, module_id: int):
    deputy = _deputy_or_403(request)
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
    deputy = _deputy_or_403(request)
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    course_enrol(deputy=deputy, course=course)
    messages.success(
        request, _("You are enrolled in %(course)s.") % {"course": course.title}
    )
    return redirect(course.url)


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")
    template_name = "registration/form_page.html"
    extra_context = {"heading": gettext_lazy("Choose your password")}

    def form_valid(self, form):
        response = super().form_valid(form)
        Deputy.objects.filter(user=self.request.user).update(
            password_change_required=False
        )
        self.request.session.pop(SESSION_KEY, None)
        return response


# Wagtail admin views: roster import and deputies' accounts ---------------------------

IMPORT_DIR = "roster-imports"


def _import_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_DIR / f"{token}.upload"


def _require_roster_permission(request):
    if not can_manage_roster(request.user):
        raise PermissionDenied


def roster_import_view(request):
    """Upload, preview with every row's problems, confirm."""
    _require_roster_permission(request)
    context = {"form": RosterUploadForm()}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        stored = _import_path(token) if token.isalnum() else None
        if stored is None or not stored.is_file():
            messages.error(
                request, _("The uploaded file has expired; upload it again.")
            )
            return redirect("roster_import")
        try:
            result = deputies_import(
                content=stored.read_bytes(), filename=request.POST.get("filename", "")
            )
        except RosterFileError as error:
            messages.error(request, str(error))
            return redirect("roster_import")
        stored.unlink(missing_ok=True)
        if result.errors:
            context.update(result=result)
        else:
            messages.success(
                request,
                _(
                    "Roster imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("deputies:index")
    elif request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                result = deputies_import(
                    content=content, filename=upload.name, dry_run=True
                )
            except RosterFileError as error:
                form.add_error("file", str(error))
            else:
                context.update(result=result, filename=upload.name)
                if result.ok:
                    token = secrets.token_hex(16)
                    path = _import_path(token)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(content)
                    context["token"] = token
    return TemplateResponse(request, "courses/admin/roster_import.html", context)


def deputy_account_view(request, deputy_id: int):
    _require_roster_permission(request)
    deputy = get_object_or_404(
        Deputy.objects.select_related("user", "delegation", "term"), pk=deputy_id
    )
    context = {"deputy": deputy}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "activate":
                context["initial_password"] = deputy_account_activate(deputy=deputy)
            elif request.POST.get("action") == "invite":
                deputy_invite(deputy=deputy)
                messages.success(
                    request,
                    _("An invitation was sent to %(email)s.") % {"email": deputy.email},
                )
                return redirect("deputy_account", deputy_id=deputy.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return TemplateResponse(request, "courses/admin/deputy_account.html", context)
