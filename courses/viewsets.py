"""Wagtail admin of requirements and learning records (menu 培训管理).

Every list of deputies' data is a `ScopedModelViewSet`: it shows only what the
administrator's delegation scope allows.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from courses.models import (
    AttemptGrant,
    Attendance,
    Enrolment,
    ExamAttempt,
    Exemption,
    HoursEntry,
    LeaveRequest,
    OfflineSession,
    Question,
    QuestionBank,
    Requirement,
    SessionSeat,
)
from courses.services.requirements import exemption_grant
from people.viewsets import (
    ScopedCreateView,
    ScopedModelViewSet,
    boolean_column,
    hours_column,
)


class RequirementViewSet(ModelViewSet):
    model = Requirement
    icon = "list-ul"
    menu_label = _("Learning requirements")
    form_fields = [
        "name",
        "slug",
        "term",
        "is_initial_learning",
        "newly_elected_only",
        "delegations",
        "courses",
        "min_required_hours",
        "min_elective_hours",
        "deadline",
        "awards_certificate",
        "by_election_days",
    ]
    list_display = [
        "name",
        "term",
        "deadline",
        boolean_column(Requirement, "is_initial_learning"),
    ]
    list_filter = ["term"]
    copy_view_enabled = False


class ExemptionCreateView(ScopedCreateView):
    """Goes through `exemption_grant`, its checks and its record of who granted it."""

    def save_instance(self):
        data = self.form.cleaned_data
        return exemption_grant(
            requirement=data["requirement"],
            deputy=data["deputy"],
            reason=data["reason"],
            granted_by=self.request.user,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)


class ExemptionViewSet(ScopedModelViewSet):
    model = Exemption
    add_view_class = ExemptionCreateView
    icon = "pick"
    menu_label = _("Exemptions")
    form_fields = ["requirement", "deputy", "reason"]
    list_display = ["deputy", "requirement", "reason", "granted_at"]
    list_select_related = ("deputy", "requirement")
    list_filter = ["requirement"]
    search_fields = ["deputy__name", "deputy__deputy_no", "reason"]


class EnrolmentViewSet(ScopedModelViewSet):
    model = Enrolment
    icon = "tasks"
    menu_label = _("Enrolments")
    form_fields = ["deputy", "course", "source"]
    list_display = ["deputy", "course", "progress", "completed_at"]
    list_select_related = ("deputy", "course")
    list_filter = ["source"]
    search_fields = ["deputy__name", "deputy__deputy_no"]
    list_export = ["deputy", "course", "progress", "completed_at"]


class HoursEntryViewSet(ScopedModelViewSet):
    model = HoursEntry
    icon = "time"
    menu_label = _("Hours ledger")
    form_fields = [
        "deputy",
        "year",
        "category",
        "required",
        "hours",
        "source",
        "description",
        "earned_on",
    ]
    list_display = [
        "deputy",
        "year",
        "category",
        hours_column(HoursEntry, "hours"),
        "source",
        "earned_on",
    ]
    list_select_related = ("deputy",)
    list_filter = ["year", "category", "source"]
    search_fields = ["deputy__name", "deputy__deputy_no", "description"]
    list_export = [
        "deputy",
        "year",
        "category",
        "hours",
        "source",
        "description",
        "earned_on",
    ]


class OfflineSessionIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [
            MenuItem(
                _("List, attendance and leave"),
                url=reverse("courses_session_manage", args=[instance.pk]),
                icon_name="group",
                priority=1,
            ),
            MenuItem(
                _("Check-in QR code"),
                url=reverse("courses_session_checkin", args=[instance.pk]),
                icon_name="view",
                priority=2,
            ),
            *super().get_list_more_buttons(instance),
        ]


class OfflineSessionViewSet(ModelViewSet):
    model = OfflineSession
    index_view_class = OfflineSessionIndexView
    icon = "date"
    menu_label = _("Offline sessions")
    form_fields = [
        "course",
        "title",
        "starts_at",
        "ends_at",
        "venue",
        "capacity",
        "lecturer",
        "hours",
        "is_required",
        "makeup_online",
        "registration_open",
    ]
    list_display = ["title", "course", "starts_at", "venue", "capacity"]
    list_filter = ["is_required", "registration_open"]
    search_fields = ["title", "venue", "lecturer"]


class SessionSeatViewSet(ScopedModelViewSet):
    model = SessionSeat
    icon = "group"
    menu_label = _("Session lists")
    form_fields = ["session", "deputy", "source"]
    list_display = ["deputy", "session", "source", "created_at"]
    list_select_related = ("deputy", "session")
    list_filter = ["source"]
    search_fields = ["deputy__name", "deputy__deputy_no"]


class LeaveRequestViewSet(ScopedModelViewSet):
    model = LeaveRequest
    icon = "help"
    menu_label = _("Leave requests")
    # Decided on the session's page, where the deputy is told: never edited here.
    form_fields = ["session", "deputy", "reason"]
    list_display = ["deputy", "session", "status", "requested_at", "decided_at"]
    list_select_related = ("deputy", "session")
    list_filter = ["status"]
    search_fields = ["deputy__name", "deputy__deputy_no", "reason"]


class AttendanceViewSet(ScopedModelViewSet):
    model = Attendance
    icon = "tick"
    menu_label = _("Attendance")
    form_fields = ["session", "deputy", "checked_in_at", "checked_out_at", "method"]
    list_display = ["deputy", "session", "checked_in_at", "method", "recorded_by"]
    list_select_related = ("deputy", "session", "recorded_by")
    list_filter = ["method"]
    search_fields = ["deputy__name", "deputy__deputy_no"]
    list_export = ["deputy", "session", "checked_in_at", "checked_out_at", "method"]


# --- Rounds and exams: grants logged, exam attempts, the question bank -------------


class AttemptGrantViewSet(ScopedModelViewSet):
    """The log of extra attempts; they are granted from the deputy's record page."""

    model = AttemptGrant
    icon = "repeat"
    menu_label = _("Attempts granted")
    form_fields = ["deputy", "attempts", "reason"]
    list_display = [
        "deputy",
        "module",
        "exam",
        "attempts",
        "reason",
        "granted_by",
        "granted_at",
    ]
    list_select_related = ("deputy", "module", "exam", "granted_by")
    search_fields = ["deputy__name", "deputy__deputy_no", "reason"]


