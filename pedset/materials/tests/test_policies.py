"""Who sees and changes a material, beyond the role × action table (core/permission_table.py):
co-authors, assigned experts, reviewers, the cabinet's council, people who left, suspensions,
closed communities — and visible_materials(user) answering exactly as can_view_material."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from pedset.accounts.models import PlatformRole
from pedset.accounts.tests.factories import UserFactory
from pedset.communities.models import MembershipStatus, Role
from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.materials import policies, selectors
from pedset.materials.models import MaterialStatus
from pedset.materials.tests.factories import (
    add_author,
    add_comment,
    add_file,
    material_with_author,
)

pytestmark = pytest.mark.django_db

ALL_STATUSES = list(MaterialStatus.values)


def assign(material, expert, status="accepted"):
    """An expertise assignment as pedset.review stores it."""
    from pedset.review.models import Assignment, ReviewRound

    review_round, _ = ReviewRound.objects.get_or_create(
        material=material,
        number=max(material.round_number, 1),
        defaults={"opened_at": timezone.now()},
    )
    now = timezone.now()
    return Assignment.objects.create(
        round=review_round,
        expert=expert,
        assigned_at=now,
        deadline=now + datetime.timedelta(days=10),
        status=status,
    )


def fresh(user):
    """The same person without the roles memoised during the test's set-up."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def people(community, author):
    from pedset.cabinet.models import CouncilMember

    council = MembershipFactory(community=community).user
    CouncilMember.objects.create(
        community=community,
        user=council,
        role="member",
        basis="elected",
        since=datetime.date(2026, 1, 1),
    )
    admin = UserFactory()
    PlatformRole.objects.create(user=admin, role=PlatformRole.Role.ADMINISTRATOR)
    return {
        "anonymous": AnonymousUser(),
        "author": author,
        "coauthor": MembershipFactory(community=community).user,
        "member": MembershipFactory(community=community).user,
        "coordinator": MembershipFactory(community=community, role=Role.COORDINATOR).user,
        "community_admin": MembershipFactory(community=community, role=Role.ADMINISTRATOR).user,
        "outsider": UserFactory(),
        "other_community_member": MembershipFactory(community=CommunityFactory()).user,
        "pending": MembershipFactory(community=community, status=MembershipStatus.PENDING).user,
        "council": council,
        "assigned_expert": UserFactory(),
        "reviewer": UserFactory(),
        "declined_expert": UserFactory(),
        "platform_admin": admin,
    }


@pytest.fixture
def materials(community, people):
    made = {}
    for status in ALL_STATUSES:
        material = material_with_author(community=community, author=people["author"], status=status)
        add_author(material, people["coauthor"])
        assign(material, people["assigned_expert"], "accepted")
        assign(material, people["reviewer"], "submitted")
        assign(material, people["declined_expert"], "declined")
        made[status] = material
    return made


# status → who sees it (beyond the authors, who see all their own)
EXPECTED = {
    "draft": set(),
    "submitted": {
        "member",
        "coordinator",
        "community_admin",
        "council",
        "assigned_expert",
        "reviewer",
        "platform_admin",
    },
    "under_review": {
        "member",
        "coordinator",
        "community_admin",
        "council",
        "assigned_expert",
        "reviewer",
        "platform_admin",
    },
    "revision": {
        "member",
        "coordinator",
        "community_admin",
        "council",
        "assigned_expert",
        "reviewer",
        "platform_admin",
    },
    "rejected": {"coordinator", "community_admin", "reviewer", "platform_admin"},
    "withdrawn": {"coordinator", "community_admin", "reviewer", "platform_admin"},
    "included": {
        "anonymous",
        "member",
        "coordinator",
        "community_admin",
        "council",
        "assigned_expert",
        "reviewer",
        "declined_expert",
        "outsider",
        "other_community_member",
        "pending",
        "platform_admin",
    },
}


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_visibility_follows_the_rules_and_the_queryset_agrees(materials, people, status):
    material = materials[status]
    for name, person in people.items():
        # given a person in that position, when asked about a material in that status
        expected = name in EXPECTED[status] or name in {"author", "coauthor"}
        # then the policy answers as the rules say
        reloaded = selectors.material_for_page(material.pk)
        assert (
            policies.can_view_material(fresh(person) if person.pk else person, reloaded) is expected
        ), (name, status)
        # and visible_materials(person) contains the material exactly then
        listed = selectors.visible_materials(person).filter(pk=material.pk).exists()
        assert listed is expected, (name, status, "queryset")


