from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses import views
from courses.permissions import can_manage_roster
from courses.viewsets import TrainingViewSetGroup


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


@hooks.register("register_admin_urls")
def register_roster_urls():
    return [
        path("roster/import/", views.roster_import_view, name="roster_import"),
        path(
            "roster/deputies/<int:deputy_id>/account/",
            views.deputy_account_view,
            name="deputy_account",
        ),
    ]


class RosterImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_roster(request.user)


@hooks.register("register_admin_menu_item")
def register_roster_import_menu_item():
    return RosterImportMenuItem(
        _("Import roster"), reverse("roster_import"), icon_name="upload", order=251
    )
