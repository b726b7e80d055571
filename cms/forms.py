"""The site search form: the query, and the kind and year it is narrowed to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from infrastructure.search import MAX_QUERY_LENGTH, search_sources


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the college"), max_length=MAX_QUERY_LENGTH, required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("Everything")),
            *((source.kind, source.label) for source in search_sources()),
        ]
        self.fields["year"].choices = [
            ("", _("Any year")),
            *((str(year), str(year)) for year in years),
        ]
