"""Forms of events. Every check answers in Russian and changes nothing; the services repeat the
checks that matter (they are the source of truth for any caller).

Times are typed in the community's time zone (the page says which) and stored in UTC."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.events import services
from pedset.events.models import Audience, EventForm, EventRole
from pedset.events.services import REGISTRATION, SUBMISSIONS, VENUE, ActionRefused, EventInput
from pedset.organisations.models import Organisation

DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M")
WIDGET_FORMAT = "%Y-%m-%dT%H:%M"
YEARS = range(2000, 2101)
CAPACITY_MAX = 100_000


class LocalDateTimeField(forms.Field):
    """A date and time typed in one zone (the community's), returned as an aware datetime."""

    default_error_messages = {
        "invalid": _("Enter a date and time, for example 05.03.2026 14:00."),
        "range": _("Enter a date between the years 2000 and 2100."),
    }

    def __init__(self, *, zone, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateTimeInput(attrs={"type": "datetime-local"}, format=WIDGET_FORMAT),
        )
        super().__init__(**kwargs)
        self.zone = zone

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(self.zone)
            return value.strftime(WIDGET_FORMAT)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            naive = value.astimezone(self.zone).replace(tzinfo=None) if value.tzinfo else value
        else:
            text = str(value).strip()[:40]
            naive = None
            for pattern in DATETIME_FORMATS:
                try:
                    naive = datetime.datetime.strptime(text, pattern)
                    break
                except ValueError:
                    continue
            if naive is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        if naive.year not in YEARS:
            raise ValidationError(self.error_messages["range"], code="range")
        return naive.replace(second=0, microsecond=0, tzinfo=self.zone)


class FormChoiceForm(forms.Form):
    """The first step of a new event: its form of activity decides what the page asks."""

    form = forms.ChoiceField(
        label=_("Form of activity"), choices=[("", _("— choose —"))] + list(EventForm.choices)
    )


class PickerCheckboxes(forms.CheckboxSelectMultiple):
    """A long list of ticks in ``<div class="person-picker" id=…>``, above which pedset.js puts a
    box that narrows the list as a name is typed. The class stays on the list (Django would copy
    it onto every tick); the box's label, ``data-filter-label``, is read from the first tick."""

    def __init__(self, *, filter_label, attrs=None, **kwargs):
        attrs = {**(attrs or {}), "class": "person-picker", "data-filter-label": filter_label}
        super().__init__(attrs=attrs, **kwargs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].pop("class", None)
        if index or subindex:
            option["attrs"].pop("data-filter-label", None)
        return option


class OrganisationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class EventDetailsForm(forms.Form):
    form = forms.ChoiceField(choices=EventForm.choices, widget=forms.HiddenInput)
    plan_item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label=pgettext_lazy("event", "Title"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.TITLE_MAX}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": services.DESCRIPTION_MAX}),
        help_text=_("Programme, whom it is for, what to prepare. Markdown is understood."),
    )
    venue = forms.CharField(
        label=_("Venue"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.VENUE_MAX}),
        help_text=_("Where it takes place in person, if it does: «МБОУ СОШ № 2, актовый зал»."),
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    invited_organisations = OrganisationsField(
        label=_("Invited organisations"),
        queryset=Organisation.objects.filter(is_active=True).order_by("short_name", "id"),
        required=False,
        widget=PickerCheckboxes(filter_label=_("Find by name")),
        help_text=_(
            "Only for the audience «members of the community and staff of invited organisations»."
        ),
    )
    registration_required = forms.BooleanField(label=_("Registration required"), required=False)
    capacity = forms.IntegerField(
        label=_("Number of places"),
        required=False,
        min_value=1,
        max_value=CAPACITY_MAX,
        help_text=_(
            "Empty means no limit. When the places are taken, people join the waiting list, "
            "which moves up automatically when someone cancels."
        ),
    )

    FIELDSETS = (
        (_("The event"), ("title", "description", "organisers")),
        (_("Time"), ("starts_at", "ends_at")),
        (_("Place"), ("venue",)),
        (_("Audience"), ("audience", "invited_organisations")),
        (_("Registration"), ("registration_required", "capacity", "registration_closes_at")),
        (_("Entries"), ("submissions_close_at",)),
    )

    def __init__(
        self, *args, community, form_code: str, event=None, organiser_choices=None, **kwargs
    ):
        """``organiser_choices``: for an event made from an item of the work plan, the item's
        responsible people who may be named organisers (ticked at first, see the view)."""
        self.community, self.event, self.form_code = community, event, form_code
        zone = services._zone(community.time_zone)
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": event.title,
                "description": event.description,
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "venue": event.venue,
                "audience": event.audience,
                "invited_organisations": [o.pk for o in event.invited_organisations.all()],
                "registration_required": event.registration_required,
                "capacity": event.capacity,
                "registration_closes_at": event.registration_closes_at,
                "submissions_close_at": event.submissions_close_at,
            }
        super().__init__(*args, **kwargs)
        zone_help = _("In the community's time zone: %(zone)s.") % {
            "zone": _zone_name(community.time_zone)
        }
        self.fields["starts_at"] = LocalDateTimeField(
            zone=zone, label=_("Starts"), help_text=zone_help
        )
        self.fields["ends_at"] = LocalDateTimeField(zone=zone, label=_("Ends"), help_text=zone_help)
        self.fields["registration_closes_at"] = LocalDateTimeField(
            zone=zone,
            label=_("Registration closes"),
            required=False,
            help_text=_("Empty: open until the event ends. In the community's time zone."),
        )
        self.fields["submissions_close_at"] = LocalDateTimeField(
            zone=zone,
            label=_("Entries accepted until"),
            required=False,
            help_text=_("Empty: until the event ends. In the community's time zone."),
        )
        if organiser_choices is not None and organiser_choices.exists():
            self.fields["organisers"] = PersonMultipleChoiceField(
                label=_("Organisers"),
                queryset=organiser_choices,
                required=False,
                widget=PickerCheckboxes(filter_label=_("Find by name")),
                help_text=_(
                    "The people responsible for the item of the work plan. The ticked ones "
                    "become organisers of the event with you."
                ),
            )
        self.order_fields(
            ["form", "plan_item"] + [name for _legend, names in self.FIELDSETS for name in names]
        )
        parts = services.form_parts(form_code)
        if VENUE not in parts:
            del self.fields["venue"]
        if REGISTRATION not in parts:
            for name in ("registration_required", "capacity", "registration_closes_at"):
                del self.fields[name]
        if SUBMISSIONS not in parts:
            del self.fields["submissions_close_at"]

    def fieldsets(self):
        """(legend, bound fields) for the parts this form of activity has."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
            if any(name in self.fields for name in names)
        ]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        closes = data.get("registration_closes_at")
        if closes and ends and closes >= ends and data.get("registration_required"):
            self.add_error(
                "registration_closes_at", _("Registration must close before the event ends.")
            )
        organisations = data.get("invited_organisations")
        audience = data.get("audience")
        if organisations and audience != Audience.INVITED:
            self.add_error(
                "invited_organisations",
                _(
                    "Organisations are invited only when the audience is «members of the "
                    "community and staff of invited organisations»."
                ),
            )
        elif audience == Audience.INVITED and not organisations:
            self.add_error("invited_organisations", _("Choose at least one invited organisation."))
        title = " ".join((data.get("title") or "").split())
        if not title:
            self.add_error("title", _("Give the event a title."))
        return data

    def event_input(self) -> EventInput:
        data = self.cleaned_data
        return EventInput(
            title=data.get("title", ""),
            description=data.get("description", ""),
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            venue=data.get("venue", ""),
            audience=data.get("audience", Audience.COMMUNITY),
            invited_organisations=list(data.get("invited_organisations") or ()),
            registration_required=data.get("registration_required", False),
            capacity=data.get("capacity"),
            registration_closes_at=data.get("registration_closes_at"),
            submissions_close_at=data.get("submissions_close_at"),
        )


def _zone_name(zone: str) -> str:
    from pedset.core.timezones import zone_label

    return zone_label(zone)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancellation"),
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.REASON_MAX}),
        help_text=_("Everyone registered or on the waiting list receives it."),
        error_messages={
            "required": _("Say why the event is cancelled: the participants will read it.")
        },
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class PersonForm(forms.Form):
    user = PersonChoiceField(
        label=pgettext_lazy("event person", "Person"), queryset=None, empty_label=_("— choose —")
    )
    role = forms.ChoiceField(label=_("Role"), choices=EventRole.choices)
    topic = forms.CharField(
        label=_("Topic of the talk"),
        required=False,
        max_length=services.TOPIC_MAX,
        help_text=_("For a speaker."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class PresentForm(forms.Form):
    """A person who came without registering, marked present by an organiser."""

    user = PersonChoiceField(
        label=pgettext_lazy("attendance", "Participant"),
        queryset=None,
        empty_label=_("— choose —"),
        help_text=_("Someone who came without registering: they are registered and marked."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class UrlField(forms.CharField):
    """An http(s) address (services.check_url decides)."""

    def clean(self, value):
        value = super().clean(value)
        try:
            return services.check_url(value)
        except ActionRefused as refusal:
            raise ValidationError(refusal.message) from None


class RecordingForm(forms.Form):
    recording_url = UrlField(
        label=_("Recording link"),
        required=False,
        max_length=services.URL_MAX,
        help_text=_("An address starting with http:// or https://. Empty removes the link."),
    )


class MaterialFileForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("event material", "Title"),
        required=False,
        max_length=services.MATERIAL_TITLE_MAX,
        help_text=_("Empty: the file's name."),
    )
    file = forms.FileField(label=_("File"), required=False)


class MaterialLinkForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("event material", "Title"),
        required=False,
        max_length=services.MATERIAL_TITLE_MAX,
    )
    url = UrlField(label=_("Link"), max_length=services.URL_MAX)


MATERIAL_NUMBER = re.compile(r"(?:/materials/)?(\d{1,12})/?\s*$")


class BankMaterialForm(forms.Form):
    material = forms.CharField(
        label=_("Material of the bank"),
        max_length=500,
        help_text=_("Its address (…/materials/123/) or its number."),
    )

    def clean_material(self):
        match = MATERIAL_NUMBER.search(self.cleaned_data["material"].strip())
        if not match:
            raise ValidationError(_("Give the address or the number of a material of the bank."))
        return int(match.group(1))


class EventFilterForm(forms.Form):
    """Filters of a community's events; anything unknown is ignored."""

    past = forms.ChoiceField(
        label=_("Events"),
        required=False,
        choices=[("", _("upcoming")), ("1", _("past"))],
    )
    form = forms.ChoiceField(
        label=_("Form of activity"),
        required=False,
        choices=[("", pgettext_lazy("filter", "any"))] + list(EventForm.choices),
    )
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"}),
    )

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if not match or int(match.group(1)) not in YEARS or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError(_("Choose a month, for example 2026-03."))
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def filters(self):
        from pedset.events.selectors import EventFilters

        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        return EventFilters(
            past=data.get("past") == "1", form=data.get("form") or "", month=data.get("month")
        )
