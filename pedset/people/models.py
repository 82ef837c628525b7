"""The personal space of a member (requirement A5, regulation `003` 3.2: «личное и коллективное
пространство») and voluntary links between members (A6, `001` 3.5, `002` 6: following).

`SpaceSettings` says, per part of the space, who sees it (the same three levels as the contact
fields of the profile); `Follow` is one person following another; `FeedMark` remembers up to
when a follower was told of what the people they follow published (the digest command)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.accounts.models import Visibility


class SpaceSection(models.TextChoices):
    MATERIALS = "materials", pgettext_lazy("space section", "Materials")
    EXPERTISE = "expertise", pgettext_lazy("space section", "Expertise")
    EVENTS = "events", pgettext_lazy("space section", "Events I organise or speak at")
    ATTENDED = "attended", pgettext_lazy("space section", "Events I attended")
    DOCUMENTS = "documents", pgettext_lazy("space section", "Certificates and diplomas")
    GROUPS = "groups", pgettext_lazy("space section", "Groups")
    ACTIVITY = "activity", pgettext_lazy("space section", "Activity in the forum")


# Privacy first: what a person did in public roles is shown to colleagues; what says where they
# were (attendance) and what they hold (documents) only to themselves until they choose.
DEFAULT_VISIBILITY = {
    SpaceSection.MATERIALS: Visibility.MEMBERS,
    SpaceSection.EXPERTISE: Visibility.MEMBERS,
    SpaceSection.EVENTS: Visibility.MEMBERS,
    SpaceSection.ATTENDED: Visibility.ONLY_ME,
    SpaceSection.DOCUMENTS: Visibility.ONLY_ME,
    SpaceSection.GROUPS: Visibility.MEMBERS,
    SpaceSection.ACTIVITY: Visibility.MEMBERS,
}


def _visibility_field(section):
    return models.CharField(
        SpaceSection(section).label,
        max_length=10,
        choices=Visibility.choices,
        default=DEFAULT_VISIBILITY[section],
    )


class SpaceSettings(models.Model):
    """Who sees each part of the person's space. No row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_settings"
    )
    materials = _visibility_field(SpaceSection.MATERIALS)
    expertise = _visibility_field(SpaceSection.EXPERTISE)
    events = _visibility_field(SpaceSection.EVENTS)
    attended = _visibility_field(SpaceSection.ATTENDED)
    documents = _visibility_field(SpaceSection.DOCUMENTS)
    groups = _visibility_field(SpaceSection.GROUPS)
    activity = _visibility_field(SpaceSection.ACTIVITY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("settings of the personal space")
        verbose_name_plural = _("settings of the personal space")

    def visibility(self, section: str) -> str:
        return getattr(self, str(section))


class Follow(models.Model):
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following_links"
    )
    followed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follower_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="people_follow_once"),
            models.CheckConstraint(
                condition=~Q(follower=F("followed")), name="people_follow_not_oneself"
            ),
        ]


class FeedMark(models.Model):
    """Up to when the follower was told of new publications in their feed (following_digest)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_mark"
    )
    told_until = models.DateTimeField()
