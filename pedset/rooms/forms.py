"""The form that sets up an event's room. The service repeats every check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pedset.rooms import services
from pedset.rooms.models import Provider


class RoomForm(forms.Form):
    provider = forms.ChoiceField(label=_("Conferencing system"), widget=forms.RadioSelect)
    external_url = forms.CharField(
        label=_("Link to the room"),
        required=False,
        max_length=services.EXTERNAL_URL_MAX,
        widget=forms.URLInput(attrs={"maxlength": services.EXTERNAL_URL_MAX}),
        help_text=_(
            "Only for an external link (Яндекс Телемост, Сферум, VK Звонки…). Participants get it "
            "only through the «Enter the room» button, from the time the room opens."
        ),
    )

    def __init__(self, *args, room=None, **kwargs):
        if room is not None and "initial" not in kwargs:
            kwargs["initial"] = {"provider": room.provider, "external_url": room.external_url}
        super().__init__(*args, **kwargs)
        labels = dict(Provider.choices)
        providers = services.available_providers()
        self.fields["provider"].choices = [(p, labels[p]) for p in providers]
        # The only system set up on this platform is not a choice: the page names it and the
        # form sends it in a hidden field (a room of a system no longer set up moves to it).
        self.only_provider = labels[providers[0]] if len(providers) == 1 else None
        if self.only_provider is not None:
            self.fields["provider"].widget = forms.HiddenInput()
            self.initial["provider"] = providers[0]
        elif room is None:
            self.fields["provider"].initial = providers[0]

    def clean(self):
        data = super().clean()
        if data.get("provider") == Provider.LINK:
            try:
                data["external_url"] = services.clean_external_url(data.get("external_url", ""))
            except services.ActionRefused as refusal:
                self.add_error("external_url", refusal.message)
        return data
