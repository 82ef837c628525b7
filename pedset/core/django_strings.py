"""Strings of Django itself that its Russian catalogue lacks: listed here so that makemessages
keeps their translations in the project's catalogue (pedset/locale)."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = (
    # django.db.models.fields.BLANK_CHOICE_LABEL (Django 6.1): the empty choice of a select.
    gettext_noop("- Select an option -"),
)
