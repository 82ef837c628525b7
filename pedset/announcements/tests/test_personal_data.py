"""The personal-data hook: what the person published is in their export; erasure keeps it."""

import pytest
from django.utils import timezone

from pedset.announcements import personal_data
from pedset.announcements.tests.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db


def test_export_lists_the_persons_announcements_deleted_ones_too():
    mine = AnnouncementFactory(title="Семинар", pinned_until="2026-12-01")
    gone = AnnouncementFactory(author=mine.author, deleted_at=timezone.now())
    AnnouncementFactory(title="Чужое")
    rows = personal_data.export(mine.author)["announcements"]
    assert [row["id"] for row in rows] == [mine.pk, gone.pk]
    assert rows[0]["title"] == "Семинар"
    assert rows[0]["text"] == mine.body
    assert rows[0]["pinned_until"] == "2026-12-01"
    assert rows[0]["community"]["slug"] == mine.community.slug
    assert rows[1]["deleted_at"] is not None


def test_the_hook_exports_only_and_the_registry_finds_it():
    from pedset.privacy.registry import export_hooks

    assert not hasattr(personal_data, "erase")
    assert "announcements" in {hook.app_label for hook in export_hooks()}


def test_a_full_export_carries_both_sections(make_person):
    from pedset.privacy.selectors import personal_data_collect

    author = AnnouncementFactory().author
    data = personal_data_collect(author, now=timezone.now())
    assert len(data["announcements"]) == 1
    # one preference per registered kind of notification
    from pedset.notifications.kinds import KINDS

    assert len(data["notification_preferences"]) == len(KINDS)
