from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from courses.forms import (
    AttendanceImportForm,
    AttendanceMarkForm,
    CatalogueFilterForm,
    SessionAssignForm,
    quiz_answers_from_post,
)
from courses.models import (
    Attendance,
    CoursePage,
    LeaveRequest,
    ModulePage,
    OfflineSession,
    SessionSeat,
)
from courses.permissions import (
    can_assign_seats,
    can_decide_leave,
    can_take_attendance,
)
from courses.selectors import catalogue_years, course_catalogue
from courses.selectors.learning import (
    deputy_dashboard,
    hours_target_for,
    learning_record,
)
from courses.selectors.requirements import requirement_cohort
from courses.selectors.sessions import sessions_of_deputy, sessions_open_to_register
from courses.services.progress import course_enrol, module_open, quiz_submit
from courses.services.sessions import (
    IMPORT_MAX_BYTES,
    attendance_import,
    attendance_mark,
    checkin_token,
    checkin_token_seconds_left,
    checkin_token_session_id,
    leave_request_create,
    leave_request_decide,
    session_check_in,
    session_check_in_allowed,
    session_register,
    session_seats_assign,
)
from infrastructure.identity import deputy_for_user
from infrastructure.pdf import pdf_render, qr_svg
from infrastructure.uploads import body_too_large
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


def _deputy_or_403(request) -> Deputy:
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

    A deputy outside the scope answers 404, as if there were none.
    """
    if deputy_id is None:
        return _deputy_or_403(request)
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


def _checkin_context(request, token: str) -> dict:
    """The session a code names, or the reason it cannot be used."""
    context: dict = {"token": token, "error": None, "session": None}
    try:
        session_id = checkin_token_session_id(token=token)
    except ValidationError as error:
        context["error"] = error.messages[0]
        return context
    context["session"] = get_object_or_404(
        OfflineSession.objects.select_related("course"), pk=session_id
    )
    deputy = deputy_for_user(request.user)
    if deputy is None:
        context["error"] = _("Only deputies on the roster check in to sessions.")
        return context
    context["deputy"] = deputy
    context["attendance"] = Attendance.objects.filter(
        session_id=session_id, deputy=deputy
    ).first()
    if context["attendance"] is None:
        # Refused before the deputy taps: a screenshot passed to someone not listed.
        try:
            session_check_in_allowed(session=context["session"], deputy=deputy)
        except ValidationError as error:
            context["error"] = error.messages[0]
    return context


@login_required
def session_checkin(request, token: str):
    """A deputy's phone opens the code of the QR; a POST confirms the check-in."""
    context = _checkin_context(request, token)
    # Checking in twice is harmless: the page then says when the first one was.
    if request.method == "POST" and not context["error"] and not context["attendance"]:
        try:
            result = session_check_in(
                session=context["session"], deputy=context["deputy"]
            )
        except ValidationError as error:
            context["error"] = error.messages[0]
        else:
            context["attendance"] = result.attendance
            context["just_checked_in"] = True
    status = 400 if context["error"] and request.method == "POST" else 200
    return render(request, "courses/session_checkin.html", context, status=status)


# --- Administrators' session pages (Wagtail admin) ------------------------------


session_policy = ModelPermissionPolicy(OfflineSession)


