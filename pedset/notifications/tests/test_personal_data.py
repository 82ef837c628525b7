"""The personal-data hooks: settings are exported and erased with the person's data."""

import pytest
from django.utils import translation

from pedset.notifications import personal_data
from pedset.notifications.kinds import KINDS, Delivery
from pedset.notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db


def test_export_lists_every_kind_and_what_the_person_chose(person):
    NotificationPreference.objects.create(
        user=person, kind="announcement", delivery=Delivery.DIGEST
    )
    with translation.override("ru"):
        rows = personal_data.export(person)["notification_preferences"]
    assert [row["kind"] for row in rows] == [kind.code for kind in KINDS]
    chosen = next(row for row in rows if row["kind"] == "announcement")
    assert chosen == {
        "kind": "announcement",
        "kind_display": "Объявления",
        "delivery": "digest",
        "delivery_display": "на сайте и в ежедневной сводке по e-mail",
        "chosen_by_me": True,
        "changed_at": chosen["changed_at"],
    }
    assert chosen["changed_at"]
    default = next(row for row in rows if row["kind"] == "forum_reply")
    assert default["chosen_by_me"] is False and default["changed_at"] is None


def test_erase_deletes_the_settings(person):
    NotificationPreference.objects.create(user=person, kind="flag", delivery=Delivery.SITE)
    with translation.override("ru"):
        assert personal_data.erase(person) == ["настройки уведомлений"]
    assert not NotificationPreference.objects.exists()
    assert personal_data.erase(person) == []


def test_the_privacy_registry_finds_the_hooks():
    from pedset.privacy.registry import erase_hooks, export_hooks

    assert "notifications" in {hook.app_label for hook in export_hooks()}
    assert "notifications" in {hook.app_label for hook in erase_hooks()}
