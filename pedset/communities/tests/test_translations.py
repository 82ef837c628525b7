"""Russian plural forms and labels of the communities app (catalogue completeness and shadowing are
checked for every catalogue in pedset/core/tests/test_translations.py)."""

import pytest
from django.utils import translation


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 участник"), (3, "3 участника"), (5, "5 участников"), (21, "21 участник")],
)
def test_russian_plurals(count, text):
    with translation.override("ru"):
        assert translation.ngettext("%(n)s member", "%(n)s members", count) % {"n": count} == text
