"""Forms of the work plan. Every check answers in Russian and changes nothing; the services
repeat the checks (they are the source of truth for any caller)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.events.forms import PickerCheckboxes
from pedset.events.models import EventForm
from pedset.plans import selectors, services
from pedset.plans.models import PlanItemStatus
from pedset.plans.services import ActionRefused

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _as_field_error(check, *args, **kwargs):
    try:
        return check(*args, **kwargs)
    except ActionRefused as refusal:
        raise ValidationError(refusal.message) from None


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date as DD.MM.YYYY.")},
    )


class PlanItemForm(forms.Form):
    form = forms.ChoiceField(
        label=pgettext_lazy("plan item", "Form of activity"),
        choices=[("", _("— choose —"))] + list(EventForm.choices),
        required=False,
    )
    topic = forms.CharField(
        label=pgettext_lazy("plan item", "Topic"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.TOPIC_MAX}),
    )
    starts_on = _date_field(pgettext_lazy("plan item", "From"))
    ends_on = _date_field(pgettext_lazy("plan item", "Until"))
    responsible = PersonChoiceField(
        label=pgettext_lazy("plan item", "Responsible"),
        queryset=get_user_model().objects.none(),
        required=False,
        # A list of ticks (pedset.js adds a box that narrows it as a surname is typed).
        widget=PickerCheckboxes(filter_label=_("Find by surname")),
        help_text=_(
            "Members of the community who answer for the item; they are told when its term passes."
        ),
    )
    responsible_text = forms.CharField(
        label=_("Other responsible (as written)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.RESPONSIBLE_TEXT_MAX}),
        help_text=_(
            "For people who are not members of the community: «методист ИМЦ Петрова Н. А.»."
        ),
    )
    audience = forms.CharField(
        label=pgettext_lazy("plan item", "Participants (audience)"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.AUDIENCE_MAX}),
        help_text=_("For example: учителя математики 5–9 классов."),
    )
    expected_result = forms.CharField(
        label=pgettext_lazy("plan item", "Expected result"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": services.EXPECTED_RESULT_MAX}),
    )

    def __init__(self, *args, community, year, item=None, **kwargs):
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "form": item.form,
                "topic": item.topic,
                "starts_on": item.starts_on,
                "ends_on": item.ends_on,
                "responsible": [person.pk for person in item.responsible.all()],
                "responsible_text": item.responsible_text,
                "audience": item.audience,
                "expected_result": item.expected_result,
            }
        super().__init__(*args, **kwargs)
        self.community, self.year, self.item = community, year, item
        keep = [person.pk for person in item.responsible.all()] if item is not None else []
        candidates = selectors.responsible_candidates(community).values("pk")
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(Q(pk__in=candidates) | Q(pk__in=keep))
            .order_by("last_name", "first_name", "patronymic", "id")
        )
        self.fields["starts_on"].help_text = _("Within %(year)s.") % {"year": year}

    def clean_form(self):
        return _as_field_error(services.clean_form, self.cleaned_data.get("form"))

    def clean_topic(self):
        return _as_field_error(services.clean_topic, self.cleaned_data.get("topic"))

    def clean_responsible_text(self):
        return _as_field_error(
            services.clean_responsible_text, self.cleaned_data.get("responsible_text")
        )

    def clean_audience(self):
        return _as_field_error(services.clean_audience, self.cleaned_data.get("audience"))

    def clean_expected_result(self):
        return _as_field_error(
            services.clean_expected_result, self.cleaned_data.get("expected_result")
        )

    def clean_responsible(self):
        people = list(self.cleaned_data.get("responsible") or ())
        if len(people) > services.RESPONSIBLE_MAX:
            raise ValidationError(
                _("At most %(max)s responsible people per item.")
                % {"max": services.RESPONSIBLE_MAX}
            )
        return people

    def clean(self):
        data = super().clean()
        if "starts_on" in self.errors or "ends_on" in self.errors:
            return data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on is not None and ends_on is None:
            data["ends_on"] = ends_on = starts_on  # a one-day item
        problem = services.dates_problem(starts_on, ends_on, self.year)
        if problem:
            self.add_error("ends_on" if starts_on is not None else "starts_on", problem)
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "form": data["form"],
            "topic": data["topic"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "responsible": data["responsible"],
            "responsible_text": data["responsible_text"],
            "audience": data["audience"],
            "expected_result": data["expected_result"],
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("plan item", "Status"),
        choices=PlanItemStatus.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=pgettext_lazy("plan item", "Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": services.NOTE_MAX}),
        help_text=_("Required for a cancellation: why the item was cancelled. Shown in the plan."),
    )

    def clean(self):
        data = super().clean()
        if "status" in data:
            try:
                data["note"] = services.clean_note(
                    data.get("note"), required=data["status"] == PlanItemStatus.CANCELLED
                )
            except ActionRefused as refusal:
                self.add_error("note", refusal.message)
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook of the plan (XLSX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    move_dates = forms.BooleanField(
        label=_("Move every date into the year of this plan"),
        required=False,
        help_text=_(
            "For a plan made from last year's: 15.03.2026 becomes 15.03 of this plan's year."
        ),
    )