class ExamAttemptViewSet(ScopedModelViewSet):
    model = ExamAttempt
    icon = "tasks"
    menu_label = _("Exam attempts")
    form_fields = ["deputy", "exam"]
    list_display = ["deputy", "exam", "number", "score", "passed", "submitted_at"]
    list_select_related = ("deputy", "exam")
    list_filter = ["passed"]
    search_fields = ["deputy__name", "deputy__deputy_no"]
    list_export = ["deputy", "exam", "number", "score", "passed", "submitted_at"]


class QuestionBankIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [
            MenuItem(
                _("Questions"),
                url=reverse("questions:index") + f"?bank={instance.pk}",
                icon_name="help",
                priority=1,
            ),
            MenuItem(
                _("Import questions"),
                url=reverse("courses_question_import") + f"?bank={instance.pk}",
                icon_name="upload",
                priority=2,
            ),
            *super().get_list_more_buttons(instance),
        ]


class QuestionBankViewSet(ModelViewSet):
    model = QuestionBank
    index_view_class = QuestionBankIndexView
    icon = "folder-open-inverse"
    menu_label = _("Question banks")
    form_fields = ["name", "topic", "course"]
    list_display = ["name", "topic", "course"]
    search_fields = ["name", "topic"]
    copy_view_enabled = False


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    form_fields = [
        "bank",
        "kind",
        "prompt",
        "option_a",
        "option_b",
        "option_c",
        "option_d",
        "option_e",
        "option_f",
        "answer",
        "explanation",
    ]
    list_display = ["prompt", "kind", "bank"]
    list_select_related = ("bank",)
    list_filter = ["bank", "kind"]
    search_fields = ["prompt"]


class QuestionBankViewSetGroup(ViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 240
    items = [QuestionBankViewSet("question_banks"), QuestionViewSet("questions")]


# --- end of rounds and exams ---------------------------------------------------------


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "list-ul"
    menu_order = 250
    items = [
        RequirementViewSet("requirements"),
        ExemptionViewSet("exemptions"),
        EnrolmentViewSet("enrolments"),
        HoursEntryViewSet("hours"),
        OfflineSessionViewSet("sessions"),
        SessionSeatViewSet("session_seats"),
        LeaveRequestViewSet("leave_requests"),
        AttendanceViewSet("attendance"),
        AttemptGrantViewSet("attempt_grants"),
        ExamAttemptViewSet("exam_attempts"),
    ]
