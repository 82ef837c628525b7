"""Russian plural forms and labels of the moderation app (catalogue completeness and shadowing are
checked for every catalogue in pedset/core/tests/test_translations.py)."""

import pytest
from django.utils import translation


@pytest.mark.parametrize(
    ("count", "text"), [(1, "1 жалоба"), (3, "3 жалобы"), (5, "5 жалоб"), (21, "21 жалоба")]
)
def test_russian_plurals(count, text):
    with translation.override("ru"):
        assert translation.ngettext("%(n)s report", "%(n)s reports", count) % {"n": count} == text
