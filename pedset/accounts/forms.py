"""Forms of the accounts pages. Each one answers bad input with a Russian message.

Plain forms, not ModelForms: a ModelForm writes into its instance while validating, and the
services need the person as it was to tell which fields changed.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.accounts.avatars import avatar_from_upload
from pedset.accounts.models import PlatformRole, Subject, User, Visibility
from pedset.accounts.policies import CARD_FIELDS, CONTACT_FIELDS
from pedset.accounts.services import normalise_email
from pedset.core.timezones import time_zone_choices
from pedset.organisations.models import Organisation

name_validator = RegexValidator(
    r"^[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*\.?$",
    _("Use letters only; a space, hyphen or apostrophe may join parts of the name."),
)
phone_validator = RegexValidator(
    r"^\+?[\d ()\-]{5,30}$",
    _("Enter the phone number in digits, for example +7 914 123-45-67."),
)

DUPLICATE_EMAIL = _(
    "A person with this e-mail is already registered. Log in, or restore the password if you "
    "have forgotten it."
)
CONTACT_LABELS = {
    "phone": _("phone"),
    "contact_email": _("contact e-mail"),
    "messenger": _("messenger"),
}
# Accusative in Russian: "Показывать всем: фотографию".
CARD_LABELS = {
    "full_name": pgettext_lazy("show to everyone", "surname, first name and patronymic"),
    "avatar": pgettext_lazy("show to everyone", "photo"),
    "organisation": pgettext_lazy("show to everyone", "organisation"),
    "position": pgettext_lazy("show to everyone", "position"),
    "qualification_category": pgettext_lazy("show to everyone", "qualification category"),
    "subjects": pgettext_lazy("show to everyone", "subjects"),
    "about": pgettext_lazy("show to everyone", "about"),
}


class CheckboxField(forms.BooleanField):
    """A checkbox whose label follows it: no colon after the label."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _model_field(name: str, **kwargs):
    """The form field Django derives from the User model (label, max length, choices)."""
    return User._meta.get_field(name).formfield(**kwargs)


def _password_help() -> str:
    return " ".join(str(t) for t in password_validation.password_validators_help_texts())


def _with_password_help(form, *names):
    for name in names:
        form.fields[name].help_text = _password_help()


# --- Registration, login, e-mail requests -----------------------------------------------------


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.short_name} ({obj.district})"


def organisation_field(**kwargs):
    return OrganisationChoiceField(
        queryset=Organisation.objects.filter(is_active=True).order_by("district", "short_name"),
        required=False,
        label=_("Organisation"),
        empty_label=_("— not chosen —"),
        help_text=_("The educational organisation you work in, from the district's registry."),
        **kwargs,
    )


