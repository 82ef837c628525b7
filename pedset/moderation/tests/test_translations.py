"""Our Russian wording is what the site shows: no other catalogue (apps earlier in
INSTALLED_APPS win on equal msgids) shadows an entry of this app's catalogue."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[1] / "locale/ru/LC_MESSAGES/django.po"


def test_the_catalogue_is_complete():
    po = polib.pofile(str(CATALOGUE))
    assert not po.untranslated_entries()
    assert not po.fuzzy_entries()


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


@pytest.mark.parametrize(
    ("count", "text"), [(1, "1 жалоба"), (3, "3 жалобы"), (5, "5 жалоб"), (21, "21 жалоба")]
)
def test_russian_plurals(count, text):
    with translation.override("ru"):
        assert translation.ngettext("%(n)s report", "%(n)s reports", count) % {"n": count} == text
