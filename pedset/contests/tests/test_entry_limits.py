"""Limits on entries: the submit/withdraw loop is throttled and a withdrawn entry's files are
deleted; a juror of any author's organisation does not judge the entry (contests.services,
contests.policies, contests.selectors)."""

import pytest
from django.core.cache import cache

from pedset.contests import policies, selectors, services
from pedset.contests.models import ContestEntry, EntryFile, EntryStatus
from pedset.contests.services import SUBMIT_LIMIT, ActionRefused
from pedset.contests.tests import factories
from pedset.core.tests import uploads
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def submit(actor, event):
    return services.entry_submit(
        actor=actor,
        event=event,
        title="Урок-исследование",
        summary="Сценарий урока.",
        files=[uploads.pdf("урок.pdf")],
        consent=True,
    )


def test_the_submit_and_withdraw_loop_is_throttled(
    contest, member, media_files, django_capture_on_commit_callbacks
):
    # given a member who submits and withdraws an entry again and again
    for _ in range(SUBMIT_LIMIT):
        with django_capture_on_commit_callbacks(execute=True):
            services.entry_withdraw(actor=member, entry=submit(member, contest))

    # when they submit once more within the hour, then it is refused and nothing is stored
    before = ContestEntry.objects.count()
    with pytest.raises(ActionRefused, match="too many entries"):
        submit(member, contest)
    assert ContestEntry.objects.count() == before
    assert media_files() == []


def test_a_withdrawn_entrys_files_are_deleted_after_commit(
    contest, member, media_files, django_capture_on_commit_callbacks
):
    entry = submit(member, contest)
    assert len(media_files()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.entry_withdraw(actor=member, entry=entry)

    # then the files are gone, the entry's row stays withdrawn
    assert media_files() == []
    assert not EntryFile.objects.filter(entry=entry).exists()
    assert ContestEntry.objects.get(pk=entry.pk).status == EntryStatus.WITHDRAWN


def test_a_juror_of_a_co_authors_organisation_does_not_judge_the_entry(community, coordinator):
    # given an entry submitted from one school with a co-author from another
    event = factories.closed_contest(community)
    criterion = factories.criterion(event)
    first_school, second_school = OrganisationFactory(), OrganisationFactory()
    author, colleague = factories.member(event), factories.member(event)
    author.organisation, colleague.organisation = first_school, second_school
    author.save()
    colleague.save()
    entry = factories.entry(event, author, coauthors=[colleague])
    other = factories.entry(event)
    # and a juror from the co-author's school
    judge = factories.member(event)
    judge.organisation = second_school
    judge.save()
    seat = factories.juror(event, judge)

    # then the entry is not offered, not allowed and not counted for the juror
    assert [e.pk for e in selectors.judged_entries(seat)] == [other.pk]
    assert policies.conflict_of_interest(judge, ContestEntry.objects.get(pk=entry.pk))
    assert policies.conflict_of_interest(judge, selectors.entry_for_page(entry.pk))
    assert not policies.may_judge(judge, selectors.entry_for_page(entry.pk))
    assert [p.total for p in selectors.jury_progress(event)] == [1]
    with pytest.raises(ActionRefused, match="your organisation"):
        services.entry_score(actor=judge, entry=entry, scores={criterion.pk: (5, "")})
