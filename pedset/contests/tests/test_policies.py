"""Contest policies beyond the role × action table: organisers named on the event, the jury's
conflicts of interest, deadlines, jurors who left the community."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from pedset.communities.models import MembershipStatus
from pedset.contests import policies
from pedset.contests.tests import factories
from pedset.events.models import EventForm, EventRole, EventStatus
from pedset.events.tests.factories import event_person
from pedset.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_organiser_named_on_the_event_runs_the_contest(contest):
    organiser = event_person(contest, EventRole.ORGANISER).user
    speaker = event_person(contest, EventRole.SPEAKER).user
    entry = factories.entry(contest, with_file=True)
    assert policies.can_manage_contest(organiser, contest)
    assert policies.can_setup_contest(organiser, contest)
    assert policies.can_view_entry(organiser, entry)
    assert policies.can_download_entry_file(organiser, entry)
    assert not policies.can_manage_contest(speaker, contest)
    assert not policies.can_view_entry(speaker, entry)


def test_conflicts_of_interest(contest):
    seat = factories.juror(contest)
    juror = seat.user
    school = OrganisationFactory()
    juror.organisation = school
    juror.save()
    own = factories.entry(contest, juror)
    coauthored = factories.entry(contest, coauthors=[juror])
    same_school = factories.entry(contest, organisation_id=school.pk)
    other = factories.entry(contest, organisation_id=OrganisationFactory().pk)
    no_school = factories.entry(contest)
    for entry in (own, coauthored, same_school):
        assert policies.conflict_of_interest(juror, entry)
        assert not policies.can_score_entry(juror, entry)
    for entry in (other, no_school):
        assert policies.conflict_of_interest(juror, entry) is None
        assert policies.can_score_entry(juror, entry)


def test_a_juror_without_an_organisation_judges_entries_without_one(contest):
    seat = factories.juror(contest)
    assert seat.user.organisation_id is None
    assert policies.can_score_entry(seat.user, factories.entry(contest))


def test_a_juror_who_left_the_community_no_longer_judges(contest):
    seat = factories.juror(contest)
    entry = factories.entry(contest, with_file=True)
    seat.user.memberships.update(status=MembershipStatus.LEFT)
    person = type(seat.user).objects.get(pk=seat.user.pk)
    assert not policies.can_judge_contest(person, contest)
    assert not policies.can_download_entry_file(person, entry)


def test_a_project_has_no_jury(community):
    project = factories.contest(community, form=EventForm.PROJECT)
    seat = factories.juror(project)  # made directly: the services refuse it
    assert not policies.can_judge_contest(seat.user, project)


def test_a_draft_contest_has_no_jury_page(community):
    draft = factories.contest(community, status=EventStatus.DRAFT)
    seat = factories.juror(draft)
    assert not policies.can_judge_contest(seat.user, draft)


def test_submission_and_withdrawal_deadline_edges(contest, member):
    entry = factories.entry(contest, member)
    deadline = contest.submissions_close_at
    with time_machine.travel(deadline - datetime.timedelta(microseconds=1), tick=False):
        assert policies.can_submit_entry(member, contest)
        assert policies.can_withdraw_entry(member, entry)
        assert not policies.can_publish_results(
            factories.member(contest, role="coordinator"), contest
        )
    with time_machine.travel(deadline, tick=False):
        assert not policies.can_submit_entry(member, contest)
        assert not policies.can_withdraw_entry(member, entry)
        assert policies.can_publish_results(factories.member(contest, role="coordinator"), contest)


def test_results_are_for_everyone_who_sees_the_event_once_published(community, member):
    from django.contrib.auth.models import AnonymousUser

    event = factories.closed_contest(community)
    assert not policies.can_view_results(member, event)
    event.results_published_at = timezone.now()
    assert policies.can_view_results(AnonymousUser(), event)
    assert policies.can_view_results(member, event)
