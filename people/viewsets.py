"""Wagtail admin of the roster (menu 名册) and the scoped viewset all app lists use.

`ScopedModelViewSet` runs each list, export, edit, delete, inspect, history and
usage view through the model's `visible_to(request.user)`: a training
administrator scoped to a delegation sees only its rows, and any other object
answers 404. Lists name their foreign keys in `list_select_related`, so that a
page of rows costs the same few queries whatever its length.
"""

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    InspectView,
    UsageView,
)
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from infrastructure.exports import CSV_BOM, export_value, in_language, safe_cell
from infrastructure.numbers import hours_display
from people.models import Delegation, Deputy, StaffScope, Term
from people.services.roster_import import COLUMNS


class YesNoColumn(BooleanColumn):
    """A tick or a cross whose text alternative reads 是/否, not "True"/"False"."""

    cell_template_name = "people/admin/yes_no_cell.html"


def boolean_column(model, name: str) -> BooleanColumn:
    """A yes/no field listed as a tick or a cross, not as "True" or "False"."""
    label = capfirst(model._meta.get_field(name).verbose_name)
    return YesNoColumn(name, label=label, sort_key=name)


def hours_column(model, name: str) -> Column:
    """Credit hours listed as "12", not "12.0"."""
    label = capfirst(model._meta.get_field(name).verbose_name)
    return Column(
        name,
        label=label,
        sort_key=name,
        accessor=lambda instance: hours_display(getattr(instance, name)),
    )


class VisibleToMixin:
    list_select_related: tuple[str, ...] = ()

    def scoped_queryset(self):
        # Views that look their object up in `setup()` would answer 404 before the
        # permission check: staff without the permission are refused first instead.
        if not self._permitted():
            raise PermissionDenied
        queryset = self.model._default_manager.visible_to(self.request.user)
        if not self.list_select_related:
            # select_related() without names would join every foreign key, recursively.
            return queryset
        return queryset.select_related(*self.list_select_related)

    def _permitted(self) -> bool:
        if self.permission_required is not None and not self.user_has_permission(
            self.permission_required
        ):
            return False
        return self.any_permission_required is None or self.user_has_any_permission(
            self.any_permission_required
        )


class ScopedIndexView(VisibleToMixin, IndexView):
    """A list within the user's scope, and its CSV/XLSX export.

    Every export of the college's admin lists comes through here: cells as a reader
    sees them (男, 市级, 是; `export_value`), headers and values in the college's
    language whatever the admin's (see README, exports), a BOM before the CSV, and no
    cell that a spreadsheet would run as a formula.
    """

    def get_base_queryset(self):
        return self.scoped_queryset()

    @cached_property
    def filters(self):
        # The list's filters offer only the delegations (and deputies) in scope.
        filterset = super().filters
        if filterset is not None:
            for field in filterset.form.fields.values():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and hasattr(queryset, "visible_to"):
                    field.queryset = queryset.visible_to(self.request.user)
        return filterset

    def to_row_dict(self, item):
        return {field: export_value(item, field) for field in self.list_export}

    def preprocess_field_value(self, field, value, export_format):
        # Exports leave the college: no cell may run as a spreadsheet formula.
        return safe_cell(super().preprocess_field_value(field, value, export_format))

    def as_spreadsheet(self, queryset, spreadsheet_format):
        with translation.override(settings.LANGUAGE_CODE):
            return super().as_spreadsheet(queryset, spreadsheet_format)

    def stream_csv(self, queryset):
        # Streamed after the view has returned: each line in the college's language.
        yield CSV_BOM
        yield from in_language(super().stream_csv(queryset))


