"""Wagtail admin of the forum (menu 论坛): boards, the moderation log, reports.

Boards are snippets that editors manage. The log and the reports are read in the
admin through `visible_to(user)` (people.viewsets.ScopedModelViewSet): a moderator
scoped to a delegation sees only the boards open to them; moderators act on the
site (approve, hide, lock, pin, move), where every action is logged.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

from forum.models import Board, EditionRegistration, ModerationAction, Report
from forum.services.discussion import display_name
from people.viewsets import ScopedModelViewSet, boolean_column


def person_column(model, field: str) -> Column:
    """A deputy by their name, staff by their full name: never an account's login."""
    return Column(
        field,
        label=model._meta.get_field(field).verbose_name,
        accessor=lambda row: (
            display_name(getattr(row, field)) if getattr(row, field) else ""
        ),
    )


class BoardViewSet(SnippetViewSet):
    model = Board
    icon = "group"
    menu_label = _("Boards")
    list_display = [
        "title",
        "slug",
        "read_access",
        "post_access",
        boolean_column(Board, "premoderated"),
    ]
    list_filter = ["read_access", "post_access", "premoderated"]
    search_fields = ["title", "description"]
    ordering = ["sort_order", "pk"]


class ModerationLogViewSet(ScopedModelViewSet):
    model = ModerationAction
    icon = "history"
    menu_label = _("Moderation log")
    list_select_related = ("actor__deputy", "topic__board", "post")
    list_display = [
        "created_at",
        person_column(ModerationAction, "actor"),
        "action",
        "topic",
        "post",
        "reason",
    ]
    list_filter = ["action", "topic__board"]
    search_fields = ["reason", "topic__title"]
    inspect_view_enabled = True
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    form_fields = ["reason"]
    list_export = ["created_at", "actor", "action", "topic", "post", "reason", "detail"]
    export_filename = "forum-moderation-log"


class ReportViewSet(ScopedModelViewSet):
    model = Report
    icon = "warning"
    menu_label = pgettext_lazy("forum", "Reports")
    list_select_related = ("post__topic__board", "reporter__deputy", "resolved_by")
    list_display = [
        "created_at",
        "post",
        "reason",
        person_column(Report, "reporter"),
        "resolved_at",
    ]
    list_filter = ["post__topic__board"]
    search_fields = ["reason"]
    inspect_view_enabled = True
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    form_fields = ["reason"]


class EditionRegistrationViewSet(ScopedModelViewSet):
    """Who registered for each edition; staff tick who attended (in their scope)."""

    model = EditionRegistration
    icon = "date"
    menu_label = _("Forum edition registrations")
    list_select_related = ("edition", "deputy__delegation")
    list_display = [
        "edition",
        "deputy",
        "registered_at",
        boolean_column(EditionRegistration, "attended"),
    ]
    list_filter = ["edition", "attended", "deputy__delegation"]
    search_fields = ["deputy__name", "deputy__deputy_no"]
    add_view_enabled = False
    delete_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["attended"]
    list_export = ["edition", "deputy", "registered_at", "attended"]
    export_filename = "forum-edition-registrations"


class ForumViewSetGroup(ViewSetGroup):
    menu_label = _("Forum")
    menu_icon = "group"
    menu_order = 270
    items = [
        BoardViewSet,
        ModerationLogViewSet("forum_moderation_log"),
        ReportViewSet("forum_reports"),
        EditionRegistrationViewSet("forum_edition_registrations"),
    ]
