"""Forms of the notifications app. Bad input answers in Russian and changes nothing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pedset.notifications.kinds import KINDS


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))] + [(kind.code, kind.label) for kind in KINDS],
    )


class PreferencesForm(forms.Form):
    """One select per kind. A mandatory kind does not offer "do not notify"."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            kind = row.kind
            help_text = kind.description
            if kind.mandatory:
                help_text = _("%(description)s Always reaches your notification centre.") % {
                    "description": kind.description
                }
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=kind.choices,
                initial=row.delivery,
                help_text=help_text,
                error_messages={
                    "required": _("Choose how to receive this kind."),
                    "invalid_choice": _("This choice is not available for this kind."),
                },
            )
