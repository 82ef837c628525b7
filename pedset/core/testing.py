"""Test helpers shared by the apps: people in each position the permission table knows."""

from django.utils import timezone

ACTORS = (
    "anonymous",
    "registered",  # confirmed account, not in the community
    "pending",
    "member",
    "expert",
    "moderator",
    "coordinator",
    "community_admin",
    "education_authority",
    "platform_admin",
    "revoked",
)


def make_person(actor: str, community=None):
    from django.contrib.auth.models import AnonymousUser

    from pedset.accounts.models import PlatformRole
    from pedset.accounts.tests.factories import UserFactory
    from pedset.communities.models import MembershipStatus, Role
    from pedset.communities.tests.factories import MembershipFactory

    if actor == "anonymous":
        return AnonymousUser()
    user = UserFactory()
    roles = {
        "member": Role.MEMBER,
        "expert": Role.EXPERT,
        "moderator": Role.MODERATOR,
        "coordinator": Role.COORDINATOR,
        "community_admin": Role.ADMINISTRATOR,
    }
    if actor in roles and community is not None:
        MembershipFactory(user=user, community=community, role=roles[actor])
    elif actor == "pending" and community is not None:
        MembershipFactory(user=user, community=community, status=MembershipStatus.PENDING)
    elif actor == "platform_admin":
        PlatformRole.objects.create(user=user, role=PlatformRole.Role.ADMINISTRATOR)
    elif actor == "education_authority":
        PlatformRole.objects.create(user=user, role=PlatformRole.Role.EDUCATION_AUTHORITY)
    elif actor == "revoked":
        if community is not None:
            MembershipFactory(user=user, community=community)
        user.is_active = False
        user.anonymised_at = timezone.now()
        user.save()
    return user
