"""Forms of the moderation app. Every check answers in Russian and changes nothing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.moderation.models import FlagReason, ModerationAction
from pedset.moderation.services import (
    MAX_COMMENT_LENGTH,
    MAX_REASON_LENGTH,
    MAX_SUSPENSION_DAYS,
    Decision,
    ModerationRefused,
    suspension_end,
)

TOO_LONG = _("The text is too long: at most %(limit_value)s characters (now %(show_value)s).")


def _reason_field(label, *, help_text, required_message):
    return forms.CharField(
        label=label,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"required": required_message, "max_length": TOO_LONG},
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What rule does it break?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a reason from the rules of conduct."),
            "invalid_choice": _("Choose a reason from the rules of conduct."),
        },
    )
    comment = forms.CharField(
        label=pgettext_lazy("moderation", "Comment"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required for the reason «other». Up to 2000 characters. Only the moderators read "
            "it; the author is not told who reported."
        ),
        error_messages={"max_length": TOO_LONG},
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == FlagReason.OTHER and not data.get("comment", "").strip():
            self.add_error(
                "comment", _("For the reason «other», describe the violation in a comment.")
            )
        return data


class ResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        error_messages={
            "required": _("Choose what to do with the reports."),
            "invalid_choice": _("Choose what to do with the reports."),
        },
    )
    reason = _reason_field(
        pgettext_lazy("moderation", "Reason"),
        help_text=_("The author and the reporters see it; the log keeps it."),
        required_message=_("State the reason: the author and the reporters will see it."),
    )


class WarnForm(forms.Form):
    reason = _reason_field(
        _("Reason for the warning"),
        help_text=_("The member receives it in the site and by e-mail."),
        required_message=_("State the reason for the warning."),
    )


class SuspendForm(forms.Form):
    days = forms.IntegerField(
        label=_("Term, days"),
        required=False,
        min_value=1,
        max_value=MAX_SUSPENSION_DAYS,
        help_text=_("From 1 to 90 days. Or give the end date below."),
        error_messages={
            "invalid": _("The term is a whole number of days."),
            "min_value": _("The term is from 1 to 90 days."),
            "max_value": _("The term is from 1 to 90 days."),
        },
    )
    until = forms.DateField(
        label=_("Or until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The suspension ends at 00:00 of this day, in the community's time zone; at most "
            "90 days ahead."
        ),
        error_messages={"invalid": _("Enter the date as DD.MM.YYYY.")},
    )
    reason = _reason_field(
        _("Reason for the suspension"),
        help_text=_("The member receives it in the site and by e-mail."),
        required_message=_("State the reason for the suspension."),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community

    def clean(self):
        data = super().clean()
        if self.has_error("days") or self.has_error("until"):
            return data
        try:
            data["ends_at"] = suspension_end(
                self.community, days=data.get("days"), until=data.get("until")
            )
        except ModerationRefused as refusal:
            field = "until" if data.get("until") is not None and data.get("days") is None else None
            self.add_error(field, refusal.message)
        return data


class LiftForm(forms.Form):
    reason = _reason_field(
        _("Reason for lifting the suspension"),
        help_text=_("The member receives it; the log keeps it."),
        required_message=_("State the reason for lifting the suspension."),
    )


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(label=pgettext_lazy("moderation", "Action"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", pgettext_lazy("moderation action", "any"))] + list(
            ModerationAction.Action.choices
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is later than the end date."))
        return data

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "action": self.cleaned_data.get("action") or "",
            "date_from": self.cleaned_data.get("date_from"),
            "date_to": self.cleaned_data.get("date_to"),
        }