class SessionAdminView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = session_policy
    permission_required = "view"
    header_icon = "date"

    def get_session(self):
        return get_object_or_404(
            OfflineSession.objects.select_related("course"), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return self.get_session().title


class SessionCheckinView(SessionAdminView):
    """The QR code to show in the room; it changes every 30 seconds."""

    template_name = "courses/admin/session_checkin.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        context["session"] = session
        context["qr"] = _checkin_qr(self.request, session.pk)
        return context


def _checkin_qr(request, session_id: int) -> dict:
    url = request.build_absolute_uri(
        reverse(
            "courses:session_checkin",
            kwargs={"token": checkin_token(session_id=session_id)},
        )
    )
    return {
        "url": url,
        "svg": qr_svg(url, scalable=True),
        "seconds_left": checkin_token_seconds_left(),
        "present": Attendance.objects.filter(session_id=session_id).count(),
    }


class SessionTokenView(PermissionCheckedMixin, View):
    """The current QR code, fetched by the check-in page's script."""

    permission_required = "view"
    permission_policy = session_policy

    def get(self, request, pk: int):
        get_object_or_404(OfflineSession, pk=pk)
        response = JsonResponse(_checkin_qr(request, pk))
        response["Cache-Control"] = "no-store"
        return response


def _seats_with_attendance(*, session: OfflineSession, user):
    attendance = Attendance.objects.filter(session=session, deputy=OuterRef("deputy"))
    return (
        SessionSeat.objects.visible_to(user)
        .filter(session=session)
        .select_related("deputy__delegation")
        .annotate(
            checked_in_at=Subquery(attendance.values("checked_in_at")[:1]),
            method=Subquery(attendance.values("method")[:1]),
        )
        .order_by("deputy__delegation__sort_order", "deputy__deputy_no")
    )


class SessionManageView(SessionAdminView):
    """The list, attendance and leave requests of one session, within one's scope."""

    template_name = "courses/admin/session_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        session = self.get_session()
        context.update(
            session=session,
            seats_taken=SessionSeat.objects.filter(session=session).count(),
            seats=_seats_with_attendance(session=session, user=user),
            present=Attendance.objects.visible_to(user).filter(session=session).count(),
            leave_requests=LeaveRequest.objects.visible_to(user)
            .filter(session=session)
            .select_related("deputy")
            .order_by("status", "requested_at"),
            can_assign=can_assign_seats(user),
            can_attend=can_take_attendance(user),
            can_decide=can_decide_leave(user),
        )
        context.setdefault("assign_form", SessionAssignForm(user=user))
        context.setdefault("mark_form", AttendanceMarkForm())
        context.setdefault("import_form", AttendanceImportForm())
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        allowed = {
            "assign": can_assign_seats,
            "mark": can_take_attendance,
            "import": can_take_attendance,
            "leave": can_decide_leave,
        }
        if action not in allowed or not allowed[action](request.user):
            raise PermissionDenied
        session = self.get_session()
        handler = getattr(self, f"post_{action}")
        try:
            response = handler(request, session)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            response = None
        return response or redirect("courses_session_manage", pk=session.pk)

    def post_assign(self, request, session):
        form = SessionAssignForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(assign_form=form))
        data = form.cleaned_data
        deputies = Deputy.objects.visible_to(request.user).active()
        if data["delegation"]:
            deputies = deputies.filter(delegation=data["delegation"])
        else:
            deputies = deputies.filter(
                pk__in=requirement_cohort(requirement=data["requirement"]).values("pk")
            )
        added = session_seats_assign(session=session, deputies=deputies)
        messages.success(
            request, _("%(count)d deputies added to the list.") % {"count": added}
        )
        return None

    def post_mark(self, request, session):
        form = AttendanceMarkForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(mark_form=form))
        deputy = (
            Deputy.objects.visible_to(request.user)
            .filter(
                deputy_no=form.cleaned_data["deputy_no"].strip(),
                session_seats__session=session,
            )
            .first()
        )
        if deputy is None:
            raise ValidationError(
                _("No deputy with this number on the list of this session.")
            )
        attendance_mark(
            session=session,
            deputy=deputy,
            recorded_by=request.user,
            makeup=form.cleaned_data["makeup"],
        )
        messages.success(
            request, _("%(name)s is marked present.") % {"name": deputy.name}
        )
        return None

    def post_import(self, request, session):
        if body_too_large(request, max_file_bytes=IMPORT_MAX_BYTES):
            raise ValidationError(_("The attendance sheet is larger than 2 MB."))
        form = AttendanceImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(import_form=form))
        upload = form.cleaned_data["file"]
        added = attendance_import(
            session=session, file=upload, size=upload.size, recorded_by=request.user
        )
        messages.success(
            request, _("%(count)d attendances imported.") % {"count": added}
        )
        return None

    def post_leave(self, request, session):
        leave_id = request.POST.get("leave", "")
        leave = get_object_or_404(
            LeaveRequest.objects.visible_to(request.user),
            pk=int(leave_id) if leave_id.isdigit() else 0,
            session=session,
        )
        leave_request_decide(
            leave=leave,
            approve=request.POST.get("decision") == "approve",
            decided_by=request.user,
        )
        messages.success(request, _("The deputy has been told of the decision."))
        return None


@login_required
def my_sessions(request):
    deputy = _deputy_or_403(request)
    return render(
        request,
        "courses/my_sessions.html",
        {
            "mine": sessions_of_deputy(deputy=deputy),
            "open": sessions_open_to_register(deputy=deputy),
        },
    )


@login_required
@require_POST
def session_register_view(request, session_id: int):
    deputy = _deputy_or_403(request)
    session = get_object_or_404(OfflineSession, pk=session_id)
    try:
        session_register(session=session, deputy=deputy)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("You are registered for %(session)s.") % {"session": session.title},
        )
    return redirect("courses:my_sessions")


@login_required
@require_POST
def leave_request_view(request, session_id: int):
    deputy = _deputy_or_403(request)
    session = get_object_or_404(OfflineSession, pk=session_id)
    try:
        leave_request_create(
            session=session, deputy=deputy, reason=request.POST.get("reason", "")[:500]
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Your leave request is sent; you will be told of the decision."),
        )
    return redirect("courses:my_sessions")
