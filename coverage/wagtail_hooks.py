from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy

from courses.selectors.requirements import initial_requirement
from coverage.models import ReminderLog
from coverage.permissions import SentOnlyPolicy, can_view_coverage
from coverage.selectors import coverage_days_left, coverage_for_user
from coverage.viewsets import ReminderLogViewSet

register_permission_policy(ReminderLog, SentOnlyPolicy(ReminderLog))


class CoveragePanel(Component):
    """The initial-learning coverage of the administrator's scope, at a glance."""

    name = "coverage"
    order = 50
    template_name = "coverage/admin/panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        requirement = initial_requirement()
        if requirement is None:
            return {"report": None}
        report = coverage_for_user(requirement=requirement, user=self.user)
        return {
            "report": report,
            "percent": round(report.coverage * 100, 1),
            "days_left": coverage_days_left(requirement=requirement),
        }


@hooks.register("construct_homepage_panels")
def add_coverage_panel(request, panels):
    if can_view_coverage(request.user):
        panels.append(CoveragePanel(request.user))


@hooks.register("register_admin_viewset")
def register_reminder_viewset():
    return ReminderLogViewSet("reminders")


class CoverageMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_coverage(request.user)


@hooks.register("register_admin_menu_item")
def register_coverage_menu_item():
    return CoverageMenuItem(
        _("Coverage"), reverse("coverage:dashboard"), icon_name="table", order=255
    )
