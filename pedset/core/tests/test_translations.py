"""Every UI string has its Russian translation: no empty and no fuzzy entries in any catalogue."""

from pathlib import Path

import polib
import pytest

PEDSET = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(PEDSET.glob("**/locale/ru/LC_MESSAGES/django.po"))


def test_there_is_a_catalogue_for_the_shell():
    assert PEDSET / "locale/ru/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(PEDSET)))
def test_catalogue_is_fully_translated(catalogue):
    po = polib.pofile(str(catalogue))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {catalogue}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {catalogue}: {fuzzy[:10]}"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(PEDSET)))
def test_every_entry_is_shown_as_its_catalogue_says(catalogue):
    """Django merges all catalogues and the first to translate a msgid wins: an app's wording
    must not be shadowed by another app's (or Django's). Short words need a context."""
    from django.utils import translation

    shadowed = []
    with translation.override("ru"):
        for entry in polib.pofile(str(catalogue)).translated_entries():
            if entry.msgid_plural:
                if entry.msgctxt:
                    got = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 5)
                else:
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
    assert not shadowed, f"shown differently than {catalogue} says: {shadowed}"
