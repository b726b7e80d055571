from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from people.models import Delegation, Term
from people.permissions import CongressWidePolicy, can_manage_roster
from people.views import DeputyAccountView, RosterImportView
from people.viewsets import RosterViewSetGroup

for model in (Delegation, Term):
    register_permission_policy(model, CongressWidePolicy(model))


@hooks.register("register_admin_viewset")
def register_roster_viewsets():
    return RosterViewSetGroup()


@hooks.register("register_admin_urls")
def register_roster_urls():
    return [
        path("roster/import/", RosterImportView.as_view(), name="roster_import"),
        path(
            "roster/deputies/<int:deputy_id>/account/",
            DeputyAccountView.as_view(),
            name="deputy_account",
        ),
    ]


class RosterImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_roster(request.user)


@hooks.register("register_admin_menu_item")
def register_roster_import_menu_item():
    return RosterImportMenuItem(
        _("Import roster"), reverse("roster_import"), icon_name="upload", order=241
    )
