from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from people.authentication import LEFT_OFFICE


class LoginForm(AuthenticationForm):
    username = UsernameField(
        label=_("Deputy number, mobile phone or email"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if self.request is not None and getattr(self.request, LEFT_OFFICE, False):
                raise ValidationError(
                    _(
                        "This account belongs to a deputy who has left office and "
                        "can no longer log in. The learning record stays on file; "
                        "ask the training office for a copy."
                    ),
                    code="left_office",
                ) from None
            raise


class RosterUploadForm(forms.Form):
    MAX_BYTES = 10 * 1024 * 1024

    @staticmethod
    def too_large() -> ValidationError:
        return ValidationError(_("The file is larger than 10 MB."))

    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("CSV (UTF-8) or XLSX, with a header row in Chinese or English."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise self.too_large()
        return upload


class AdminLoginForm(WagtailLoginForm):
    """The admin's login form, its password label translated (Wagtail's is not)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
