"""Wagtail admin of requirements and learning records (menu 培训管理).

Every list of deputies' data is a `ScopedModelViewSet`: it shows only what the
administrator's delegation scope allows.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from courses.models import Enrolment, Exemption, HoursEntry, Requirement
from courses.services.requirements import exemption_grant
from people.viewsets import ScopedCreateView, ScopedModelViewSet, boolean_column


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
    list_display = ["deputy", "year", "category", "hours", "source", "earned_on"]
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


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "list-ul"
    menu_order = 250
    items = [
        RequirementViewSet("requirements"),
        ExemptionViewSet("exemptions"),
        EnrolmentViewSet("enrolments"),
        HoursEntryViewSet("hours"),
    ]
