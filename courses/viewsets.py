"""Wagtail admin for the roster, requirements and learning records (menu 培训管理)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from courses.models import (
    Delegation,
    Deputy,
    Enrolment,
    Exemption,
    HoursEntry,
    Requirement,
    Term,
)


class DeputyIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Login account"),
                url=reverse("deputy_account", args=[instance.pk]),
                icon_name="key",
                priority=50,
            )
        )
        buttons.append(
            MenuItem(
                _("Learning record"),
                url=reverse("courses:deputy_record", args=[instance.pk]),
                icon_name="doc-full",
                priority=60,
            )
        )
        return buttons


class DeputyViewSet(ModelViewSet):
    model = Deputy
    index_view_class = DeputyIndexView
    icon = "user"
    menu_label = _("Deputies")
    form_fields = [
        "term",
        "deputy_no",
        "name",
        "gender",
        "delegation",
        "level",
        "newly_elected",
        "elected_on",
        "phone",
        "email",
        "is_active",
        "left_on",
        "left_reason",
    ]
    list_display = [
        "name",
        "deputy_no",
        "delegation",
        "term",
        "newly_elected",
        "is_active",
    ]
    list_filter = ["term", "delegation", "newly_elected", "is_active", "level"]
    search_fields = ["name", "deputy_no", "phone", "email"]
    list_export = [
        "deputy_no",
        "name",
        "gender",
        "delegation",
        "level",
        "term",
        "newly_elected",
        "elected_on",
        "phone",
        "email",
        "is_active",
    ]
    export_filename = "roster"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50


class DelegationViewSet(ModelViewSet):
    model = Delegation
    icon = "group"
    menu_label = _("Delegations")
    form_fields = ["name", "parent", "sort_order"]
    list_display = ["name", "parent", "sort_order"]
    copy_view_enabled = False


class TermViewSet(ModelViewSet):
    model = Term
    icon = "date"
    menu_label = _("Terms")
    form_fields = ["number", "name", "starts_on", "ends_on"]
    list_display = ["name", "starts_on", "ends_on"]
    copy_view_enabled = False


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
        "by_election_days",
    ]
    list_display = ["name", "term", "deadline", "is_initial_learning"]
    list_filter = ["term"]


class ExemptionCreateView(CreateView):
    def save_instance(self):
        # The administrator who excuses a deputy is on record with the reason.
        instance = self.form.save(commit=False)
        instance.granted_by = self.request.user
        instance.save()
        return instance


class ExemptionViewSet(ModelViewSet):
    model = Exemption
    add_view_class = ExemptionCreateView
    icon = "pick"
    menu_label = _("Exemptions")
    form_fields = ["requirement", "deputy", "reason"]
    list_display = ["deputy", "requirement", "reason", "granted_at"]
    list_filter = ["requirement"]
    search_fields = ["deputy__name", "deputy__deputy_no", "reason"]
    copy_view_enabled = False


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "tasks"
    menu_label = _("Enrolments")
    form_fields = ["deputy", "course", "source"]
    list_display = ["deputy", "course", "progress", "completed_at"]
    list_filter = ["source"]
    search_fields = ["deputy__name", "deputy__deputy_no"]
    list_export = ["deputy", "course", "progress", "completed_at"]
    copy_view_enabled = False


class HoursEntryViewSet(ModelViewSet):
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
    copy_view_enabled = False


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "user"
    menu_order = 250
    items = [
        DeputyViewSet("deputies"),
        DelegationViewSet("delegations"),
        TermViewSet("terms"),
        RequirementViewSet("requirements"),
        ExemptionViewSet("exemptions"),
        EnrolmentViewSet("enrolments"),
        HoursEntryViewSet("hours"),
    ]
