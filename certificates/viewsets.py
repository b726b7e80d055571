"""Wagtail admin of certificates (menu 证书), their templates (snippets) and the
learning records issued (已出具的参训记录)."""

import django_filters
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from certificates.models import Certificate, CertificateTemplate, LearningRecord
from certificates.permissions import can_revoke_certificates
from people.viewsets import (
    ScopedIndexView,
    ScopedModelViewSet,
    boolean_column,
    hours_column,
)


class IssuedOnly:
    """Issued, never typed in: only the views named in `url_names` exist, for anyone
    (superusers too)."""

    url_names: tuple[str, ...] = ("index", "index_results")

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name in self.url_names]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for action in ("add", "edit", "delete", "history", "usage", "inspect"):
            if action not in self.url_names:
                view_kwargs[f"{action}_url_name"] = None
        return view_kwargs


def verification_item(code: str) -> MenuItem:
    """A row's link to the public page that checks an issued document."""
    return MenuItem(
        _("Verification page"),
        url=reverse("certificates:verify", args=[code]),
        icon_name="link-external",
        priority=50,
    )


class CertificateIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_valid and can_revoke_certificates(self.request.user):
            buttons.append(
                MenuItem(
                    _("Revoke or re-issue"),
                    url=reverse("certificate_revoke", args=[instance.pk]),
                    icon_name="warning",
                    priority=40,
                )
            )
        buttons.append(verification_item(instance.code))
        return buttons


class CertificateViewSet(IssuedOnly, ScopedModelViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("Certificates")
    index_view_class = CertificateIndexView
    form_fields = ["revoked_reason"]
    list_select_related = ("deputy", "course", "requirement")
    list_display = [
        "serial",
        "deputy",
        "course",
        "requirement",
        hours_column(Certificate, "hours"),
        "status",
        "issued_at",
    ]
    list_filter = ["status", "course", "requirement", "deputy__delegation"]
    search_fields = ["serial", "deputy__name", "deputy__deputy_no"]
    list_export = [
        "serial",
        "deputy",
        "course",
        "requirement",
        "hours",
        "status",
        "issued_at",
        "sha256",
    ]
    export_filename = "certificates"
    inspect_view_enabled = True
    inspect_view_fields = [
        "serial",
        "deputy",
        "course",
        "requirement",
        "hours",
        "issued_at",
        "status",
        "revoked_at",
        "revoked_reason",
        "replaced_by",
        "sha256",
    ]
    copy_view_enabled = False
    # Issuing, revoking and re-issuing go through the certificate views and services.
    url_names = ("index", "index_results", "inspect")


class LearningRecordIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons += [
            MenuItem(
                _("Download the PDF"),
                url=reverse("certificates:issued_record_pdf", args=[instance.code]),
                icon_name="download",
                priority=30,
            ),
            verification_item(instance.code),
            MenuItem(
                _("Learning record"),
                url=reverse("certificates:deputy_record", args=[instance.deputy_id]),
                icon_name="doc-full",
                priority=60,
            ),
        ]
        return buttons


class LearningRecordFilterSet(WagtailFilterSet):
    issued_at = django_filters.DateFromToRangeFilter(
        label=_("issued at"), widget=DateRangePickerWidget
    )

    class Meta:
        model = LearningRecord
        fields = ["issued_at", "deputy__delegation"]


class LearningRecordViewSet(IssuedOnly, ScopedModelViewSet):
    model = LearningRecord
    icon = "doc-full"
    menu_label = _("Issued learning records")
    index_view_class = LearningRecordIndexView
    # No form is ever shown (IssuedOnly); Wagtail asks for its fields all the same.
    form_fields: list[str] = []
    list_select_related = ("deputy", "deputy__delegation")
    list_display = [
        "deputy",
        Column("delegation", label=_("delegation"), accessor="deputy.delegation"),
        Column("code", label=_("verification code"), sort_key="code"),
        "issued_at",
    ]
    filterset_class = LearningRecordFilterSet
    search_fields = ["code", "deputy__name", "deputy__deputy_no"]
    list_export = [
        "deputy.deputy_no",
        "deputy.name",
        "deputy.delegation",
        "code",
        "issued_at",
        "issuing_body",
    ]
    export_headings = {
        "deputy.deputy_no": _("deputy number"),
        "deputy.name": pgettext_lazy("person", "name"),
        "deputy.delegation": _("delegation"),
    }
    export_filename = "learning-records"


class TemplateEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        buttons.append(
            Button(
                _("Preview a sample PDF"),
                url=reverse("certificate_template_preview", args=[self.object.pk]),
                icon_name="view",
                priority=5,
            )
        )
        return buttons


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    edit_view_class = TemplateEditView
    list_display = [
        "name",
        "title",
        "orientation",
        boolean_column(CertificateTemplate, "is_default"),
    ]


class CertificatesViewSetGroup(ViewSetGroup):
    menu_label = _("Certificates")
    menu_icon = "doc-full-inverse"
    menu_order = 260
    items = [
        CertificateViewSet("certificates_admin"),
        CertificateTemplateViewSet,
        LearningRecordViewSet("learning_records"),
    ]
