"""Reads of the personal space and the feed.

Every part takes what the reader may see anyway — `materials.selectors.visible_materials`,
`events.selectors.visible_events`, the forum posts search may show (`readable_posts`) — and
narrows it to the person; the parts themselves are chosen by `policies.visible_sections`. The
feed does the same for many people at once with a constant number of queries
(`sections_for_many`).
"""

from __future__ import annotations

import datetime
import heapq
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
from django.urls import reverse

from pedset.accounts.models import Visibility
from pedset.core.policies import is_active_user, is_platform_admin
from pedset.people import policies
from pedset.people.models import DEFAULT_VISIBILITY, Follow, SpaceSection, SpaceSettings

# How many items each part of the space shows (the rest is a count and a link).
SECTION_ROWS = 10
FEED_PAGE = 20
FEED_MAX_PAGES = 25


# --- Parts of the space ------------------------------------------------------------------------


def _authored(person):
    """Material ids of which the person is a published author (policies.published_authors:
    the creator; a co-author once confirmed or once the material left the editable states)."""
    from pedset.materials.models import MaterialAuthor
    from pedset.materials.policies import EDITABLE

    return MaterialAuthor.objects.filter(user=person).filter(
        Q(position=0) | Q(confirmed_at__isnull=False) | ~Q(material__status__in=list(EDITABLE))
    )


def materials_of(viewer, person):
    """The person's materials the reader may see: those in the cabinet first, then the newest."""
    from pedset.materials.models import MaterialStatus
    from pedset.materials.selectors import visible_materials

    authored = _authored(person).filter(material=OuterRef("pk"))
    return (
        visible_materials(viewer)
        .filter(Exists(authored))
        .exclude(status=MaterialStatus.DRAFT)
        .select_related("community")
        .annotate(in_cabinet=Q(status=MaterialStatus.INCLUDED))
        .order_by("-in_cabinet", "-submitted_at", "-id")
    )


@dataclass(frozen=True)
class ExpertiseLine:
    community_name: str
    year: int
    reviews: int


def expertise_of(person) -> list[ExpertiseLine]:
    """Conclusions the person gave as an expert, counted per community and year. Only numbers:
    which material an expert reviewed is not told here (authors see reviews anonymised)."""
    from pedset.review.models import Review

    rows = (
        Review.objects.filter(assignment__expert=person)
        .annotate(year=ExtractYear("submitted_at"))
        .values("assignment__round__material__community__name", "year")
        .annotate(reviews=Count("id"))
        .order_by("-year", "assignment__round__material__community__name")
    )
    return [
        ExpertiseLine(
            community_name=row["assignment__round__material__community__name"],
            year=row["year"],
            reviews=row["reviews"],
        )
        for row in rows
    ]


def roles_of(viewer, person):
    """Events the person organises or speaks at, as the reader may see them, newest first."""
    from pedset.events.models import EventPerson
    from pedset.events.selectors import visible_events

    return (
        EventPerson.objects.filter(user=person, event__in=visible_events(viewer))
        .select_related("event__community")
        .order_by("-event__starts_at", "-id")
    )


def attended_by(viewer, person):
    """Events the person was present at (attendance marked), as the reader may see them."""
    from pedset.events.models import Registration
    from pedset.events.selectors import visible_events

    return (
        Registration.objects.filter(
            user=person, attended_at__isnull=False, event__in=visible_events(viewer)
        )
        .select_related("event__community")
        .order_by("-event__starts_at", "-id")
    )


def documents_of(person):
    """Documents issued to the person and not revoked, newest first (each checkable on
    /verify/<code>/ by anyone who has the code anyway: the space only lists them)."""
    from pedset.documents.models import Document

    return (
        Document.objects.filter(recipient=person, revoked_at__isnull=True)
        .select_related("community")
        .order_by("-issued_at", "-id")
    )


def groups_of(person):
    """The person's active groups (associations and creative groups) with their communities."""
    from pedset.groups.models import GroupMembership, GroupMembershipStatus

    return (
        GroupMembership.objects.filter(user=person, status=GroupMembershipStatus.ACTIVE)
        .select_related("group__community")
        .order_by("group__community__name", "group__name", "id")
    )


def topics_started(viewer, person):
    """Forum topics the person started in which the reader may read a post, newest first."""
    from pedset.forum.models import Topic
    from pedset.search.providers.forum import readable_posts

    readable = readable_posts(viewer).filter(topic=OuterRef("pk"))
    return (
        Topic.objects.filter(author=person)
        .filter(Exists(readable))
        .select_related("section__community")
        .order_by("-created_at", "-id")
    )


@dataclass
class Part:
    section: str
    rows: list
    has_more: bool
    level: str

    @property
    def label(self) -> str:
        return SpaceSection(self.section).label


