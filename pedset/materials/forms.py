"""Forms of the bank of materials. Every check answers in Russian and changes nothing; the
services repeat the checks that matter (they are the source of truth for any caller)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.accounts.models import Subject
from pedset.core.fields import MultipleFileField
from pedset.materials import selectors, services
from pedset.materials.models import Level, Licence, MaterialStatus, MaterialType
from pedset.materials.services import ActionRefused


def _as_field_error(check, value):
    try:
        return check(value)
    except ActionRefused as refusal:
        raise ValidationError(refusal.message) from None


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class CurrentFileField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.original_name


class CurrentLinkField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title or obj.url


class MaterialForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("material", "Title"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.TITLE_MAX}),
    )
    summary = forms.CharField(
        label=_("Annotation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": services.SUMMARY_MAX}),
        help_text=_("What the material is, whom it is for, how to use it."),
    )
    # No choice made in advance: a hurried teacher must not file a school lesson under «ДО».
    material_type = forms.ChoiceField(
        label=_("Type of material"), choices=[("", "")] + MaterialType.choices
    )
    level = forms.ChoiceField(label=_("Level of education"), choices=[("", "")] + Level.choices)
    subject = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Subject.objects.all(),
        required=False,
        empty_label=_("— not a single subject —"),
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        help_text=_("On what terms other teachers may use the material."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Comma-separated, for example: проектная деятельность, ФГОС, 7 класс."),
    )
    coauthors = PersonChoiceField(
        label=_("Co-authors"),
        queryset=get_user_model().objects.none(),
        required=False,
        # A list of ticks, not a multiple select: nobody has to know about Ctrl; pedset.js adds
        # a box that narrows the list as a surname is typed (150 members is a long list).
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "person-picker", "data-filter-label": _("Find by surname")}
        ),
        help_text=_(
            "Tick the other members of the community who wrote the material with you; you are "
            "the first author. Each co-author is told and confirms their participation on the "
            "material's page; it can be submitted after all of them do."
        ),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: the address, then a title if you like. For example: "
            "https://rutube.ru/video/… Урок в 5 классе. Videos stay on their site: a link opens "
            "it there."
        ),
    )
    files = MultipleFileField(label=_("Files"))

    def __init__(self, *args, community, actor, material=None, **kwargs):
        if material is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": material.title,
                "summary": material.summary,
                "material_type": material.material_type,
                "level": material.level,
                "subject": material.subject_id,
                "licence": material.licence,
                "tags": ", ".join(selectors.tag_names(material)),
                "coauthors": [a.user_id for a in material.authors.all() if a.position > 0],
            }
        super().__init__(*args, **kwargs)
        self.community, self.actor, self.material = community, actor, material
        first_author_id = actor.pk
        keep: list[int] = []
        if material is not None:
            authors = list(material.authors.all())
            first_author_id = authors[0].user_id if authors else material.created_by_id
            keep = [a.user_id for a in authors if a.position > 0]
        candidates = selectors.coauthor_candidates(community).values("pk")
        self.fields["coauthors"].queryset = (
            get_user_model()
            .objects.filter(Q(pk__in=candidates) | Q(pk__in=keep))
            .exclude(pk=first_author_id)
            .order_by("last_name", "first_name", "patronymic", "id")
        )
        self.fields["files"].help_text = services.files_help()
        self.fields["files"].widget.attrs["accept"] = services.upload_rules().accept_attribute()
        if material is not None:
            current_files = [f for f in material.files.all() if f.replaced_at is None]
            current_links = [link for link in material.links.all() if link.replaced_at is None]
            if current_files:
                self.fields["remove_files"] = CurrentFileField(
                    label=_("Remove files"),
                    queryset=material.files.filter(replaced_at=None).order_by("id"),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_(
                        "Files submitted in an earlier round stay in the material's history."
                    ),
                )
            if current_links:
                self.fields["remove_links"] = CurrentLinkField(
                    label=_("Remove links"),
                    queryset=material.links.filter(replaced_at=None).order_by("id"),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
            self.fields["links"].label = _("Add links")
            self.fields["files"].label = _("Add files")

    def clean_title(self):
        return _as_field_error(services.clean_title, self.cleaned_data.get("title"))

    def clean_summary(self):
        return _as_field_error(services.clean_summary, self.cleaned_data.get("summary"))

    def clean_tags(self):
        return _as_field_error(services.clean_tags, self.cleaned_data.get("tags"))

    def clean_links(self):
        return _as_field_error(services.clean_links, self.cleaned_data.get("links"))

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        _as_field_error(services.check_files, files)
        return files

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "title": data["title"],
            "summary": data["summary"],
            "material_type": data["material_type"],
            "level": data["level"],
            "licence": data["licence"],
            "subject": data.get("subject"),
            "tags": data["tags"],
            "coauthors": list(data.get("coauthors") or ()),
            "links": data["links"],
            "files": data["files"],
        }
        if self.material is not None:
            arguments["remove_files"] = [f.pk for f in data.get("remove_files") or ()]
            arguments["remove_links"] = [link.pk for link in data.get("remove_links") or ()]
        return arguments


class SubmitForm(forms.Form):
    authors_note = forms.CharField(
        label=_("What was changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.AUTHORS_NOTE_MAX}),
        help_text=_("For a revised material: tell the experts what you changed."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to the publication of my surname, name and patronymic as an author of the "
            "material"
        ),
        required=True,
        error_messages={
            "required": _(
                "Without this consent the material cannot be submitted: the authors are named "
                "on its page, in the order and in the cabinet."
            )
        },
    )

    def clean_authors_note(self):
        return _as_field_error(services.clean_authors_note, self.cleaned_data.get("authors_note"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("material", "Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.REASON_MAX}),
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = required

    def clean_reason(self):
        reason = self.cleaned_data.get("reason") or ""
        if self.reason_required:
            return _as_field_error(services.clean_reason, reason)
        return reason.strip()


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.COMMENT_MAX}),
    )

    def clean_body(self):
        return _as_field_error(services.clean_comment, self.cleaned_data.get("body"))


SORT_CHOICES = [
    ("new", pgettext_lazy("sort", "newest first")),
    ("rating", pgettext_lazy("sort", "highest rated")),
    ("views", pgettext_lazy("sort", "most viewed")),
    ("downloads", pgettext_lazy("sort", "most downloaded")),
    ("title", pgettext_lazy("sort", "by title")),
]
LISTED_STATUSES = [
    (value, label) for value, label in MaterialStatus.choices if value != MaterialStatus.DRAFT
]


class BankFilterForm(forms.Form):
    """Filters of the bank; anything unknown is simply ignored."""

    subject = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Subject.objects.all(),
        required=False,
        empty_label=pgettext_lazy("filter", "any"),
    )
    level = forms.ChoiceField(
        label=_("Level of education"),
        required=False,
        choices=[("", pgettext_lazy("filter", "any"))] + list(Level.choices),
    )
    material_type = forms.ChoiceField(
        label=_("Type of material"),
        required=False,
        choices=[("", pgettext_lazy("filter", "any"))] + list(MaterialType.choices),
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("material", "Status"),
        required=False,
        choices=[("", pgettext_lazy("filter", "any"))] + LISTED_STATUSES,
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=services.TAG_MAX_LENGTH)
    sort = forms.ChoiceField(
        label=pgettext_lazy("sort", "Order"), required=False, choices=SORT_CHOICES
    )

    def filters(self) -> selectors.BankFilters:
        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        subject = data.get("subject")
        return selectors.BankFilters(
            subject=subject.pk if subject else None,
            level=data.get("level") or "",
            material_type=data.get("material_type") or "",
            status=data.get("status") or "",
            tag=" ".join((data.get("tag") or "").split()).lower(),
            sort=data.get("sort") or "new",
        )
