from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
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
    """Answers as {question index: chosen choice indexes}; anything malformed is dropped."""
    answers: dict[int, set[int]] = {}
    for key in data:
        if not key.startswith("q") or not key[1:].isdigit():
            continue
        chosen = {int(v) for v in data.getlist(key) if v.isdigit() and len(v) < 4}
        answers[int(key[1:])] = chosen
    return answers


class LoginForm(AuthenticationForm):
    username = UsernameField(
        label=_("Deputy number, mobile phone or email"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("CSV (UTF-8) or XLSX, with a header row in Chinese or English."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
