"""Positions the role × action table does not build: council seats, authors, assigned experts,
closed rounds and communities."""

import datetime

import pytest
from django.utils import timezone

from pedset.cabinet.models import CouncilBasis, CouncilMember, CouncilRole
from pedset.communities.models import Role
from pedset.communities.tests.factories import MembershipFactory
from pedset.review import policies
from pedset.review.models import AssignmentStatus, Decision
from pedset.review.tests import factories

pytestmark = pytest.mark.django_db


def seat(community, role, **fields):
    user = MembershipFactory(community=community).user
    CouncilMember.objects.create(
        community=community,
        user=user,
        role=role,
        basis=CouncilBasis.APPOINTED,
        since=fields.pop("since", datetime.date(2025, 1, 1)),
        **fields,
    )
    return user


@pytest.fixture
def reviewed():
    material = factories.submitted_material()
    review_round = factories.open_round(material)
    done = factories.assignment(review_round, status=AssignmentStatus.ACCEPTED)
    factories.submitted_review(done)
    return review_round, done


def test_council_chair_runs_the_expertise(reviewed):
    review_round, _done = reviewed
    community = review_round.material.community
    chair = seat(community, CouncilRole.CHAIR)
    assert policies.can_view_expertise_desk(chair, community)
    assert policies.can_assign_experts(chair, review_round)
    assert policies.can_decide_round(chair, review_round)
    assert policies.can_view_reviews(chair, review_round)
    assert not policies.can_manage_criteria(chair, community)


def test_other_council_members_see_but_do_not_decide(reviewed):
    review_round, _done = reviewed
    community = review_round.material.community
    member = seat(community, CouncilRole.MEMBER)
    assert policies.can_view_expertise_desk(member, community)
    assert policies.can_view_reviews(member, review_round)
    assert not policies.can_assign_experts(member, review_round)
    assert not policies.can_decide_round(member, review_round)


def test_a_past_seat_gives_nothing(reviewed):
    review_round, _done = reviewed
    community = review_round.material.community
    former = seat(community, CouncilRole.CHAIR, until=datetime.date(2025, 6, 1))
    assert not policies.can_view_expertise_desk(former, community)
    assert not policies.can_assign_experts(former, review_round)


def test_a_council_member_may_be_an_expert_without_the_role(reviewed):
    review_round, _done = reviewed
    community = review_round.material.community
    member = seat(community, CouncilRole.MEMBER)
    assert policies.may_be_expert(member, community)
    invitation = factories.assignment(review_round, member)
    assert policies.can_respond_assignment(member, invitation)


def test_authors_see_reviews_only_after_the_decision(reviewed):
    review_round, _done = reviewed
    material = review_round.material
    author = material.created_by
    assert policies.can_view_material_expertise(author, material)
    assert not policies.can_view_reviews(author, review_round)
    Decision.objects.create(
        round=review_round,
        outcome="revise",
        reasons="Доработать.",
        decided_as="coordinator",
        decided_at=timezone.now(),
    )
    review_round.refresh_from_db()
    assert policies.can_view_reviews(author, review_round)


def test_the_assigned_expert_sees_the_material_expertise(reviewed):
    review_round, done = reviewed
    assert policies.can_view_material_expertise(done.expert, review_round.material)
    assert policies.can_view_reviews(done.expert, review_round)
    stranger = factories.expert_in(review_round.material.community)
    assert not policies.can_view_material_expertise(stranger, review_round.material)


def test_nothing_is_assigned_or_reviewed_in_a_closed_community(reviewed):
    review_round, _done = reviewed
    community = review_round.material.community
    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    accepted = factories.assignment(review_round, status=AssignmentStatus.ACCEPTED)
    community.closed_at = timezone.now()
    community.save()
    assert not policies.can_assign_experts(coordinator, review_round)
    assert not policies.can_decide_round(coordinator, review_round)
    assert not policies.can_review(accepted.expert, accepted)
    assert not policies.can_manage_criteria(coordinator, community)
    assert policies.can_view_expertise_desk(coordinator, community)


def test_an_expert_who_left_cannot_review(reviewed):
    review_round, _done = reviewed
    accepted = factories.assignment(review_round, status=AssignmentStatus.ACCEPTED)
    accepted.expert.memberships.update(status="left")
    assert not policies.can_review(accepted.expert, accepted)


def test_a_withdrawn_material_ends_the_expertise(reviewed):
    review_round, _done = reviewed
    accepted = factories.assignment(review_round, status=AssignmentStatus.ACCEPTED)
    material = review_round.material
    material.status = "withdrawn"
    material.save()
    assert not policies.can_review(accepted.expert, accepted)


def test_a_coordinator_does_not_run_the_expertise_of_their_own_material(reviewed):
    review_round, _done = reviewed
    material = review_round.material
    material.created_by.memberships.update(role=Role.COORDINATOR)
    author = material.created_by
    assert policies.can_view_expertise_desk(author, material.community)
    assert not policies.can_assign_experts(author, review_round)
    assert not policies.can_decide_round(author, review_round)
    assert not policies.can_view_reviews(author, review_round)
