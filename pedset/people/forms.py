from django import forms
from django.utils.translation import gettext_lazy as _

from pedset.accounts.models import Visibility
from pedset.people.models import SpaceSection


class SpaceSettingsForm(forms.Form):
    """Who sees each part of the personal space: one choice of three per part."""

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SpaceSection:
            self.fields[section.value] = forms.ChoiceField(
                label=section.label,
                choices=Visibility.choices,
                initial=space.visibility(section.value),
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose who sees this part."),
                    "invalid_choice": _("Choose who sees this part from the list."),
                },
            )
