import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import Requirement
from forum.models import MustReadNotice
from forum.services import MAX_BODY, CheckedFile, attachment_check
from forum.services.attachments import max_bytes, max_per_post
from people.models import Delegation

BODY_HELP = _(
    "Markdown: **bold**, *italic*, > quote, - list, [link](https://…). "
    "Mention a deputy with @name."
)


class BodyForm(forms.Form):
    """A form with a text box; `mentions_url` turns the @mention picker on."""

    def __init__(self, *args, mentions_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if mentions_url and "body" in self.fields:
            self.fields["body"].widget.attrs.update(
                {
                    "data-mentions-url": mentions_url,
                    "data-mentions-label": _("Deputies to mention"),
                }
            )


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=pgettext_lazy("content", "Text"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
        help_text=BODY_HELP,
    )


class TokenForm(BodyForm):
    # One token per form shown: a double submit sends the same one twice.
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AttachmentsForm(TokenForm):
    """A post form with files: images (JPEG, PNG, WebP) and PDFs, checked by bytes."""

    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        widget=MultipleFileInput(
            attrs={
                "class": "form-control",
                "accept": "image/jpeg,image/png,image/webp,application/pdf",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _(
            "Up to %(count)d images (JPEG, PNG, WebP) or PDF files, "
            "each at most %(size)d MB."
        ) % {"count": max_per_post(), "size": max_bytes() // (1024 * 1024)}

    def clean_attachments(self) -> list[CheckedFile]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > max_per_post():
            raise forms.ValidationError(
                _("A post can have at most %(max)d attachments."),
                params={"max": max_per_post()},
                code="too_many",
            )
        return [attachment_check(upload) for upload in files]


class TopicForm(AttachmentsForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}),
    )
    body = _body_field()


class ReplyForm(AttachmentsForm):
    body = _body_field()


class EditForm(BodyForm):
    body = _body_field()
    reason = forms.CharField(
        label=_("Reason for the edit"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("Required when a moderator edits someone else's post."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class MoveForm(ReasonForm):
    board = forms.ModelChoiceField(
        label=_("Move to board"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards


class NoticeForm(forms.Form):
    """Mark a staff topic as must-read: for everyone, a delegation or a cohort."""

    audience = forms.ChoiceField(
        label=_("Who must read it"),
        choices=MustReadNotice.Audience.choices,
        widget=forms.RadioSelect,
    )
    delegation = forms.ModelChoiceField(
        label=_("Delegation"),
        queryset=Delegation.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    requirement = forms.ModelChoiceField(
        label=_("Learning requirement (its cohort)"),
        queryset=Requirement.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, scoped: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.visible_to(user)
        if scoped:
            # Staff of some delegations address one of them only.
            self.fields["audience"].choices = [
                (
                    MustReadNotice.Audience.DELEGATION,
                    MustReadNotice.Audience.DELEGATION.label,
                )
            ]
            del self.fields["requirement"]
        else:
            self.fields["requirement"].queryset = Requirement.objects.select_related(
                "term"
            )
