"""Our Russian wording is what the site shows: no catalogue that comes earlier (Django's contrib
apps, LOCALE_PATHS, apps listed before this one) shadows an entry of this app's catalogue."""

from pathlib import Path

import polib
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/ru/LC_MESSAGES/django.po"


def test_every_entry_translates_as_written():
    shadowed = []
    with translation.override("ru"):
        for entry in polib.pofile(str(CATALOGUE)).translated_entries():
            if entry.msgid_plural:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 5)
                expected = entry.msgstr_plural[2]
            elif entry.msgctxt:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
                expected = entry.msgstr
            else:
                got = translation.gettext(entry.msgid)
                expected = entry.msgstr
            if got != expected:
                shadowed.append((entry.msgid, got, expected))
    assert not shadowed, f"shown differently than our catalogue says: {shadowed}"


def test_kind_labels_are_russian():
    from pedset.notifications.kinds import get_kind

    with translation.override("ru"):
        assert str(get_kind("announcement").label) == "Объявления"
        assert str(get_kind("membership_approved").label) == "Решения о членстве"
