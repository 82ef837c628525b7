"""Forms of the communities app. Every check answers in Russian and changes nothing."""

from __future__ import annotations

import datetime
import re
import zipfile

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pedset.communities.models import Community, Membership, Role
from pedset.core.models import AuditEvent
from pedset.core.timezones import time_zone_choices
from pedset.organisations.models import Organisation

# Slugs that would hide a page of the app behind a community address.
RESERVED_SLUGS = {"new", "audit"}
# The first order of a Russian education authority cannot predate the Federation.
EARLIEST_ORDER_DATE = datetime.date(1991, 1, 1)
ORDER_NUMBER_RE = re.compile(r"^[0-9A-Za-zА-Яа-яЁё№/.\- ]+$")

REGULATION_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def regulation_content_type(extension: str) -> str:
    return REGULATION_TYPES.get(extension.lower(), "application/octet-stream")


def detect_document_kind(upload) -> str | None:
    """pdf, doc, docx or odt judged by the content (magic bytes), else None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head == OLE2_MAGIC:
        return "doc"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        # Only the central directory and one tiny member are read: no zip-bomb exposure.
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100)
                if mimetype.strip() == REGULATION_TYPES["odt"].encode():
                    return "odt"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def validate_regulation_file(upload) -> None:
    max_bytes = settings.REGULATION_FILE_MAX_BYTES
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is too large: at most %(size)s.") % {"size": filesizeformat(max_bytes)}
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in REGULATION_TYPES:
        raise forms.ValidationError(_("Upload the regulation as a PDF, DOC, DOCX or ODT document."))
    kind = detect_document_kind(upload)
    if kind is None:
        raise forms.ValidationError(
            _("The file is not a PDF, DOC, DOCX or ODT document (its content does not match).")
        )
    if kind != extension:
        raise forms.ValidationError(
            _("The file content is %(kind)s, but its name ends in .%(extension)s.")
            % {"kind": kind.upper(), "extension": extension}
        )


def validate_order_number(value: str) -> None:
    if not ORDER_NUMBER_RE.match(value) or not re.search(r"\d", value):
        raise forms.ValidationError(
            _(
                "An order number consists of digits, letters, the signs «№», «/», «-», «.»; "
                "for example 125-од."
            )
        )


def validate_order_date(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise forms.ValidationError(_("The date of an order cannot be in the future."))
    if value < EARLIEST_ORDER_DATE:
        raise forms.ValidationError(_("The date of the order is too early."))


FOUNDING_FIELDS = ("operator", "member_kind", "creation_order_number", "creation_order_date")
SETTINGS_FIELDS = (
    "name",
    "summary",
    "goals",
    "tasks",
    "regulation_text",
    "regulation_file",
    "member_cap",
    "join_requires_approval",
    "rules_of_conduct",
    "group_application_days",
    "expertise_days",
    "deadline_day_kind",
    "time_zone",
)


def _text(label, max_length, rows, required=True):
    return forms.CharField(
        label=capfirst(label),
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _days(label):
    return forms.IntegerField(label=capfirst(label), min_value=1, max_value=365)


class CommunityForm(forms.ModelForm):
    """Create (all fields) or edit a community; founding fields only when allowed."""

    goals = _text(_("goals"), 20_000, 5)
    tasks = _text(_("tasks"), 20_000, 5, required=False)
    rules_of_conduct = _text(_("rules of conduct"), 20_000, 8)
    regulation_text = _text(_("regulation text"), 200_000, 14)
    regulation_file = forms.FileField(
        label=capfirst(_("regulation file")),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.doc,.docx,.odt"}),
        help_text=_("PDF, DOC, DOCX or ODT."),
    )
    member_cap = forms.IntegerField(
        label=capfirst(_("member cap")),
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text=_("Empty means no limit."),
    )
    group_application_days = _days(_("term for reviewing an application to create a group, days"))
    expertise_days = _days(_("term of expertise, days"))
    time_zone = forms.ChoiceField(label=capfirst(_("time zone")))

    class Meta:
        model = Community
        fields = ("slug", *SETTINGS_FIELDS, *FOUNDING_FIELDS)
        help_texts = {
            "slug": _("Latin letters, digits, hyphens; part of the page address."),
            "creation_order_number": _("For example: 125-од."),
        }
        error_messages = {
            "slug": {"unique": _("A community with this address already exists.")},
        }
        widgets = {
            "creation_order_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, include_slug: bool = True, include_founding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not include_slug:
            del self.fields["slug"]
        if not include_founding:
            for name in FOUNDING_FIELDS:
                del self.fields[name]
        else:
            self.fields["operator"].queryset = Organisation.objects.filter(is_active=True).order_by(
                "short_name"
            )
            self.fields["creation_order_number"].validators.append(validate_order_number)
            self.fields["creation_order_date"].validators.append(validate_order_date)
        self.fields["time_zone"].choices = time_zone_choices(current=self.instance.time_zone)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved; choose another one."))
        return slug

    def clean_regulation_file(self):
        upload = self.cleaned_data.get("regulation_file")
        if upload:
            validate_regulation_file(upload)
        return upload

    def _post_clean(self):
        # The file is stored by the service under a safe name, not by the model form.
        upload = self.cleaned_data.pop("regulation_file", None)
        super()._post_clean()
        self.cleaned_data["regulation_file"] = upload

    def settings_data(self) -> dict:
        """The cleaned values the service applies (the file goes separately)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "regulation_file"}


