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
