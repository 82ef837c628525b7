from django import forms
from django.utils.translation import gettext_lazy as _

from pedset.documents.forms import RevokeForm


class AwardRevokeForm(RevokeForm):
    reissue = forms.BooleanField(
        label=_("Issue a new document to this person instead"),
        required=False,
        help_text=_(
            "For a document that was wrong rather than undeserved: a misspelt name, the wrong "
            "gender. Correct the person's profile first; the new document is made from it."
        ),
    )