class ScopedFormMixin:
    """Choosers in the form offer only the deputies and delegations in scope."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "visible_to"):
                field.queryset = queryset.visible_to(self.request.user)
        return form


class ScopedCreateView(ScopedFormMixin, CreateView):
    pass


class ScopedEditView(ScopedFormMixin, VisibleToMixin, EditView):
    def get_queryset(self):
        return self.scoped_queryset()


class ScopedDeleteView(VisibleToMixin, DeleteView):
    def get_queryset(self):
        return self.scoped_queryset()


class ScopedInspectView(VisibleToMixin, InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(self.scoped_queryset(), pk=unquote(str(self.pk)))


class ScopedHistoryView(VisibleToMixin, HistoryView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ScopedUsageView(VisibleToMixin, UsageView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ScopedModelViewSet(ModelViewSet):
    """A model admin whose every view sees only `visible_to(user)`."""

    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    inspect_view_class = ScopedInspectView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    list_select_related: tuple[str, ...] = ()
    copy_view_enabled = False

    def _scoped(self, view_kwargs: dict) -> dict:
        return {**view_kwargs, "list_select_related": self.list_select_related}

    def get_index_view_kwargs(self, **kwargs):
        return self._scoped(super().get_index_view_kwargs(**kwargs))

    def get_edit_view_kwargs(self, **kwargs):
        return self._scoped(super().get_edit_view_kwargs(**kwargs))

    def get_delete_view_kwargs(self, **kwargs):
        return self._scoped(super().get_delete_view_kwargs(**kwargs))

    def get_inspect_view_kwargs(self, **kwargs):
        return self._scoped(super().get_inspect_view_kwargs(**kwargs))

    def get_history_view_kwargs(self, **kwargs):
        return self._scoped(super().get_history_view_kwargs(**kwargs))

    def get_usage_view_kwargs(self, **kwargs):
        return self._scoped(super().get_usage_view_kwargs(**kwargs))


class DeputyIndexView(ScopedIndexView):
    # Served by the index on (deputy_no, id), not a sort of the joined table.
    default_ordering = "deputy_no"

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
                url=reverse("certificates:deputy_record", args=[instance.pk]),
                icon_name="doc-full",
                priority=60,
            )
        )
        return buttons


class DeputyViewSet(ScopedModelViewSet):
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
        boolean_column(Deputy, "newly_elected"),
        boolean_column(Deputy, "is_active"),
    ]
    list_select_related = ("delegation", "term")
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
    # The roster import's own column names: an exported roster imports back as is.
    export_headings = {
        field: COLUMNS[field][0] for field in list_export if field in COLUMNS
    }
    export_filename = "roster"
    inspect_view_enabled = True
    list_per_page = 50


class DelegationViewSet(ScopedModelViewSet):
    model = Delegation
    icon = "group"
    menu_label = _("Delegations")
    panels = [
        FieldPanel("name"),
        FieldPanel("parent"),
        FieldPanel("sort_order"),
        InlinePanel(
            "aliases",
            heading=pgettext_lazy("delegation", "Other names"),
            label=pgettext_lazy("delegation", "Other name"),
            help_text=_(
                "Names a roster file may use for this delegation, e.g. 黄浦区 and "
                "黄浦 for 黄浦区代表团. Each belongs to one delegation only."
            ),
        ),
    ]
    list_display = ["name", "parent", "sort_order"]
    list_select_related = ("parent",)


class TermViewSet(ModelViewSet):
    model = Term
    icon = "date"
    menu_label = pgettext_lazy("congress", "Terms")
    form_fields = ["number", "name", "starts_on", "ends_on"]
    list_display = ["name", "starts_on", "ends_on"]
    copy_view_enabled = False


class StaffScopeViewSet(ModelViewSet):
    model = StaffScope
    icon = "lock"
    menu_label = _("Delegation scopes")
    form_fields = ["user", "group", "delegations", "note"]
    list_display = ["__str__", "note"]
    copy_view_enabled = False


class RosterViewSetGroup(ViewSetGroup):
    menu_label = _("Roster")
    menu_icon = "user"
    menu_order = 240
    items = [
        DeputyViewSet("deputies"),
        DelegationViewSet("delegations"),
        TermViewSet("terms"),
        StaffScopeViewSet("delegation_scopes"),
    ]
