"""Forms of the announcements app. Every check answers in Russian and changes nothing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.announcements.services import BODY_MAX, TITLE_MAX, pinned_until_problem


class AnnouncementForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("announcement", "Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Enter the title.")},
    )
    body = forms.CharField(
        label=pgettext_lazy("announcement", "Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Markdown: **bold**, *italics*, lists, links, quotes. Pictures and HTML are not shown."
        ),
        error_messages={"required": _("Enter the text of the announcement.")},
    )
    pinned_until = forms.DateField(
        label=_("Pinned until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Optional. Until the end of this day (in the community's time zone) the announcement "
            "is shown first on the community page and on its members' home pages."
        ),
        error_messages={"invalid": _("Enter a date, for example 31.12.2026.")},
    )

    def __init__(self, *args, community, announcement=None, **kwargs):
        if announcement is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": announcement.title,
                "body": announcement.body,
                "pinned_until": announcement.pinned_until,
            }
        super().__init__(*args, **kwargs)
        self.community = community
        self.announcement = announcement
        # Counts characters as the browser does; the server checks again.
        self.fields["title"].widget.attrs["maxlength"] = TITLE_MAX

    def clean_pinned_until(self):
        value = self.cleaned_data.get("pinned_until")
        unchanged = self.announcement.pinned_until if self.announcement else None
        if problem := pinned_until_problem(value, self.community, unchanged_from=unchanged):
            raise forms.ValidationError(problem)
        return value
