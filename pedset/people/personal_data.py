"""Personal-data hooks of the personal space: whom the person follows, how many follow them,
and the settings of their space.

Found by pedset.privacy.registry. On withdrawal every subscription goes both ways (who followed
whom says something about both), and so do the settings and the feed's mark.
"""

from django.utils.translation import pgettext_lazy

from pedset.people.models import FeedMark, Follow, SpaceSection, SpaceSettings

FOLLOWS = pgettext_lazy("personal data category", "subscriptions to other members and of them")
SPACE = pgettext_lazy("personal data category", "settings of the personal space")


def export(user) -> dict:
    space = SpaceSettings.objects.filter(user=user).first()
    return {
        "following": [
            {"user_id": row.followed_id, "since": row.created_at.isoformat()}
            for row in Follow.objects.filter(follower=user).order_by("created_at", "id")
        ],
        "followers_count": Follow.objects.filter(followed=user).count(),
        "space_settings": (
            {section: space.visibility(section) for section in SpaceSection.values}
            if space is not None
            else None
        ),
    }


def erase(user) -> list[str]:
    erased = []
    follows = Follow.objects.filter(follower=user) | Follow.objects.filter(followed=user)
    if follows.delete()[0]:
        erased.append(str(FOLLOWS))
    removed = SpaceSettings.objects.filter(user=user).delete()[0]
    FeedMark.objects.filter(user=user).delete()
    if removed:
        erased.append(str(SPACE))
    return erased
