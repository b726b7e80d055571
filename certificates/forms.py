from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, Requirement


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Certificate PDF"), help_text=_("The PDF file exactly as received.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(
                _("A certificate PDF is smaller than 5 MB; this file is not one.")
            )
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
