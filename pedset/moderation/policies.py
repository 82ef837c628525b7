"""Who moderates, and who is suspended. Forum and messaging policies ask these."""

from django.utils import timezone

from pedset.communities.models import Role
from pedset.core.policies import community_role, is_active_user, is_platform_admin

MODERATORS = {Role.MODERATOR, Role.COORDINATOR, Role.ADMINISTRATOR}


def is_suspended(user, community) -> bool:
    """A current suspension in this community: the person may read but not post or message."""
    from pedset.moderation.models import Suspension

    if not is_active_user(user):
        return False
    cache = user.__dict__.setdefault("_pedset_suspended", {})
    if community.pk not in cache:
        cache[community.pk] = Suspension.objects.filter(
            community_id=community.pk,
            user=user,
            lifted_at__isnull=True,
            ends_at__gt=timezone.now(),
        ).exists()
    return cache[community.pk]


def can_moderate(user, community) -> bool:
    """Moderators, the coordinator and the community administrator moderate; so does the
    platform administrator."""
    if community.is_closed:
        return False
    return is_platform_admin(user) or community_role(user, community) in MODERATORS
