"""Forms of the expertise app. Every check answers in Russian; the services check again."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.review import services
from pedset.review.models import DecisionOutcome, Recommendation


class CriterionForm(forms.Form):
    title = forms.CharField(
        label=_("Criterion"),
        max_length=services.TITLE_MAX,
        error_messages={"required": _("Enter the criterion.")},
    )
    description = forms.CharField(
        label=_("What is assessed"),
        required=False,
        max_length=services.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the experts next to the criterion."),
    )
    max_score = forms.IntegerField(
        label=_("Highest score"),
        min_value=1,
        max_value=services.MAX_SCORE_LIMIT,
        initial=services.DEFAULT_MAX_SCORE,
        help_text=_("Experts give from 0 to this many points."),
        error_messages={
            "required": _("Enter the highest score."),
            "invalid": _("Enter a whole number."),
            "min_value": _("The highest score is at least 1."),
            "max_value": _("The highest score is at most %(limit_value)s."),
        },
    )


class AssignForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one expert."),
            "invalid_choice": _("This person cannot be assigned: choose from the list."),
            "invalid_pk_value": _("Choose experts from the list."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        field = self.fields["experts"]
        field.queryset = get_user_model().objects.filter(
            pk__in=[candidate.user.pk for candidate in candidates]
        )
        labels = {c.user.pk: f"{c.user.get_full_name()} — {c.role_label}" for c in candidates}
        field.label_from_instance = lambda person: labels.get(person.pk, person.get_full_name())


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"),
        max_length=services.DECLINE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: a conflict of interest, not my subject, no time before the deadline. "
            "The coordinator reads it and assigns someone else."
        ),
        error_messages={"required": _("Say why you decline.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the expert reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    """A score and a comment per criterion in use, the conclusion and the recommendation."""

    conclusion = forms.CharField(
        label=_("Conclusion"),
        max_length=services.CONCLUSION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The expert conclusion: strengths, shortcomings, what to improve."),
        error_messages={"required": _("Write the conclusion.")},
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the recommendation."),
            "invalid_choice": _("Choose the recommendation from the list."),
        },
    )

    def __init__(self, *args, criteria, draft=None, saving_draft=False, **kwargs):
        """``draft`` (the assignment's saved draft) prefills an unbound form; ``saving_draft``
        makes every field optional: a draft keeps whatever is typed, if it is valid."""
        if draft:
            kwargs["initial"] = {**initial_from_draft(draft), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        score_fields = {}
        for criterion in criteria:
            score_fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s: score from 0 to %(max)s")
                % {"criterion": criterion.title, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
                error_messages={
                    "required": _("Give a score."),
                    "invalid": _("Enter a whole number."),
                    "min_value": _("The score cannot be below 0."),
                    "max_value": _("The score is at most %(limit_value)s."),
                },
            )
            score_fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=pgettext_lazy("score", "Comment on «%(criterion)s»")
                % {"criterion": criterion.title},
                required=False,
                max_length=services.COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The criteria first, then the conclusion and the recommendation.
        self.fields = {**score_fields, **self.fields}
        if saving_draft:
            for field in self.fields.values():
                field.required = False

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            c.pk: (data.get(f"score_{c.pk}"), data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }

    def draft_data(self) -> dict:
        """The arguments of services.review_draft_save."""
        data = self.cleaned_data
        return {
            "scores": self.scores(),
            "conclusion": data.get("conclusion", ""),
            "recommendation": data.get("recommendation", ""),
        }


def initial_from_draft(draft: dict) -> dict:
    """The form's initial values from a draft stored by services.review_draft_save."""
    initial = {}
    for criterion_id, entry in (draft.get("scores") or {}).items():
        if entry.get("score") is not None:
            initial[f"score_{criterion_id}"] = entry["score"]
        if entry.get("comment"):
            initial[f"comment_{criterion_id}"] = entry["comment"]
    for key in ("conclusion", "recommendation"):
        if draft.get(key):
            initial[key] = draft[key]
    return initial


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the decision."),
            "invalid_choice": _("Choose the decision from the list."),
        },
    )
    recommend_for_publication = forms.BooleanField(
        label=_("Recommend for publication in regional and federal editions and conferences"),
        required=False,
        help_text=_("Only with inclusion in the cabinet (regulation 004, 1.10)."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=services.REASONS_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The authors receive the reasons with the decision."),
        error_messages={"required": _("Write the reasons for the decision.")},
    )
    override = forms.BooleanField(
        label=_("Decide without waiting for the experts who have not submitted their reviews"),
        required=False,
        help_text=_("Their assignments are withdrawn. Say why in the reasons."),
    )

    def __init__(self, *args, unfinished: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not unfinished:
            del self.fields["override"]

    def clean(self):
        data = super().clean()
        if data.get("recommend_for_publication") and data.get("outcome") not in (
            None,
            DecisionOutcome.INCLUDE,
        ):
            self.add_error(
                "recommend_for_publication",
                _("Only a material included in the cabinet can be recommended for publication."),
            )
        return data
