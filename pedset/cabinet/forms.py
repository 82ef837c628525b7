"""Forms of the cabinet. Every check answers in Russian and changes nothing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.cabinet.models import CouncilBasis, CouncilRole
from pedset.cabinet.selectors import CatalogueFilters, Counts
from pedset.cabinet.services import BASIS_DOCUMENT_MAX, NOTE_MAX, REASON_MAX

SORT_CHOICES = [
    ("new", pgettext_lazy("sort", "newest first")),
    ("downloads", pgettext_lazy("sort", "most downloaded")),
    ("rating", pgettext_lazy("sort", "best rated")),
]
AUTHOR_MAX = 100


def _with_count(label, count) -> str:
    return f"{label} ({count or 0})"


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters. A value that makes no sense (a word where a number belongs, a
    level that does not exist) is ignored rather than refused: a stale link still shows the
    catalogue. A well-formed value with no entries (a year nobody published in) shows none."""

    author = forms.CharField(
        label=pgettext_lazy("cabinet filter", "Author"),
        required=False,
        max_length=AUTHOR_MAX,
        help_text=_("A surname or a part of it."),
    )
    subject = forms.IntegerField(
        label=pgettext_lazy("cabinet filter", "Subject"), required=False, min_value=1
    )
    level = forms.ChoiceField(
        label=pgettext_lazy("cabinet filter", "Level of education"), required=False
    )
    material_type = forms.ChoiceField(
        label=pgettext_lazy("cabinet filter", "Type of material"), required=False
    )
    year = forms.IntegerField(
        label=pgettext_lazy("inclusion", "Year"), required=False, min_value=1, max_value=9999
    )
    organisation = forms.IntegerField(
        label=pgettext_lazy("cabinet filter", "Organisation"), required=False, min_value=1
    )
    community = forms.IntegerField(
        label=pgettext_lazy("cabinet filter", "Community"), required=False, min_value=1
    )
    recommended = forms.BooleanField(label=_("Only recommended for publication"), required=False)
    sort = forms.ChoiceField(
        label=pgettext_lazy("cabinet filter", "Order"), required=False, choices=SORT_CHOICES
    )

    def __init__(self, *args, choices: dict, counts: Counts | None = None, community=None, **kw):
        from pedset.materials.models import Level, MaterialType

        super().__init__(*args, **kw)
        counts = counts or Counts({}, {}, {}, {}, 0)
        self.fields["subject"].widget = forms.Select(
            choices=[
                ("", _("All subjects")),
                *(
                    (pk, _with_count(name, counts.subject.get(pk)))
                    for pk, name in choices["subjects"]
                ),
            ]
        )
        self.fields["level"].choices = [
            ("", _("All levels")),
            *(
                (value, _with_count(label, counts.level.get(value)))
                for value, label in Level.choices
            ),
        ]
        self.fields["material_type"].choices = [
            ("", pgettext_lazy("material types", "All types")),
            *(
                (value, _with_count(label, counts.material_type.get(value)))
                for value, label in MaterialType.choices
            ),
        ]
        self.fields["year"].widget = forms.Select(
            choices=[
                ("", _("All years")),
                *((year, _with_count(year, counts.year.get(year))) for year in choices["years"]),
            ]
        )
        self.fields["organisation"].widget = forms.Select(
            choices=[("", _("All organisations")), *choices["organisations"]]
        )
        self.fields["recommended"].label = _with_count(
            _("Only recommended for publication"), counts.recommended
        )
        if community is not None:
            # The community's own cabinet page: the community is fixed by the address.
            del self.fields["community"]
        else:
            self.fields["community"].widget = forms.Select(
                choices=[("", _("All communities")), *choices["communities"]]
            )

    def filters(self, *, community=None) -> CatalogueFilters:
        self.is_valid()
        data = self.cleaned_data
        return CatalogueFilters(
            subject=data.get("subject"),
            level=data.get("level") or "",
            material_type=data.get("material_type") or "",
            year=data.get("year"),
            author=(data.get("author") or "").strip(),
            organisation=data.get("organisation"),
            community=community.pk if community is not None else data.get("community"),
            recommended=bool(data.get("recommended")),
            sort=data.get("sort") or "new",
        )


class CouncilSeatForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Member of the community"),
        queryset=None,
        error_messages={
            "required": _("Choose a member of the community."),
            "invalid_choice": _(
                "Choose an active member of the community who is not on the council yet."
            ),
        },
    )
    role = forms.ChoiceField(label=_("Role on the council"), choices=CouncilRole.choices)
    basis = forms.ChoiceField(label=_("Basis"), choices=CouncilBasis.choices)
    basis_document = forms.CharField(
        label=_("Protocol or order"),
        required=False,
        max_length=BASIS_DOCUMENT_MAX,
        help_text=_(
            "For example: «Протокол заседания районного методического кабинета от 01.09.2026 № 1»."
        ),
    )
    since = forms.DateField(
        label=_("On the council since"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date since which the person sits on the council."),
            "invalid": _("Enter a date, for example 01.09.2026."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda user: user.get_full_name()


class SeatEndForm(forms.Form):
    until = forms.DateField(
        label=_("On the council until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty means today."),
        error_messages={"invalid": _("Enter a date, for example 31.08.2027.")},
    )


class RecommendForm(forms.Form):
    note = forms.CharField(
        label=_("Where it is recommended"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Regional or federal editions, research-to-practice conferences (regulation 004, "
            "item 1.10)."
        ),
        error_messages={
            "required": _("Say where the material is recommended: an edition, a conference.")
        },
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons for the withdrawal"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The authors are told the reasons; the material page shows them."),
        error_messages={"required": _("Give the reasons for the withdrawal.")},
    )
