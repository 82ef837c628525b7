from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.documents.models import DocumentKind
from pedset.documents.services import normalise_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        help_text=_(
            "The twelve letters and digits at the end of the address printed under the QR code."
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type the code printed on the document."))
        return code


class RegistryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document type"),
        required=False,
        choices=[("", pgettext_lazy("document types", "all"))],
    )
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", pgettext_lazy("document types", "all"))] + list(
            DocumentKind.choices
        )
        self.fields["year"].choices = [("", pgettext_lazy("years", "all"))] + [
            (year, str(year)) for year in years
        ]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page of the document and to its holder."),
    )
