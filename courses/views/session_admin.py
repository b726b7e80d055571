"""Administrators' session pages in Wagtail admin: the list, attendance, leave, QR."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from courses.forms import AttendanceImportForm, AttendanceMarkForm, SessionAssignForm
from courses.models import Attendance, LeaveRequest, OfflineSession, SessionSeat
from courses.permissions import can_assign_seats, can_decide_leave, can_take_attendance
from courses.selectors.requirements import requirement_cohort
from courses.services.checkin import checkin_token, checkin_token_seconds_left
from courses.services.sessions import (
    IMPORT_MAX_BYTES,
    attendance_import,
    attendance_mark,
    leave_request_decide,
    session_seats_assign,
)
from infrastructure.pdf import qr_svg
from infrastructure.uploads import body_too_large
from people.models import Deputy

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
            attendance_methods=Attendance.Method.choices,
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
