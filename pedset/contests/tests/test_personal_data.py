"""Personal-data hooks of contests (pedset/contests/personal_data.py)."""

import pytest
from django.utils import timezone

from pedset.contests import personal_data
from pedset.contests.models import ContestEntry, EntryStatus
from pedset.contests.tests import factories

pytestmark = pytest.mark.django_db


def test_export_lists_entries_and_jury_seats(contest, member, django_capture_on_commit_callbacks):
    # given an entry of the member with a file and a seat on another contest's jury with a score
    entry = factories.entry(contest, member, title="Урок о воде", with_file=True)
    other = factories.contest(contest.community)
    factories.criterion(other, "Новизна", max_score=5)
    seat = factories.juror(other, member, chair=True)
    factories.score_fully(seat, factories.entry(other, title="Чужая работа"), 4, comment="Свежо")

    # when the data is exported
    data = personal_data.export(member)

    # then the entry and the scores are there; no placing before the results
    (row,) = data["contest_entries"]
    assert (row["title"], row["files"], row["placing"]) == ("Урок о воде", ["работа.pdf"], "")
    assert row["submitted_by_me"] is True
    (jury,) = data["jury_seats"]
    assert jury["chair"] is True
    assert jury["scores"][0]["entry"] == "Чужая работа"
    assert jury["scores"][0]["comment"] == "Свежо"
    assert entry.pk


def test_erase_removes_only_entries_withdrawn_and_written_alone(
    contest, members, media_files, django_capture_on_commit_callbacks
):
    author, colleague = members(2)
    withdrawn = factories.entry(contest, author, status=EntryStatus.WITHDRAWN, with_file=True)
    shared = factories.entry(
        contest, author, coauthors=[colleague], status=EntryStatus.WITHDRAWN, title="Общая"
    )
    kept = factories.entry(factories.contest(contest.community), author)
    assert len(media_files()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        erased = personal_data.erase(author)

    assert erased
    assert set(ContestEntry.objects.values_list("pk", flat=True)) == {shared.pk, kept.pk}
    assert media_files() == []
    assert not ContestEntry.objects.filter(pk=withdrawn.pk).exists()
    assert personal_data.erase(author) == []
    assert timezone.now()