class CloseCommunityForm(forms.Form):
    order_number = forms.CharField(
        label=capfirst(_("closure order number")), max_length=50, validators=[validate_order_number]
    )
    order_date = forms.DateField(
        label=capfirst(_("closure order date")),
        validators=[validate_order_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=capfirst(_("reason for closure")),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community

    def clean_order_date(self):
        value = self.cleaned_data["order_date"]
        if value < self.community.creation_order_date:
            raise forms.ValidationError(
                _("The closure order cannot be dated before the creation order.")
            )
        return value


class JoinRulesForm(forms.Form):
    accept_rules = forms.BooleanField(
        label=_("I have read the rules of conduct of the community and accept them"),
        error_messages={"required": _("Accept the rules of conduct to continue.")},
    )
    motivation = forms.CharField(
        label=_("Message to the administrator (optional)"),
        required=False,
        max_length=Membership._meta.get_field("motivation").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you want to join, what you can share with colleagues."),
    )


class JoinConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I give my consent to the processing of my personal data on the terms above"),
        error_messages={
            "required": _("Joining requires consent to the processing of personal data.")
        },
    )

    def __init__(self, *args, already_agreed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if already_agreed:
            del self.fields["consent"]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant receives it in the site and by e-mail."),
        error_messages={"required": _("State the reason for rejection.")},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Community name"), required=False, max_length=100)


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Full name"), required=False, max_length=100)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    subject = forms.TypedChoiceField(
        label=_("Subject"), required=False, coerce=int, empty_value=None
    )
    role = forms.ChoiceField(label=_("Role"), required=False)

    def __init__(self, *args, organisations, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("any"))]
        self.organisations = {o.pk: o for o in organisations}
        self.subjects = {s.pk: s for s in subjects}
        self.fields["organisation"].choices = everyone + [
            (o.pk, o.short_name) for o in organisations
        ]
        self.fields["subject"].choices = everyone + [(s.pk, s.name) for s in subjects]
        self.fields["role"].choices = everyone + list(Role.choices)

    def filters(self) -> dict:
        """Valid filters only; a bad value leaves its filter off (the form shows the error)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": data.get("q") or "",
            "organisation": self.organisations.get(data.get("organisation")),
            "subject": self.subjects.get(data.get("subject")),
            "role": data.get("role") or "",
        }


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
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
        self.fields["action"].choices = [("", _("any"))] + list(AuditEvent.Action.choices)

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
