"""Russian plural forms and labels of the notifications app (catalogue completeness and shadowing are
checked for every catalogue in pedset/core/tests/test_translations.py)."""

from django.utils import translation


def test_kind_labels_are_russian():
    from pedset.notifications.kinds import get_kind

    with translation.override("ru"):
        assert str(get_kind("announcement").label) == "Объявления"
        assert str(get_kind("membership_approved").label) == "Решения о членстве"