def _part(section, queryset, level) -> Part:
    """The newest SECTION_ROWS items; one more is read only to know whether there are more."""
    rows = list(queryset[: SECTION_ROWS + 1])
    return Part(
        section=section, rows=rows[:SECTION_ROWS], has_more=len(rows) > SECTION_ROWS, level=level
    )


def space_of(viewer, person) -> list[Part]:
    """The parts of the person's space the reader may see, in the order of the page."""
    shown = policies.visible_sections(viewer, person)
    space = policies.settings_of(person)
    parts = []
    builders = {
        SpaceSection.MATERIALS: lambda: materials_of(viewer, person),
        SpaceSection.EVENTS: lambda: roles_of(viewer, person),
        SpaceSection.ATTENDED: lambda: attended_by(viewer, person),
        SpaceSection.DOCUMENTS: lambda: documents_of(person),
        SpaceSection.GROUPS: lambda: groups_of(person),
        SpaceSection.ACTIVITY: lambda: topics_started(viewer, person),
    }
    for section in SpaceSection.values:
        if section not in shown:
            continue
        level = space.visibility(section)
        if section == SpaceSection.EXPERTISE:
            lines = expertise_of(person)
            parts.append(Part(section=section, rows=lines, has_more=False, level=level))
        else:
            parts.append(_part(section, builders[section](), level))
    return parts


# --- Following ---------------------------------------------------------------------------------


def is_following(user, person) -> bool:
    if not is_active_user(user):
        return False
    return Follow.objects.filter(follower=user, followed=person).exists()


def follow_counts(person) -> tuple[int, int]:
    """(how many the person follows, how many follow them) — active accounts only; one query."""
    counts = Follow.objects.filter(
        Q(follower=person, followed__is_active=True, followed__anonymised_at__isnull=True)
        | Q(followed=person, follower__is_active=True, follower__anonymised_at__isnull=True)
    ).aggregate(
        following=Count("id", filter=Q(follower=person)),
        followers=Count("id", filter=Q(followed=person)),
    )
    return counts["following"], counts["followers"]


def followed_by(user):
    """The people the user follows (active accounts), by name."""
    return (
        Follow.objects.filter(
            follower=user, followed__is_active=True, followed__anonymised_at__isnull=True
        )
        .select_related("followed__organisation")
        .order_by("followed__last_name", "followed__first_name", "id")
    )


def followers_of(person):
    return (
        Follow.objects.filter(
            followed=person, follower__is_active=True, follower__anonymised_at__isnull=True
        )
        .select_related("follower__organisation")
        .order_by("follower__last_name", "follower__first_name", "id")
    )


