"""Forms of contests. Every check answers in Russian and changes nothing; the services repeat
the checks that matter (they are the source of truth for any caller)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.contests import services
from pedset.contests.models import Nomination
from pedset.contests.services import ActionRefused
from pedset.core.fields import MultipleFileField
from pedset.materials.models import Material


def _as_field_error(check, value):
    try:
        return check(value)
    except ActionRefused as refusal:
        raise ValidationError(refusal.message) from None


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class NominationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MaterialField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class EntryForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("contest entry", "Title"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.TITLE_MAX}),
    )
    summary = forms.CharField(
        label=_("Annotation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.SUMMARY_MAX}),
        help_text=_(
            "What the work is about and whom it is for. The jury reads it without your name: "
            "do not write your name or your school here."
        ),
    )
    nomination = NominationField(
        label=_("Nomination"),
        queryset=Nomination.objects.none(),
        required=False,
        empty_label=_("— choose the nomination —"),
        error_messages={"invalid_choice": _("Choose the nomination from the list.")},
    )
    coauthors = PersonChoiceField(
        label=_("Co-authors"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "person-picker", "data-filter-label": _("Find by surname")}
        ),
        help_text=_(
            "Tick the other members of the community who made the work with you; you are the "
            "first author. Each co-author is told."
        ),
        error_messages={"invalid_choice": _("Choose co-authors from the list.")},
    )
    files = MultipleFileField(label=_("Files of the work"))
    material = MaterialField(
        label=_("Or a material of yours from the bank"),
        queryset=Material.objects.none(),
        required=False,
        empty_label=_("— no material —"),
        help_text=_(
            "A material of the bank of materials or the methodical cabinet of which you are an "
            "author. The jury gets its files without the authors' names."
        ),
        error_messages={"invalid_choice": _("Choose one of your materials from the list.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree, and the co-authors I name agree, that if the entry becomes a winner or a "
            "prize-winner, the authors' initials and surnames and the organisation are "
            "published with the results of the contest"
        ),
        required=True,
        error_messages={
            "required": _(
                "Without the consent the entry cannot be submitted: the results name the "
                "winners and prize-winners."
            )
        },
    )

    def __init__(self, *args, event, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.event, self.actor = event, actor
        nominations = Nomination.objects.filter(event=event).order_by("position", "id")
        self.has_nominations = nominations.exists()
        if self.has_nominations:
            self.fields["nomination"].queryset = nominations
            self.fields["nomination"].required = True
            self.fields["nomination"].error_messages["required"] = _("Choose the nomination.")
        else:
            del self.fields["nomination"]
        self.fields["coauthors"].queryset = services.coauthor_candidates(event).exclude(pk=actor.pk)
        self.fields["material"].queryset = services.material_candidates(actor)
        if not self.fields["material"].queryset.exists():
            del self.fields["material"]
        self.fields["files"].help_text = services.files_help()
        self.fields["files"].widget.attrs["accept"] = services.upload_rules().accept_attribute()

    def clean_title(self):
        return _as_field_error(services.clean_title, self.cleaned_data.get("title"))

    def clean_summary(self):
        return _as_field_error(services.clean_summary, self.cleaned_data.get("summary"))

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        _as_field_error(services.check_files, files)
        return files

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("files") and not data.get("material"):
            raise ValidationError(
                _("Attach the files of the work or choose your material from the bank.")
            )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "nomination": data.get("nomination"),
            "coauthors": list(data.get("coauthors") or ()),
            "files": data.get("files") or [],
            "material": data.get("material"),
            "consent": data["consent"],
        }


class NominationForm(forms.Form):
    name = forms.CharField(
        label=_("Nomination"),
        max_length=services.NAME_MAX,
        error_messages={
            "required": _("Enter the name of the nomination."),
            "max_length": _("The name is too long: at most %(limit_value)s characters."),
        },
    )


class CriterionForm(forms.Form):
    name = forms.CharField(
        label=_("Criterion"),
        max_length=services.NAME_MAX,
        error_messages={
            "required": _("Enter the name of the criterion."),
            "max_length": _("The name is too long: at most %(limit_value)s characters."),
        },
    )
    max_score = forms.IntegerField(
        label=_("Maximum score"),
        min_value=1,
        max_value=services.SCORE_LIMIT,
        initial=5,
        help_text=_("The jury gives from 0 to this many points."),
        error_messages={
            "required": _("Enter the maximum score."),
            "invalid": _("The maximum score must be a whole number."),
            "min_value": _("The maximum score is at least 1."),
            "max_value": _("The maximum score must be from 1 to %(limit_value)s."),
        },
    )


class JurorForm(forms.Form):
    user = PersonField(
        label=_("Member of the community"),
        queryset=get_user_model().objects.none(),
        empty_label=_("— choose a person —"),
        error_messages={
            "required": _("Choose a person."),
            "invalid_choice": _("A juror must be an active member of the community."),
        },
    )
    is_chair = forms.BooleanField(label=_("Chair of the jury"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        taken = event.jury.values("user_id")
        self.fields["user"].queryset = services.jury_candidates(event).exclude(pk__in=taken)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("contest entry", "Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.REASON_MAX}),
        help_text=_("The authors are told the reason."),
    )

    def clean_reason(self):
        return _as_field_error(services.clean_reason, self.cleaned_data.get("reason"))


class ScoreForm(forms.Form):
    """A score and a comment for every criterion of the contest."""

    def __init__(self, *args, criteria, scores=None, **kwargs):
        if scores and "initial" not in kwargs:
            kwargs["initial"] = {}
            for criterion_id, row in scores.items():
                kwargs["initial"][f"score_{criterion_id}"] = row.score
                kwargs["initial"][f"comment_{criterion_id}"] = row.comment
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s: score from 0 to %(max)s")
                % {"criterion": criterion.name, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                widget=forms.NumberInput(attrs={"min": 0, "max": criterion.max_score}),
                error_messages={
                    "required": _("Give a score."),
                    "invalid": _("Enter a whole number."),
                    "min_value": _("The score cannot be below 0."),
                    "max_value": _("The score is at most %(limit_value)s."),
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=pgettext_lazy("score", "Comment on «%(criterion)s»")
                % {"criterion": criterion.name},
                required=False,
                max_length=services.COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": _("The comment is too long: at most %(limit_value)s characters.")
                },
            )

    def scores(self) -> dict:
        data = self.cleaned_data
        return {
            c.pk: (data.get(f"score_{c.pk}"), data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }


PLACING_CHOICES = [
    ("winner", _("winner")),
    ("prize_winner_2", _("prize-winner, II degree")),
    ("prize_winner_3", _("prize-winner, III degree")),
    ("participant", pgettext_lazy("placing", "participant")),
]


class PlacingsForm(forms.Form):
    """The placing of every admitted entry (prefilled with the suggested ones)."""

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            self.fields[f"placing_{entry.pk}"] = forms.ChoiceField(
                label=entry.title,
                choices=PLACING_CHOICES,
                initial=services.placing_code(entry) or "participant",
                error_messages={
                    "required": _("Choose the result."),
                    "invalid_choice": _("Choose the result from the list."),
                },
            )

    def placings(self) -> dict:
        return {entry.pk: self.cleaned_data[f"placing_{entry.pk}"] for entry in self.entries}
