from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, Requirement

TOO_LARGE = _(
    "This file is larger than 5 MB, so it is not a certificate of the college: "
    "the college's certificates are far smaller."
)


class VerifyUploadForm(forms.Form):
    # Certificates are about 100 KB; anything over 5 MB cannot be one.
    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("Certificate PDF"), help_text=_("The PDF file exactly as received.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        return upload


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
    reissue = forms.BooleanField(label=_("Issue a replacement now"), required=False)


class BulkIssueForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None, required=False)
    requirement = forms.ModelChoiceField(
        label=_("Learning requirement"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.filter(
            awards_certificate=True
        ).order_by("title")
        self.fields["requirement"].queryset = Requirement.objects.filter(
            awards_certificate=True
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("course")) == bool(data.get("requirement")):
            raise forms.ValidationError(
                _("Choose either a course or a learning requirement.")
            )
        return data
