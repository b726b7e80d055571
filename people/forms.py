from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    UsernameField,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from people.authentication import LEFT_OFFICE
from people.selectors import accounts_for_email


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


class CollegePasswordResetForm(PasswordResetForm):
    """Reset by any e-mail on the account: its own, or its deputy's on the roster.

    The link goes to that address as the college stores it, never to the text typed
    (which may only look the same after case folding).
    """

    def get_users(self, email):
        found = [
            (user, address)
            for user, address in accounts_for_email(email)
            if user.has_usable_password()
        ]
        self._stored_addresses = {user.pk: address for user, address in found}
        return [user for user, _address in found]

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        address = self._stored_addresses[context["user"].pk]
        super().send_mail(
            subject_template_name,
            email_template_name,
            {**context, "email": address},
            from_email,
            address,
            html_email_template_name,
        )


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