def test_visible_materials_has_no_duplicates(materials, people):
    for person in people.values():
        pks = list(selectors.visible_materials(person).values_list("pk", flat=True))
        assert len(pks) == len(set(pks))


def test_an_author_who_left_still_sees_and_withdraws_but_no_longer_edits(community, author):
    draft = material_with_author(community=community, author=author)
    bank = material_with_author(community=community, author=author, status=MaterialStatus.SUBMITTED)
    author.memberships.update(status=MembershipStatus.LEFT)
    author = fresh(author)
    assert policies.can_view_material(author, draft)
    assert not policies.can_edit_material(author, draft)
    assert policies.can_delete_material(author, draft)
    assert policies.can_withdraw_material(author, bank)
    assert not policies.can_comment_material(author, bank)


def test_a_suspended_member_reads_but_does_not_write(community, author, colleague):
    from pedset.moderation.models import Suspension

    draft = material_with_author(community=community, author=colleague)
    bank = material_with_author(community=community, author=author, status=MaterialStatus.SUBMITTED)
    Suspension.objects.create(
        community=community,
        user=colleague,
        reason="Нарушение",
        ends_at=timezone.now() + datetime.timedelta(days=2),
    )
    colleague = fresh(colleague)
    assert policies.can_view_material(colleague, bank)
    assert not policies.can_create_material(colleague, community)
    assert not policies.can_edit_material(colleague, draft)
    assert not policies.can_comment_material(colleague, bank)
    assert not policies.can_rate_material(colleague, bank)


def test_a_closed_community_keeps_its_bank_readable_and_frozen(community, author, colleague):
    bank = material_with_author(community=community, author=author, status=MaterialStatus.SUBMITTED)
    draft = material_with_author(community=community, author=author)
    community.closed_at = timezone.now()
    community.save()
    bank.community = draft.community = community
    assert policies.can_view_material(fresh(colleague), bank)
    assert not policies.can_create_material(fresh(author), community)
    assert not policies.can_edit_material(fresh(author), draft)
    assert not policies.can_comment_material(fresh(colleague), bank)


def test_co_authors_edit_and_submit_but_do_not_rate(community, author, colleague):
    draft = material_with_author(community=community, author=author)
    add_author(draft, colleague)
    assert policies.can_edit_material(colleague, draft)
    assert policies.can_submit_material(colleague, draft)
    bank = material_with_author(community=community, author=author, status=MaterialStatus.SUBMITTED)
    add_author(bank, colleague)
    assert not policies.can_rate_material(fresh(colleague), bank)
    assert policies.can_comment_material(fresh(colleague), bank)


def test_included_materials_are_discussed_but_rejected_ones_are_not(community, author, colleague):
    included = material_with_author(
        community=community, author=author, status=MaterialStatus.INCLUDED
    )
    rejected = material_with_author(
        community=community, author=author, status=MaterialStatus.REJECTED
    )
    assert policies.can_comment_material(colleague, included)
    assert policies.can_rate_material(colleague, included)
    assert not policies.can_comment_material(fresh(author), rejected)
    assert not policies.can_withdraw_material(author, included)
    assert not policies.can_remove_material(author, included)


def test_files_follow_their_material(community, author, colleague):
    draft_file = add_file(material_with_author(community=community, author=author))
    bank_file = add_file(
        material_with_author(community=community, author=author, status=MaterialStatus.SUBMITTED)
    )
    assert policies.can_download_material_file(author, draft_file)
    assert not policies.can_download_material_file(colleague, draft_file)
    assert policies.can_download_material_file(colleague, bank_file)
    assert not policies.can_download_material_file(AnonymousUser(), bank_file)


def test_moderators_hide_comments_only_in_their_community(community, author, moderator):
    bank = material_with_author(community=community, author=author, status=MaterialStatus.SUBMITTED)
    comment = add_comment(bank, author)
    other_moderator = MembershipFactory(community=CommunityFactory(), role=Role.MODERATOR).user
    assert policies.can_hide_material_comment(moderator, comment)
    assert not policies.can_hide_material_comment(other_moderator, comment)
