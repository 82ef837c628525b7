"""Who sees which part of a person's profile (152-FZ: only as the person allowed)."""

from pedset.accounts.models import Visibility
from pedset.core.policies import is_active_user, is_platform_admin

# Fields of the profile card. Name, organisation and the rest are seen by the members of the
# communities the person belongs to; anybody else sees a field only with the person's separate
# consent to distribution (публикация) for that field.
CARD_FIELDS = (
    "full_name",
    "avatar",
    "organisation",
    "position",
    "qualification_category",
    "subjects",
    "about",
)
CONTACT_FIELDS = ("phone", "contact_email", "messenger")
PUBLISHABLE_FIELDS = CARD_FIELDS + CONTACT_FIELDS


def shares_community(viewer, person) -> bool:
    from pedset.communities.models import Membership, MembershipStatus

    if not is_active_user(viewer):
        return False
    cache = viewer.__dict__.setdefault("_pedset_shared", {})
    if person.pk not in cache:
        cache[person.pk] = (
            Membership.objects.filter(user=person, status=MembershipStatus.ACTIVE)
            .filter(
                community__memberships__user=viewer,
                community__memberships__status=MembershipStatus.ACTIVE,
            )
            .exists()
        )
    return cache[person.pk]


def note_shared_community(viewer, person_ids) -> None:
    """Record that the viewer shares an active community with these people, as a list page
    already knows it (the members directory of a community the viewer belongs to), so that
    shares_community need not ask once per row."""
    shared = viewer.__dict__.setdefault("_pedset_shared", {})
    for person_id in person_ids:
        shared[person_id] = True


def published_fields(person) -> frozenset[str]:
    """Fields with an active consent to distribution. Prefetch ``public_consents`` to save a query."""
    from pedset.privacy.models import ConsentKind

    cached = getattr(person, "public_consents", None)
    if cached is not None:
        return frozenset(c.field for c in cached)
    return frozenset(
        person.consents.filter(kind=ConsentKind.PUBLICATION, revoked_at__isnull=True).values_list(
            "field", flat=True
        )
    )


def visible_profile_fields(viewer, person) -> frozenset[str]:
    if not person.is_active or person.is_former:
        return frozenset()
    if is_active_user(viewer) and (viewer.pk == person.pk or is_platform_admin(viewer)):
        return frozenset(PUBLISHABLE_FIELDS)
    public = published_fields(person)
    colleague = shares_community(viewer, person)
    fields = set(CARD_FIELDS) if colleague else set(public) & set(CARD_FIELDS)
    for field in CONTACT_FIELDS:
        visibility = getattr(person, f"{field}_visibility")
        public_to_all = visibility == Visibility.EVERYONE and field in public
        shown_to_colleagues = visibility != Visibility.ONLY_ME and colleague
        if public_to_all or shown_to_colleagues:
            fields.add(field)
    return frozenset(fields)


def can_view_profile(viewer, person) -> bool:
    """A profile page exists for a viewer who may see at least the person's name."""
    return "full_name" in visible_profile_fields(viewer, person)


def can_edit_profile(viewer, person) -> bool:
    return is_active_user(viewer) and viewer.pk == person.pk


def can_view_avatar(viewer, person) -> bool:
    """The photo is served through a checking view, never from a public media address."""
    return "avatar" in visible_profile_fields(viewer, person)


def can_manage_platform_roles(user) -> bool:
    return is_platform_admin(user)
