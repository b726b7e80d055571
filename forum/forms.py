import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forum.services import MAX_BODY

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


class TopicForm(TokenForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}),
    )
    body = _body_field()


class ReplyForm(TokenForm):
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
