"""Who may publish, read, edit and delete announcements: each actor of the permission table."""

import datetime

import pytest
from django.utils import timezone

from pedset.announcements import policies
from pedset.announcements.tests.factories import AnnouncementFactory
from pedset.communities.models import Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.core.testing import ACTORS

pytestmark = pytest.mark.django_db

PUBLISHERS = {"coordinator", "community_admin", "platform_admin"}
READERS = {"member", "expert", "moderator", "coordinator", "community_admin", "platform_admin"}


@pytest.fixture
def community():
    return CommunityFactory()


@pytest.fixture
def announcement(community):
    """By another coordinator of the community (not the actor)."""
    author = MembershipFactory(community=community, role=Role.COORDINATOR).user
    return AnnouncementFactory(community=community, author=author)


@pytest.mark.parametrize("actor", ACTORS)
def test_publish(actor, make_person, community):
    user = make_person(actor, community)
    assert policies.can_publish_announcement(user, community) is (actor in PUBLISHERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_read(actor, make_person, community):
    user = make_person(actor, community)
    assert policies.can_read_announcements(user, community) is (actor in READERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_edit_and_delete_someone_elses(actor, make_person, community, announcement):
    user = make_person(actor, community)
    assert policies.can_edit_announcement(user, announcement) is (actor in PUBLISHERS)
    assert policies.can_delete_announcement(user, announcement) is (actor in PUBLISHERS)


def test_the_author_may_edit_while_a_member_even_after_losing_the_role(community):
    membership = MembershipFactory(community=community, role=Role.COORDINATOR)
    own = AnnouncementFactory(community=community, author=membership.user)
    membership.role = Role.MEMBER
    membership.save()
    author = type(membership.user).objects.get(pk=membership.user_id)
    assert policies.can_edit_announcement(author, own)
    assert not policies.can_publish_announcement(author, community)
    membership.status = "left"
    membership.save()
    author = type(membership.user).objects.get(pk=membership.user_id)
    assert not policies.can_edit_announcement(author, own)


@pytest.mark.parametrize("actor", ["coordinator", "community_admin", "platform_admin"])
def test_nobody_publishes_or_edits_in_a_closed_community_but_members_still_read(
    actor, make_person, community, announcement
):
    user = make_person(actor, community)
    community.closed_at = timezone.now()
    community.save()
    assert not policies.can_publish_announcement(user, community)
    assert not policies.can_edit_announcement(user, announcement)
    assert policies.can_read_announcements(user, community)


def test_a_deleted_announcement_cannot_be_edited(make_person, community, announcement):
    admin = make_person("platform_admin")
    announcement.deleted_at = timezone.now()
    assert not policies.can_edit_announcement(admin, announcement)


def suspend(user, community, *, days=7):
    from pedset.moderation.models import Suspension

    Suspension.objects.create(
        community=community,
        user=user,
        reason="Нарушение правил поведения",
        ends_at=timezone.now() + datetime.timedelta(days=days),
    )
    return type(user).objects.get(pk=user.pk)  # a fresh object: no cached answers


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMINISTRATOR])
def test_a_suspended_manager_may_not_publish_edit_or_delete(community, announcement, role):
    manager = MembershipFactory(community=community, role=role).user
    assert policies.can_publish_announcement(manager, community)
    assert policies.can_edit_announcement(manager, announcement)
    manager = suspend(manager, community)
    assert not policies.can_publish_announcement(manager, community)
    assert not policies.can_edit_announcement(manager, announcement)
    assert not policies.can_delete_announcement(manager, announcement)
    assert policies.can_read_announcements(manager, community)  # reading stays


def test_a_suspended_author_may_not_edit_or_delete_their_own(community):
    membership = MembershipFactory(community=community, role=Role.COORDINATOR)
    own = AnnouncementFactory(community=community, author=membership.user)
    membership.role = Role.MEMBER
    membership.save()
    author = suspend(membership.user, community)
    assert not policies.can_edit_announcement(author, own)
    assert not policies.can_delete_announcement(author, own)


def test_a_suspension_elsewhere_or_lifted_changes_nothing(community, announcement):
    from pedset.moderation.models import Suspension

    coordinator = MembershipFactory(community=community, role=Role.COORDINATOR).user
    coordinator = suspend(coordinator, CommunityFactory())
    assert policies.can_publish_announcement(coordinator, community)
    coordinator = suspend(coordinator, community)
    Suspension.objects.filter(user=coordinator, community=community).update(
        lifted_at=timezone.now()
    )
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    assert policies.can_publish_announcement(coordinator, community)
    assert policies.can_delete_announcement(coordinator, announcement)
