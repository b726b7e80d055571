"""The reminder log in Wagtail admin, within the administrator's scope."""

from django.utils.translation import gettext_lazy as _

from coverage.models import ReminderLog
from people.viewsets import ScopedModelViewSet


class ReminderLogViewSet(ScopedModelViewSet):
    model = ReminderLog
    icon = "mail"
    menu_label = _("Reminders sent")
    menu_order = 260
    add_to_admin_menu = True
    # Reminders are sent from the coverage page, never typed in.
    form_fields = ["deputy", "requirement", "channels"]
    list_display = ["deputy", "requirement", "sent_at", "sent_by", "channels"]
    list_select_related = ("deputy", "requirement", "sent_by")
    list_filter = ["requirement"]
    search_fields = ["deputy__name", "deputy__deputy_no"]
    inspect_view_enabled = True
