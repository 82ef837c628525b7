from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.communities.models import Community
from pedset.search import registry
from pedset.search.text import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, QueryError, parse_query

QUERY_MESSAGES = {
    "empty": _("Type a word or a few words to search for."),
    "too_long": _("The query is too long: at most %(n)s characters."),
    "no_words": _("The query has no words to search for: use letters or digits."),
    "only_common_words": _(
        "The query has only common words (such as «и», «в», «на»): add a meaningful word."
    ),
    "too_many_words": _("Too many words: leave at most %(n)s."),
}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=pgettext_lazy("search form", "Search for"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("search form", "What"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the kinds of results.")},
    )
    community = forms.ModelChoiceField(
        label=pgettext_lazy("search form", "Community"),
        queryset=Community.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=pgettext_lazy("search form", "all communities"),
        error_messages={"invalid_choice": _("There is no such community.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = ()
        self.fields["kind"].choices = [("", pgettext_lazy("search form", "everything"))] + [
            (p.kind, p.label) for p in registry.providers()
        ]

    def clean_q(self):
        query = self.cleaned_data["q"]
        try:
            self.terms = parse_query(query)
        except QueryError as error:
            message = QUERY_MESSAGES[error.code]
            limit = MAX_QUERY_LENGTH if error.code == "too_long" else MAX_QUERY_WORDS
            raise forms.ValidationError(message, code=error.code, params={"n": limit}) from None
        return query