class RegistrationForm(SetPasswordMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Your login. We will send a confirmation link to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    last_name = forms.CharField(
        label=_("Surname"),
        max_length=100,
        validators=[name_validator],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        validators=[name_validator],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    patronymic = forms.CharField(
        label=_("Patronymic"),
        max_length=100,
        required=False,
        validators=[name_validator],
        help_text=_("If you have one."),
        widget=forms.TextInput(attrs={"autocomplete": "additional-name"}),
    )
    organisation = organisation_field()
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Password"), label2=_("Password again")
    )
    consent = CheckboxField(
        required=True,
        error_messages={
            "required": _(
                "Registration is impossible without consent to the processing of personal data."
            )
        },
    )

    def __init__(self, *args, consent_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        _with_password_help(self, "password1")
        operator = consent_text.operator if consent_text else ""
        version = consent_text.version if consent_text else ""
        self.fields["consent"].label = format_html(
            '{} <a href="#consent-text">{}</a>',
            _("I consent to the processing of my personal data by %(operator)s on the terms of")
            % {"operator": operator},
            _("the consent text (version %(version)s)") % {"version": version},
        )

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(DUPLICATE_EMAIL, code="duplicate")
        return email

    def clean(self):
        cleaned = super().clean()
        self.validate_passwords("password1", "password2")
        probe = User(
            email=cleaned.get("email", ""),
            last_name=cleaned.get("last_name", ""),
            first_name=cleaned.get("first_name", ""),
        )
        self.validate_password_for_user(probe, "password2")
        return cleaned


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _with_password_help(self, "new_password1")


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _with_password_help(self, "new_password1")


# --- Settings ---------------------------------------------------------------------------------


class ProfileForm(forms.Form):
    last_name = forms.CharField(label=_("Surname"), max_length=100, validators=[name_validator])
    first_name = forms.CharField(label=_("First name"), max_length=100, validators=[name_validator])
    patronymic = forms.CharField(
        label=_("Patronymic"), max_length=100, required=False, validators=[name_validator]
    )
    gender = forms.ChoiceField(
        label=_("Gender (for documents: «принял участие» / «приняла участие»)"),
        required=False,
        help_text=_(
            "Only for the grammar of certificates and diplomas issued to you. If not given, it "
            "is told from the patronymic or the first name; when they say nothing certain, "
            "documents say «принял(а)»."
        ),
    )
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    organisation = organisation_field()
    qualification_category = forms.ChoiceField(label=_("Qualification category"), required=False)
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"),
        queryset=Subject.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    about = forms.CharField(
        label=_("About"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    avatar = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    avatar_clear = CheckboxField(label=_("Remove the photo"), required=False)

    PROFILE_FIELDS = (
        "last_name",
        "first_name",
        "patronymic",
        "gender",
        "position",
        "organisation",
        "qualification_category",
        "about",
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {name: getattr(user, name) for name in self.PROFILE_FIELDS}
            | {"subjects": list(user.subjects.all())},
        )
        super().__init__(*args, **kwargs)
        self.fields["avatar"].help_text = _(
            "JPEG, PNG or WebP, up to %(mb)s MB. Shown only to those who may see your photo."
        ) % {"mb": settings.AVATAR_MAX_BYTES // (1024 * 1024)}
        self.fields["qualification_category"].choices = _model_field(
            "qualification_category"
        ).choices
        self.fields["gender"].choices = _model_field("gender").choices
        if not user.avatar:
            del self.fields["avatar_clear"]

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        return avatar_from_upload(upload)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PROFILE_FIELDS}


class ContactsForm(forms.Form):
    """Contact fields, who sees each, and which fields everyone may see (with consent)."""

    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    phone_visibility = forms.ChoiceField(label=_("Who sees the phone"), choices=Visibility)
    phone_public = CheckboxField(required=False)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        max_length=254,
        required=False,
        help_text=_("May differ from the e-mail you log in with; that one nobody sees."),
    )
    contact_email_visibility = forms.ChoiceField(
        label=_("Who sees the contact e-mail"), choices=Visibility
    )
    contact_email_public = CheckboxField(required=False)
    messenger = forms.CharField(
        label=_("Messenger"),
        max_length=100,
        required=False,
        help_text=_("For example: Telegram @username or a VK profile."),
    )
    messenger_visibility = forms.ChoiceField(label=_("Who sees the messenger"), choices=Visibility)
    messenger_public = CheckboxField(required=False)

    def __init__(self, *args, user: User, published: set[str], publication_text=None, **kwargs):
        initial = {}
        for field in CONTACT_FIELDS:
            initial[field] = getattr(user, field)
            initial[f"{field}_visibility"] = getattr(user, f"{field}_visibility")
            initial[f"{field}_public"] = field in published
        for field in CARD_FIELDS:
            initial[f"{field}_public"] = field in published
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.published = published
        self.publication_text = publication_text
        for field in CONTACT_FIELDS:
            self.fields[f"{field}_public"].label = _(
                "I consent to the distribution of my %(field)s to everyone"
            ) % {"field": CONTACT_LABELS[field]}
        for field in CARD_FIELDS:
            self.fields[f"{field}_public"] = CheckboxField(
                required=False,
                label=_("Show to everyone: %(field)s") % {"field": CARD_LABELS[field]},
            )

    def contact_rows(self):
        """(value, visibility, consent) bound fields per contact field, for the template."""
        return [
            (self[field], self[f"{field}_visibility"], self[f"{field}_public"])
            for field in CONTACT_FIELDS
        ]

    def card_fields(self):
        return [self[f"{field}_public"] for field in CARD_FIELDS]

    def clean(self):
        cleaned = super().clean()
        public = set()
        for field in CONTACT_FIELDS:
            if cleaned.get(f"{field}_visibility") != Visibility.EVERYONE:
                continue
            if cleaned.get(f"{field}_public"):
                public.add(field)
            else:
                self.add_error(
                    f"{field}_public",
                    _(
                        "To show the %(field)s to everyone, tick the consent to its "
                        "distribution, or choose who else may see it."
                    )
                    % {"field": CONTACT_LABELS[field]},
                )
        public |= {field for field in CARD_FIELDS if cleaned.get(f"{field}_public")}
        if public and "full_name" not in public:
            self.add_error(
                "full_name_public",
                _(
                    "Other people can open your page only if they may see your name: "
                    "let everyone see your surname, first name and patronymic too."
                ),
            )
        if public - self.published and self.publication_text is None:
            raise ValidationError(
                _(
                    "The platform operator has not published a text of consent to "
                    "distribution yet, so no field can be shown to everyone for now."
                ),
                code="no_consent_text",
            )
        self.public_fields = public
        return cleaned

    def values(self) -> dict:
        names = [*CONTACT_FIELDS, *(f"{f}_visibility" for f in CONTACT_FIELDS)]
        return {name: self.cleaned_data[name] for name in names}


class PreferencesForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Dates and times on the site are shown in this zone."),
        error_messages={"invalid_choice": _("Unknown time zone: choose one from the list.")},
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    accessible_mode = CheckboxField(
        label=_("Version for the visually impaired"),
        required=False,
        help_text=_("Larger text, high contrast, no images (GOST R 52872-2019)."),
    )

    FIELDS = ("time_zone", "language", "accessible_mode")

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("initial", {name: getattr(user, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(everywhere=True)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


# --- Platform roles ---------------------------------------------------------------------------


class PlatformRoleForm(forms.Form):
    GRANT, REVOKE = "grant", "revoke"

    email = forms.EmailField(label=_("E-mail of the person"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=PlatformRole.Role)
    action = forms.ChoiceField(
        choices=[(GRANT, _("Grant")), (REVOKE, _("Withdraw"))],
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose whether to grant or withdraw the role.")},
    )

    def clean_email(self):
        from pedset.accounts.selectors import user_by_email

        person = user_by_email(self.cleaned_data["email"])
        if person is None:
            raise ValidationError(_("Nobody is registered with this e-mail."), code="unknown")
        if not person.is_active or person.is_former:
            raise ValidationError(
                _("This person's account is closed: roles cannot be changed."), code="inactive"
            )
        self.person = person
        return self.cleaned_data["email"]
