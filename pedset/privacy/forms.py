from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.privacy.models import ConsentText, normalise_text

TEXT_MAX_LENGTH = 100_000


class ConsentTextForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("privacy", "Title"),
        max_length=300,
        error_messages={"required": _("Enter the title of the consent.")},
    )
    text = forms.CharField(
        label=_("Text of the consent"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "The published version cannot be changed later; a correction is a new version."
        ),
        error_messages={"required": _("Enter the text of the consent.")},
    )

    def __init__(self, *args, current: ConsentText | None = None, **kwargs):
        self.current = current
        super().__init__(*args, **kwargs)

    def clean_text(self):
        text = normalise_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Enter the text of the consent."))
        if self.current is not None and ConsentText.hash_text(text) == self.current.text_hash:
            raise forms.ValidationError(
                _("The text is the same as the current version: there is nothing to publish.")
            )
        return text


class PublicationConsentForm(forms.Form):
    GIVE, WITHDRAW = "give", "withdraw"

    field = forms.ChoiceField(
        choices=(),
        error_messages={
            "required": _("Choose a profile field."),
            "invalid_choice": _("There is no such profile field."),
        },
    )
    action = forms.ChoiceField(
        choices=((GIVE, GIVE), (WITHDRAW, WITHDRAW)),
        error_messages={
            "required": _("Choose whether to allow or forbid publication."),
            "invalid_choice": _("Choose whether to allow or forbid publication."),
        },
    )

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [(f, f) for f in fields]


class RevocationConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand the consequences and revoke my consent"),
        error_messages={"required": _("Confirm that you understand the consequences.")},
    )


class WithdrawalForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account will be closed and my personal data destroyed, "
            "and that this cannot be undone"
        ),
        error_messages={"required": _("Confirm that you understand the consequences.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if self.user is None or not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."))
        return password
