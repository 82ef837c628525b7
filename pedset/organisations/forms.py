from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pedset.organisations import policies
from pedset.organisations.importers import MAX_ROWS
from pedset.organisations.models import Organisation, normalise_name


class RegistryFilterForm(forms.Form):
    """The registry's search bar. Unknown values are ignored rather than refused."""

    q = forms.CharField(label=_("Name, address or INN"), required=False, max_length=200)
    district = forms.ChoiceField(label=_("Municipal district"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *Organisation.Kind.choices],
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [
            ("", _("All districts")),
            *((district, district) for district in districts),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            # Keep what is valid: a stale district link still searches by the words given.
            data = {name: self.cleaned_data.get(name, "") for name in ("q", "district", "kind")}
        else:
            data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "district": data.get("district") or "",
            "kind": data.get("kind") or "",
        }


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "full_name",
            "short_name",
            "kind",
            "address",
            "district",
            "inn",
            "is_active",
            "operates_platform",
        ]
        help_texts = {
            "full_name": _(
                "As in the charter, e.g. Муниципальное бюджетное общеобразовательное "
                "учреждение «Средняя общеобразовательная школа № 3 с. Луговое»."
            ),
            "short_name": _("e.g. МБОУ «СОШ № 3 с. Луговое»."),
            "inn": _("10 or 12 digits; may be left empty."),
            "operates_platform": _(
                "The organisation that runs the platform: the operator of the personal data "
                "of all registered people. Only one organisation can be the operator."
            ),
        }

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].required = True
        if not policies.can_designate_platform_operator(actor):
            del self.fields["operates_platform"]

    def clean_full_name(self):
        full_name = " ".join(self.cleaned_data["full_name"].split())
        clash = Organisation.objects.filter(name_key=normalise_name(full_name))
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("An organisation with this full name is already in the registry.")
            )
        return full_name

    def clean_short_name(self):
        return " ".join(self.cleaned_data["short_name"].split())

    def clean_district(self):
        return " ".join(self.cleaned_data["district"].split())

    def clean_address(self):
        return " ".join(self.cleaned_data["address"].split())

    def clean_inn(self):
        inn = self.cleaned_data["inn"].replace(" ", "")
        if inn and not (inn.isascii() and inn.isdigit() and len(inn) in (10, 12)):
            raise forms.ValidationError(_("The INN must consist of 10 or 12 digits."))
        return inn

    def clean_operates_platform(self):
        operates = self.cleaned_data["operates_platform"]
        if operates:
            current = Organisation.objects.filter(operates_platform=True)
            if self.instance.pk:
                current = current.exclude(pk=self.instance.pk)
            other = current.first()
            if other is not None:
                raise forms.ValidationError(
                    _("%(name)s is already the platform operator. Remove the mark there first.")
                    % {"name": other.short_name}
                )
        return operates


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Registry file"),
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (UTF-8 or Windows-1251, separated by «;» or «,») or XLSX; up to %(size)s MB and "
            "%(rows)s rows."
        ) % {"size": f"{settings.IMPORT_MAX_BYTES / (1024 * 1024):g}", "rows": MAX_ROWS}
