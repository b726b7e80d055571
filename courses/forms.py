from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Category, DeliveryMode


class CatalogueFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Category.choices],
    )
    mode = forms.ChoiceField(
        label=_("Delivery mode"),
        required=False,
        choices=[("", _("All modes")), *DeliveryMode.choices],
    )
    required = forms.ChoiceField(
        label=_("Required or elective"),
        required=False,
        choices=[
            ("", _("All courses")),
            ("required", _("Required")),
            ("elective", _("Elective")),
        ],
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            ("", _("All years")),
            *[(y, str(y)) for y in years],
        ]


def quiz_answers_from_post(data) -> dict[int, set[int]]:
    """Answers as {question index: chosen choice indexes}; malformed ones dropped."""
    answers: dict[int, set[int]] = {}
    for key in data:
        if not key.startswith("q") or not key[1:].isdigit():
            continue
        chosen = {int(v) for v in data.getlist(key) if v.isdigit() and len(v) < 4}
        answers[int(key[1:])] = chosen
    return answers


class SessionAssignForm(forms.Form):
    """A whole delegation, or a requirement's cohort, onto a session's list."""

    delegation = forms.ModelChoiceField(
        label=_("Delegation"), queryset=None, required=False
    )
    requirement = forms.ModelChoiceField(
        label=_("Cohort of the requirement"), queryset=None, required=False
    )

    def __init__(self, *args, user, **kwargs):
        from courses.models import Requirement
        from people.models import Delegation

        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.visible_to(user)
        self.fields["requirement"].queryset = Requirement.objects.all()

    def clean(self):
        data = super().clean()
        if bool(data.get("delegation")) == bool(data.get("requirement")):
            raise forms.ValidationError(_("Choose a delegation or a requirement."))
        return data


class AttendanceMarkForm(forms.Form):
    deputy_no = forms.CharField(label=_("Deputy number"), max_length=32)
    makeup = forms.BooleanField(label=_("Made up online (补学)"), required=False)


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance sheet (XLSX)"),
        help_text=_("Columns 代表证号 and, optionally, 签到时间."),
    )
