"""Forms of private messages. Every check answers in Russian and changes nothing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.messaging import selectors, services
from pedset.messaging.models import MAX_PARTICIPANTS

SEARCH_MAX_LENGTH = 100


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=pgettext_lazy("private messages", "Message"),
            widget=forms.Textarea(attrs={"rows": 6}),
            max_length=services.MESSAGE_MAX_LENGTH,
            help_text=_(
                "Markdown: **bold**, *italic*, lists, > quotes, links. Only the participants "
                "of the conversation read it."
            ),
            error_messages={
                "required": _("Write the message: it is empty."),
                "max_length": _(
                    "The message is too long: at most %(limit_value)s characters "
                    "(now %(show_value)s)."
                ),
            },
            **kwargs,
        )


class ReplyForm(forms.Form):
    body = BodyField()


class ConversationForm(forms.Form):
    subject = forms.CharField(
        label=pgettext_lazy("conversation", "Subject"),
        max_length=services.SUBJECT_MAX_LENGTH,
        required=False,
        help_text=_("Optional."),
        error_messages={
            "max_length": _(
                "The subject is too long: at most %(limit_value)s characters (now %(show_value)s)."
            )
        },
    )
    body = BodyField()


class ParticipantsField(forms.Field):
    """The ticked people of the picker: a list of ids (the checkboxes are drawn by the page)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Choose at least one person to write to."),
        "invalid": _("The list of people is damaged: choose them again."),
        "too_many": _(
            "A conversation has at most %(max)s participants, you included: remove %(excess)s."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        ids = []
        for item in value:
            try:
                pk = int(str(item).strip())
            except (TypeError, ValueError):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
            if not selectors.valid_pk(pk):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if pk not in ids:
                ids.append(pk)
        return ids


class PickerForm(forms.Form):
    """Choosing people among the active members of one community, by name, without JavaScript:
    «Найти» sends the form back with the ticked people kept and the found ones listed."""

    q = forms.CharField(
        label=_("Find a member by surname or name"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        error_messages={"max_length": _("Too long a search: at most %(limit_value)s characters.")},
    )
    participants = ParticipantsField(label=_("People"))

    def __init__(self, *args, actor, community, already=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.community = community
        self.already = list(already)
        self.people = []

    def clean_participants(self):
        ids = self.cleaned_data["participants"]
        current = sum(1 for seat in self.already if seat.left_at is None) or 1
        others = [pk for pk in ids if pk != self.actor.pk]
        if current + len(others) > MAX_PARTICIPANTS:
            raise forms.ValidationError(
                self.fields["participants"].error_messages["too_many"],
                code="too_many",
                params={
                    "max": MAX_PARTICIPANTS,
                    "excess": current + len(others) - MAX_PARTICIPANTS,
                },
            )
        found = {person.pk: person for person in selectors.people_by_pk(ids)}
        if len(found) != len(ids):
            raise forms.ValidationError(
                _("Only active members of the community «%(community)s» can be chosen.")
                % {"community": self.community.name},
                code="not_member",
            )
        try:
            self.people = services.check_new_people(
                self.actor, self.community, [found[pk] for pk in ids], already=self.already
            )
        except services.ActionRefused as refusal:
            raise forms.ValidationError(refusal.message, code="refused") from None
        return ids

    def search_text(self) -> str:
        """The search words as typed, for the «Найти» step (no validation errors shown)."""
        return str(self.data.get("q", ""))[:SEARCH_MAX_LENGTH].strip()

    def ticked_ids(self) -> list[int]:
        """The ticked ids that parse, for the «Найти» step."""
        ids = []
        for item in self.data.getlist("participants") if hasattr(self.data, "getlist") else []:
            try:
                pk = int(str(item).strip())
            except (TypeError, ValueError):
                continue
            if selectors.valid_pk(pk) and pk not in ids:
                ids.append(pk)
        return ids[: MAX_PARTICIPANTS * 2]


class CommunityChoiceForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the community."),
            "invalid_choice": _("Choose one of your communities."),
        },
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