def sections_for_many(viewer, people_ids) -> dict[int, frozenset[str]]:
    """policies.visible_sections for many people at once, in three queries."""
    from django.contrib.auth import get_user_model

    from pedset.communities.models import Membership, MembershipStatus
    from pedset.privacy.models import ConsentKind

    ids = list(people_ids)
    if not ids:
        return {}
    User = get_user_model()
    shown_people = set(
        User.objects.filter(pk__in=ids, is_active=True, anonymised_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if not shown_people:
        return {}
    settings_rows = {s.user_id: s for s in SpaceSettings.objects.filter(user_id__in=shown_people)}
    if is_active_user(viewer):
        mine = Membership.objects.filter(user=viewer, status=MembershipStatus.ACTIVE).values(
            "community_id"
        )
        colleagues = set(
            Membership.objects.filter(
                user_id__in=shown_people, status=MembershipStatus.ACTIVE, community_id__in=mine
            ).values_list("user_id", flat=True)
        )
    else:
        colleagues = set()
    from pedset.privacy.models import Consent

    named = set(
        Consent.objects.filter(
            user_id__in=shown_people,
            kind=ConsentKind.PUBLICATION,
            field="full_name",
            revoked_at__isnull=True,
        ).values_list("user_id", flat=True)
    )
    owner_sees_all = is_active_user(viewer) and is_platform_admin(viewer)
    result = {}
    for pk in shown_people:
        space = settings_rows.get(pk)
        is_owner = owner_sees_all or (is_active_user(viewer) and viewer.pk == pk)
        result[pk] = frozenset(
            section
            for section in SpaceSection.values
            if policies.admits(
                space.visibility(section) if space else DEFAULT_VISIBILITY[section],
                is_owner=is_owner,
                colleague=pk in colleagues,
                name_published=pk in named,
            )
        )
    return result


# --- The feed ----------------------------------------------------------------------------------


@dataclass(order=True)
class FeedItem:
    at: datetime.datetime
    kind: str = field(compare=False)
    title: str = field(compare=False)
    url: str = field(compare=False)
    # The followed person it is from (an id; feed() puts the user in its place).
    person: object = field(compare=False)
    place: str = field(compare=False, default="")


def _people_with(sections: dict[int, frozenset[str]], section: str) -> list[int]:
    return [pk for pk, shown in sections.items() if section in shown]


def _feed_materials(viewer, people, since, limit):
    from pedset.materials.models import MaterialAuthor, MaterialStatus
    from pedset.materials.selectors import visible_materials

    if not people:
        return []
    authors = (
        MaterialAuthor.objects.filter(material=OuterRef("pk"), user_id__in=people)
        .filter(Q(position=0) | Q(confirmed_at__isnull=False))
        .order_by("position")
    )
    rows = (
        visible_materials(viewer)
        .filter(Exists(authors), submitted_at__isnull=False)
        .exclude(status__in=[MaterialStatus.DRAFT, MaterialStatus.WITHDRAWN])
        .annotate(followed_author_id=Subquery(authors.values("user_id")[:1]))
        .select_related("community")
        .order_by("-submitted_at", "-id")
    )
    if since is not None:
        rows = rows.filter(submitted_at__gt=since)
    return [
        FeedItem(
            at=m.submitted_at,
            kind="material",
            title=m.title,
            url=reverse("materials:detail", args=[m.pk]),
            person=m.followed_author_id,
            place=m.community.name,
        )
        for m in rows[:limit]
    ]


def _feed_topics(viewer, people, since, limit):
    from pedset.forum.models import Topic
    from pedset.search.providers.forum import readable_posts

    if not people:
        return []
    readable = readable_posts(viewer).filter(topic=OuterRef("pk"))
    rows = (
        Topic.objects.filter(author_id__in=people)
        .filter(Exists(readable))
        .select_related("section__community")
        .order_by("-created_at", "-id")
    )
    if since is not None:
        rows = rows.filter(created_at__gt=since)
    return [
        FeedItem(
            at=t.created_at,
            kind="topic",
            title=t.title,
            url=reverse("forum:topic", args=[t.pk]),
            person=t.author_id,
            place=t.section.community.name,
        )
        for t in rows[:limit]
    ]


def _feed_events(viewer, people, since, limit):
    from pedset.events.models import ANNOUNCED, EventPerson, EventStatus
    from pedset.events.selectors import visible_events

    if not people:
        return []
    announced = visible_events(viewer).filter(ANNOUNCED).exclude(status=EventStatus.CANCELLED)
    rows = (
        EventPerson.objects.filter(user_id__in=people, event__in=announced)
        .select_related("event__community")
        .order_by("-event__published_at", "-id")
    )
    if since is not None:
        rows = rows.filter(event__published_at__gt=since)
    seen, items = set(), []
    for row in rows[: limit * 2]:
        if row.event_id in seen:
            continue
        seen.add(row.event_id)
        items.append(
            FeedItem(
                at=row.event.published_at,
                kind="event",
                title=row.event.title,
                url=reverse("events:detail", args=[row.event_id]),
                person=row.user_id,
                place=row.event.community.name,
            )
        )
    return items[:limit]


# Each kind of publication: the part of the space that must be open to the reader, and the
# function that reads it. The gallery adds its albums here when it comes.
FEED_KINDS = (
    (SpaceSection.MATERIALS, _feed_materials),
    (SpaceSection.ACTIVITY, _feed_topics),
    (SpaceSection.EVENTS, _feed_events),
)


def feed(viewer, *, page: int = 1, since=None, limit: int | None = None) -> list[FeedItem]:
    """What the people the viewer follows published and the viewer may see, newest first:
    page ``page`` of FEED_PAGE items (or, with ``since``, everything after it up to ``limit``).
    Each kind costs the same queries whatever the number of people and items."""
    if not is_active_user(viewer):
        return []
    followed = list(Follow.objects.filter(follower=viewer).values_list("followed_id", flat=True))
    sections = sections_for_many(viewer, followed)
    page = max(1, min(page, FEED_MAX_PAGES))
    wanted = limit if limit is not None else page * FEED_PAGE
    streams = [
        reader(viewer, _people_with(sections, section), since, wanted)
        for section, reader in FEED_KINDS
    ]
    merged = list(heapq.merge(*streams, reverse=True))[:wanted]
    if limit is None:
        merged = merged[(page - 1) * FEED_PAGE : page * FEED_PAGE]
    if merged:
        from django.contrib.auth import get_user_model

        people = get_user_model().objects.in_bulk({item.person for item in merged})
        for item in merged:
            item.person = people.get(item.person)
    return merged


def level_label(level: str) -> str:
    return str(Visibility(level).label)
