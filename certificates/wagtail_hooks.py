from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from certificates import views
from certificates.models import Certificate, CertificateTemplate, LearningRecord
from certificates.permissions import IssuedCertificatePolicy, can_issue_certificates
from certificates.viewsets import CertificatesViewSetGroup
from people.permissions import CongressWidePolicy

# Issued, never typed in: the generic admin views only list and inspect.
register_permission_policy(Certificate, IssuedCertificatePolicy(Certificate))
register_permission_policy(LearningRecord, IssuedCertificatePolicy(LearningRecord))
# One template serves the whole congress: a district's staff read it, not change it.
register_permission_policy(CertificateTemplate, CongressWidePolicy(CertificateTemplate))


@hooks.register("register_admin_viewset")
def register_certificate_viewsets():
    return CertificatesViewSetGroup()


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path(
            "certificates/issue/",
            views.BulkIssueView.as_view(),
            name="certificate_bulk_issue",
        ),
        path(
            "certificates/<int:pk>/revoke/",
            views.RevokeView.as_view(),
            name="certificate_revoke",
        ),
        path(
            "certificates/zip/", views.ZipDownloadView.as_view(), name="certificate_zip"
        ),
        path(
            "certificates/templates/<int:pk>/preview.pdf",
            views.TemplatePreviewView.as_view(),
            name="certificate_template_preview",
        ),
    ]


class ManageMenuItem(MenuItem):
    def is_shown(self, request):
        return can_issue_certificates(request.user)


@hooks.register("register_admin_menu_item")
def register_bulk_issue_menu_item():
    return ManageMenuItem(
        _("Issue certificates"),
        reverse("certificate_bulk_issue"),
        icon_name="doc-full",
        order=261,
    )
