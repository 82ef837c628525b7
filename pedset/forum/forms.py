"""Forms of the forum. Every check answers in Russian and changes nothing; the services repeat
the checks that matter (they are the source of truth for any caller)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.core.fields import MultipleFileField
from pedset.forum import attachments
from pedset.forum.models import Section
from pedset.forum.services import (
    BODY_MAX,
    REASON_MAX,
    SECTION_DESCRIPTION_MAX,
    TITLE_MAX,
    ActionRefused,
    clean_body,
    clean_reason,
    clean_title,
)


def _as_field_error(check, value, **kwargs):
    try:
        return check(value, **kwargs)
    except ActionRefused as refusal:
        raise ValidationError(refusal.message) from None


def _attachments_help() -> str:
    return _("Up to %(n)s files of at most %(size)s each: %(types)s.") % {
        "n": attachments.max_files(),
        "size": filesizeformat(attachments.max_bytes()),
        "types": attachments.allowed_types_text(),
    }


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Text"))
        kwargs.setdefault(
            "help_text",
            _(
                "Markdown: **bold**, *italics*, lists, > quotations, [link](https://…). "
                "At most 20,000 characters."
            ),
        )
        super().__init__(
            required=False,  # the Russian message for an empty text comes from clean_body
            strip=False,
            widget=forms.Textarea(attrs={"rows": 10, "maxlength": BODY_MAX}),
            **kwargs,
        )


class PostBodyMixin:
    def clean_body(self):
        return _as_field_error(clean_body, self.cleaned_data.get("body"))

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        try:
            self.checked_files = attachments.check_uploads(files)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return files


class TopicForm(PostBodyMixin, forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("forum", "Topic title"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX}),
    )
    body = BodyField()
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _attachments_help()

    def clean_title(self):
        return _as_field_error(clean_title, self.cleaned_data.get("title"))


class ReplyForm(PostBodyMixin, forms.Form):
    body = BodyField(label=_("Your reply"))
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _attachments_help()


class ReasonField(forms.CharField):
    def __init__(self, *, required=True, **kwargs):
        kwargs.setdefault("label", _("Reason"))
        kwargs.setdefault("help_text", _("The author will see the reason."))
        super().__init__(
            required=False,
            widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX}),
            **kwargs,
        )
        self.reason_required = required

    def clean(self, value):
        value = super().clean(value)
        try:
            return clean_reason(value, required=self.reason_required)
        except ActionRefused as refusal:
            raise ValidationError(refusal.message) from None


class EditForm(forms.Form):
    body = BodyField()
    reason = ReasonField(required=False)

    def __init__(self, *args, reason_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].reason_required = reason_required
        if reason_required:
            self.fields["reason"].label = _("Reason for the edit")
        else:
            self.fields["reason"].label = _("What has changed (optional)")
            self.fields["reason"].help_text = ""

    def clean_body(self):
        return _as_field_error(clean_body, self.cleaned_data.get("body"))


class ReasonForm(forms.Form):
    reason = ReasonField()


class MoveForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Move to the section"),
        queryset=Section.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a section of the same community.")},
    )
    reason = ReasonField()

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(
            community_id=topic.section.community_id
        ).exclude(pk=topic.section_id)


class RenameForm(forms.Form):
    title = forms.CharField(
        label=_("New title of the topic"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX}),
    )
    reason = ReasonField()

    def clean_title(self):
        return _as_field_error(clean_title, self.cleaned_data.get("title"))


class SplitForm(forms.Form):
    first_position = forms.IntegerField(
        label=_("First post of the new topic (number)"),
        error_messages={"invalid": _("Enter the number of a post.")},
    )
    title = forms.CharField(
        label=_("Title of the new topic"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX}),
    )
    section = forms.ModelChoiceField(
        label=pgettext_lazy("forum", "Section"),
        queryset=Section.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a section of the same community.")},
    )
    reason = ReasonField()

    def __init__(self, *args, topic, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        self.fields["section"].queryset = Section.objects.filter(
            community_id=topic.section.community_id
        )
        self.fields["first_position"].min_value = 2
        self.fields["first_position"].widget.attrs.update(
            {"min": 2, "max": max(topic.posts_count, 2)}
        )

    def clean_title(self):
        return _as_field_error(clean_title, self.cleaned_data.get("title"))

    def clean_first_position(self):
        position = self.cleaned_data["first_position"]
        if not 2 <= position <= self.topic.posts_count:
            raise ValidationError(
                _("Choose a post from No. 2 to No. %(n)s: the first post stays in the topic.")
                % {"n": self.topic.posts_count}
            )
        return position


class SectionForm(forms.Form):
    title = forms.CharField(
        label=_("Section title"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": SECTION_DESCRIPTION_MAX}),
    )
    position = forms.IntegerField(
        label=_("Place in the list"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Sections are listed by this number, smallest first."),
    )

    def clean_title(self):
        title = " ".join((self.cleaned_data.get("title") or "").split())
        if not title:
            raise ValidationError(_("Enter the title of the section."))
        if len(title) > TITLE_MAX:
            raise ValidationError(
                _("The title is too long: at most %(max)s characters (now %(n)s).")
                % {"max": TITLE_MAX, "n": len(title)}
            )
        return title

    def clean_description(self):
        description = (self.cleaned_data.get("description") or "").strip()
        if len(description) > SECTION_DESCRIPTION_MAX:
            raise ValidationError(
                _("The description is too long: at most %(max)s characters.")
                % {"max": SECTION_DESCRIPTION_MAX}
            )
        return description
