"""Russian plural forms and labels of the forum app (catalogue completeness and shadowing are
checked for every catalogue in pedset/core/tests/test_translations.py)."""

import pytest
from django.utils import translation


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 сообщение"), (3, "3 сообщения"), (5, "5 сообщений"), (21, "21 сообщение")],
)
def test_russian_plurals(count, text):
    with translation.override("ru"):
        assert translation.ngettext("%(n)s post", "%(n)s posts", count) % {"n": count} == text
