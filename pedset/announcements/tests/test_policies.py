"""Who may publish, read, edit and delete announcements: each actor of the permission table."""

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
