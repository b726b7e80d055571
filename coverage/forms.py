from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import AnnualPlanPage, CoursePage, Requirement
from coverage.selectors import UncoveredFilters, annual_plans
from people.models import Delegation, Level


class CoverageFilterForm(forms.Form):
    """Which requirement, and which of its uncovered deputies to list."""

    requirement = forms.ModelChoiceField(
        label=_("Learning requirement"),
        queryset=Requirement.objects.select_related("term"),
        to_field_name="slug",
        required=False,
    )
    delegation = forms.ModelChoiceField(
        label=_("Delegation"), queryset=Delegation.objects.none(), required=False
    )
    newly_elected = forms.TypedChoiceField(
        label=_("Newly elected"),
        choices=[("", _("All")), ("yes", _("Newly elected")), ("no", _("Re-elected"))],
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=None,
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("All levels")), *Level.choices],
        required=False,
    )
    missing = forms.ModelChoiceField(
        label=_("Missing course"), queryset=CoursePage.objects.none(), required=False
    )
    # The fields that choose which uncovered deputies are listed (and exported).
    LIST_FILTERS = ("delegation", "newly_elected", "level", "missing")

    def __init__(self, *args, user, requirement: Requirement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.visible_to(user)
        if requirement is not None:
            self.fields["missing"].queryset = requirement.courses.all()
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def query(self) -> dict[str, str]:
        """The valid choices as URL parameters: what a link back should keep."""
        if not self.is_bound:
            return {}
        self.is_valid()  # a wrong choice drops that one; the others stay
        keep = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if name == "requirement":
                keep[name] = value.slug
            elif name == "newly_elected":
                keep[name] = "yes" if value else "no"
            else:
                keep[name] = str(getattr(value, "pk", value))
        return keep

    def filters(self) -> UncoveredFilters:
        data: dict = {}
        if self.is_bound:
            self.is_valid()  # a wrong choice is ignored; the valid ones still filter
            data = self.cleaned_data
        return UncoveredFilters(
            delegation_id=data["delegation"].pk if data.get("delegation") else None,
            newly_elected=data.get("newly_elected"),
            level=data.get("level", ""),
            missing_course_id=data["missing"].pk if data.get("missing") else None,
        )


class ReminderForm(forms.Form):
    """Remind the ticked deputies, or every uncovered deputy of a delegation."""

    requirement = forms.ModelChoiceField(
        queryset=Requirement.objects.all(), to_field_name="slug"
    )
    delegation = forms.ModelChoiceField(
        queryset=Delegation.objects.none(), required=False
    )
    # The dashboard's query string when the form was sent, to return to the same list.
    back = forms.CharField(required=False, max_length=1000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.visible_to(user)

    def clean(self):
        data = super().clean()
        # Ticked rows of the list; the service keeps only those in the sender's scope.
        data["deputies"] = [
            int(pk) for pk in self.data.getlist("deputies") if str(pk).isdigit()
        ][:1000]
        if not data.get("deputies") and not data.get("delegation"):
            raise forms.ValidationError(_("Tick deputies or choose a delegation."))
        return data


class PlanChoiceForm(forms.Form):
    """The annual plan whose execution `/coverage/plans/` shows."""

    plan = forms.ModelChoiceField(
        label=_("Annual training plan"),
        queryset=AnnualPlanPage.objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = annual_plans()
