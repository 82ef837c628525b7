"""Setting a contest up: nominations, criteria, the jury (contests.services)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.contests import services
from pedset.contests.models import ContestCriterion, JuryMember, Nomination
from pedset.contests.services import ActionRefused
from pedset.contests.tests import factories
from pedset.core.models import Notification
from pedset.events.models import EventForm, EventRole, EventStatus
from pedset.events.tests.factories import event_person

pytestmark = pytest.mark.django_db


# --- Nominations -------------------------------------------------------------------------------


def test_a_coordinator_adds_nominations_in_order(contest, coordinator):
    # when two nominations are added
    first = services.nomination_add(actor=coordinator, event=contest, name="  Лучший урок  ")
    second = services.nomination_add(actor=coordinator, event=contest, name="Лучший проект")

    # then they keep their order and the name is tidied
    assert [n.name for n in Nomination.objects.filter(event=contest)] == [
        "Лучший урок",
        "Лучший проект",
    ]
    assert first.position < second.position


def test_an_organiser_named_on_the_event_sets_it_up(contest):
    # given an ordinary member named as the contest's organiser
    organiser = event_person(contest, EventRole.ORGANISER).user

    # when they add a nomination, then it is added
    services.nomination_add(actor=organiser, event=contest, name="Лучший урок")
    assert Nomination.objects.filter(event=contest).count() == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Enter the name"), ("   ", "Enter the name"), ("я" * 301, "too long")],
)
def test_a_bad_nomination_name_is_refused(contest, coordinator, name, message):
    with pytest.raises(ActionRefused):
        services.nomination_add(actor=coordinator, event=contest, name=name)
    assert not Nomination.objects.exists()


def test_a_nomination_named_twice_is_refused(contest, coordinator):
    services.nomination_add(actor=coordinator, event=contest, name="Лучший урок")
    with pytest.raises(ActionRefused, match="already"):
        services.nomination_add(actor=coordinator, event=contest, name="лучший УРОК")
    assert Nomination.objects.count() == 1


def test_a_member_cannot_set_up_the_contest(contest, member):
    with pytest.raises(PermissionDenied):
        services.nomination_add(actor=member, event=contest, name="Лучший урок")


def test_a_coordinator_of_another_community_cannot_set_it_up(contest):
    stranger = MembershipFactory(community=CommunityFactory(), role="coordinator").user
    with pytest.raises(PermissionDenied):
        services.nomination_add(actor=stranger, event=contest, name="Лучший урок")


def test_a_cancelled_contest_cannot_change(contest, coordinator):
    contest.status = EventStatus.CANCELLED
    contest.save()
    with pytest.raises(PermissionDenied):
        services.nomination_add(actor=coordinator, event=contest, name="Лучший урок")


def test_a_nomination_with_entries_stays(contest, coordinator):
    # given a nomination with an entry
    nomination = factories.nomination(contest)
    factories.entry(contest, nomination=nomination)

    # when it is removed, then it is refused
    with pytest.raises(ActionRefused, match="Entries were submitted"):
        services.nomination_remove(actor=coordinator, nomination=nomination)
    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_an_empty_nomination_is_removed(contest, coordinator):
    nomination = factories.nomination(contest)
    services.nomination_remove(actor=coordinator, nomination=nomination)
    assert not Nomination.objects.exists()


# --- Criteria ----------------------------------------------------------------------------------


def test_a_criterion_is_added_with_its_maximum(contest, coordinator):
    services.criterion_add(actor=coordinator, event=contest, name="Новизна", max_score="10")
    criterion = ContestCriterion.objects.get()
    assert (criterion.name, criterion.max_score) == ("Новизна", 10)


@pytest.mark.parametrize("max_score", [0, 101, -3, "abc", None, "7.5"])
def test_a_maximum_outside_1_to_100_is_refused(contest, coordinator, max_score):
    with pytest.raises(ActionRefused, match="maximum score"):
        services.criterion_add(
            actor=coordinator, event=contest, name="Новизна", max_score=max_score
        )
    assert not ContestCriterion.objects.exists()


def test_a_project_has_no_criteria_nor_jury(community, coordinator, member):
    # given a project (entries without a jury)
    project = factories.contest(community, form=EventForm.PROJECT)

    # when a criterion or a juror is added, then it is refused
    with pytest.raises(ActionRefused, match="jury"):
        services.criterion_add(actor=coordinator, event=project, name="Новизна", max_score=5)
    with pytest.raises(ActionRefused, match="jury"):
        services.juror_add(actor=coordinator, event=project, user=member)
    # but nominations are fine
    services.nomination_add(actor=coordinator, event=project, name="Лучший проект")


def test_criteria_and_nominations_freeze_once_scoring_started(contest, coordinator):
    # given a criterion, a nomination and one score given
    criterion = factories.criterion(contest)
    nomination = factories.nomination(contest)
    seat = factories.juror(contest)
    factories.score_fully(seat, factories.entry(contest, nomination=nomination), 5)

    # when the criteria or nominations change, then each change is refused with a clear message
    with pytest.raises(ActionRefused, match="started scoring: criteria"):
        services.criterion_add(actor=coordinator, event=contest, name="Новизна", max_score=5)
    with pytest.raises(ActionRefused, match="started scoring: criteria"):
        services.criterion_remove(actor=coordinator, criterion=criterion)
    with pytest.raises(ActionRefused, match="started scoring: nominations"):
        services.nomination_add(actor=coordinator, event=contest, name="Ещё одна")
    with pytest.raises(ActionRefused, match="started scoring: nominations"):
        services.nomination_remove(actor=coordinator, nomination=factories.nomination(contest))
    assert ContestCriterion.objects.filter(event=contest).count() == 1


# --- The jury ----------------------------------------------------------------------------------


def test_a_juror_is_added_and_told(
    contest, coordinator, member, django_capture_on_commit_callbacks
):
    # when a member is added to the jury
    with django_capture_on_commit_callbacks(execute=True):
        seat = services.juror_add(actor=coordinator, event=contest, user=member)

    # then they sit on it and are told (kind "contest") with a link to the jury's page
    assert JuryMember.objects.get(event=contest).user == member
    notice = Notification.objects.get(recipient=member)
    assert notice.kind == "contest"
    assert notice.url == f"/contests/{contest.pk}/jury/"
    assert not seat.is_chair


def test_one_chair_per_jury(contest, coordinator, members):
    first, second = members(2)
    one = services.juror_add(actor=coordinator, event=contest, user=first, is_chair=True)
    two = services.juror_add(actor=coordinator, event=contest, user=second, is_chair=True)
    one.refresh_from_db()
    assert (one.is_chair, JuryMember.objects.get(pk=two.pk).is_chair) == (False, True)

    services.juror_make_chair(actor=coordinator, seat=one)
    assert list(
        JuryMember.objects.filter(event=contest, is_chair=True).values_list("user", flat=True)
    ) == [first.pk]


def test_a_non_member_cannot_sit_on_the_jury(contest, coordinator):
    # given a person of another community and a pending applicant
    outsider = MembershipFactory(community=CommunityFactory()).user
    pending = MembershipFactory(community=contest.community, status="pending").user

    for person in (outsider, pending, None):
        with pytest.raises(ActionRefused, match="active member"):
            services.juror_add(actor=coordinator, event=contest, user=person)
    assert not JuryMember.objects.exists()


def test_a_juror_is_added_once(contest, coordinator, member):
    services.juror_add(actor=coordinator, event=contest, user=member)
    with pytest.raises(ActionRefused, match="already"):
        services.juror_add(actor=coordinator, event=contest, user=member)


def test_a_juror_who_scored_stays(contest, coordinator):
    # given a juror who scored an entry
    factories.criterion(contest)
    seat = factories.juror(contest)
    factories.score_fully(seat, factories.entry(contest), 4)

    # when they are removed, then it is refused
    with pytest.raises(ActionRefused, match="already given scores"):
        services.juror_remove(actor=coordinator, seat=seat)

    # a juror who scored nothing goes
    idle = factories.juror(contest)
    services.juror_remove(actor=coordinator, seat=idle)
    assert list(JuryMember.objects.values_list("pk", flat=True)) == [seat.pk]


def test_nothing_changes_after_the_results(community, coordinator):
    # given a contest whose results are published
    event = factories.closed_contest(community, results_published_at=timezone.now())

    # when anything is set up, then it is refused with a message
    with pytest.raises(ActionRefused, match="results are published"):
        services.nomination_add(actor=coordinator, event=event, name="Ещё одна")
