"""Forms of the consultation lines. Every check answers in Russian and changes nothing; the
services repeat the checks (they are the source of truth for any caller)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.consultations import services
from pedset.consultations.services import ActionRefused


def _as_field_error(check, value):
    try:
        return check(value)
    except ActionRefused as refusal:
        raise ValidationError(refusal.message) from None


class _TextField(forms.CharField):
    """Emptiness and length are judged by the service's check (one wording for every caller);
    a NUL character is refused by Django's own validator before it."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class QuestionForm(forms.Form):
    # The form also sits in the event page's panel beside other apps' forms: its ids and names
    # carry a prefix («question-text»).
    prefix = "question"

    text = _TextField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": services.QUESTION_MAX}),
        help_text=_(
            "From %(min)s to %(max)s characters. Do not write other people's personal data "
            "(addresses, phone numbers) in the question."
        )
        % {"min": services.QUESTION_MIN, "max": services.QUESTION_MAX},
    )
    show_author_name = forms.BooleanField(
        label=_("Show my name if the question is published"),
        required=False,
        help_text=_(
            "The experts and the organisers always see who asks. If the answer is published, "
            "other readers see your name only when this box is ticked, and only signed-in "
            "people of the line's audience."
        ),
    )

    def clean_text(self):
        return _as_field_error(services.clean_question_text, self.cleaned_data.get("text"))


class AnswerForm(forms.Form):
    text = _TextField(
        label=pgettext_lazy("consultation", "Answer"),
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": services.ANSWER_MAX}),
        help_text=_(
            "Markdown works: **bold**, *italics*, lists, links. The asker is told when the "
            "question is answered for the first time."
        ),
    )

    def clean_text(self):
        return _as_field_error(services.clean_answer_text, self.cleaned_data.get("text"))


class ReasonForm(forms.Form):
    reason = _TextField(
        label=pgettext_lazy("consultation", "Reason (the asker will see it)"),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": services.REASON_MAX}),
    )

    def clean_reason(self):
        return _as_field_error(services.clean_reason, self.cleaned_data.get("reason"))
