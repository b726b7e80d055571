from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from certificates import views
from certificates.permissions import can_manage_certificates
from certificates.viewsets import CertificatesViewSetGroup


@hooks.register("register_admin_viewset")
def register_certificate_viewsets():
    return CertificatesViewSetGroup()


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path("certificates/issue/", views.bulk_issue, name="certificate_bulk_issue"),
        path("certificates/<int:pk>/revoke/", views.revoke, name="certificate_revoke"),
        path("certificates/zip/", views.zip_download, name="certificate_zip"),
        path(
            "certificates/templates/<int:pk>/preview.pdf",
            views.template_preview,
            name="certificate_template_preview",
        ),
    ]


class ManageMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_certificates(request.user)


@hooks.register("register_admin_menu_item")
def register_bulk_issue_menu_item():
    return ManageMenuItem(
        _("Issue certificates"),
        reverse("certificate_bulk_issue"),
        icon_name="doc-full",
        order=261,
    )
