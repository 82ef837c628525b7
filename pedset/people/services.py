"""Writes of the personal space: its settings, following, and the feed's digest."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pedset.communities.services import ActionRefused
from pedset.core.notify import notify
from pedset.people import policies
from pedset.people.models import FeedMark, Follow, SpaceSection, SpaceSettings


@transaction.atomic
def space_settings_update(*, actor, person, levels: dict) -> SpaceSettings:
    """Who sees each part of the person's space; ``levels`` maps a section to a Visibility."""
    from pedset.accounts.models import Visibility

    if not policies.can_edit_space_settings(actor, person):
        raise PermissionDenied
    unknown = set(levels) - set(SpaceSection.values)
    bad = {level for level in levels.values() if level not in Visibility.values}
    if unknown or bad:
        raise ActionRefused(_("Choose who sees each part of your space from the list."))
    space, _created = SpaceSettings.objects.select_for_update().get_or_create(user=person)
    for section, level in levels.items():
        setattr(space, section, level)
    space.save()
    person.__dict__.pop("_pedset_space_settings", None)
    return space


def follow(*, actor, person) -> Follow:
    """Follow a person (idempotent: following again keeps the first moment)."""
    if not policies.can_follow(actor, person):
        if actor is not None and getattr(actor, "pk", None) == getattr(person, "pk", None):
            raise ActionRefused(_("You cannot follow yourself."))
        raise ActionRefused(_("You cannot follow this person."))
    existing = Follow.objects.filter(follower=actor, followed=person).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            made = Follow.objects.create(follower=actor, followed=person)
            # The feed's digest starts now: what was published before is in the feed, not news.
            FeedMark.objects.get_or_create(user=actor, defaults={"told_until": timezone.now()})
    except IntegrityError:  # two clicks at once: the other one made it
        return Follow.objects.get(follower=actor, followed=person)
    return made


def unfollow(*, actor, person) -> bool:
    """Stop following; True when there was something to stop."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    deleted, _rows = Follow.objects.filter(follower=actor, followed=person).delete()
    return bool(deleted)


def feed_digest_send(*, user, now=None) -> int:
    """Tell the person how many new publications their feed has since they were last told
    (one notice, kind "following", no names); returns that number. The moment is claimed with
    a conditional UPDATE, so two runs at once tell once."""
    now = now or timezone.now()
    mark = FeedMark.objects.filter(user=user).first()
    if mark is None:
        FeedMark.objects.get_or_create(user=user, defaults={"told_until": now})
        return 0
    since = mark.told_until
    if since >= now:
        return 0
    from pedset.people.selectors import feed

    items = [item for item in feed(user, since=since, limit=100) if item.at <= now]
    claimed = FeedMark.objects.filter(pk=mark.pk, told_until=since).update(told_until=now)
    if not claimed or not items:
        return 0
    count = len(items)
    with translation.override(user.language or None):
        title = ngettext(
            "Your feed has %(n)s new publication of the people you follow",
            "Your feed has %(n)s new publications of the people you follow",
            count,
        ) % {"n": count if count < 100 else "100+"}
        notify(user, kind="following", title=title, url=reverse("people:feed"))
    return count
