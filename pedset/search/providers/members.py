"""People, found as the members directory and the profile page show them.

Indexed: the name, position, organisation, qualification category, subjects and «about me» —
never contact fields (phone, e-mail, messenger). A person is found only when they are an active
member of a community and the reader may see their name (pedset.accounts.policies
.visible_profile_fields: colleagues in a community, or everybody once the person consented to
publishing the name); a word counts only in the fields that reader may see, so a search cannot
reveal what a hidden field says.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from pedset.accounts.models import User
from pedset.accounts.policies import note_shared_community, visible_profile_fields
from pedset.communities.models import Membership, MembershipStatus
from pedset.core.policies import is_active_user, is_platform_admin
from pedset.search.registry import Entry, Provider, Shown, register

INDEXED_FIELDS = (
    "full_name",
    "position",
    "organisation",
    "qualification_category",
    "subjects",
    "about",
)

SNIPPET_FIELDS = frozenset({"qualification_category", "subjects", "about"})


def _public_consents():
    from pedset.privacy.models import Consent, ConsentKind

    return Prefetch(
        "consents",
        queryset=Consent.objects.filter(kind=ConsentKind.PUBLICATION, revoked_at__isnull=True),
        to_attr="public_consents",  # read by accounts.policies.published_fields
    )


def _viewer_communities(viewer):
    return Membership.objects.filter(user=viewer, status=MembershipStatus.ACTIVE).values(
        "community_id"
    )


def findable_people(viewer):
    """Active, not anonymised members of some community whose name the viewer may see."""
    from pedset.privacy.models import Consent, ConsentKind

    memberships = Membership.objects.filter(user=OuterRef("pk"), status=MembershipStatus.ACTIVE)
    people = User.objects.filter(is_active=True, anonymised_at__isnull=True).filter(
        Exists(memberships)
    )
    if is_platform_admin(viewer):
        return people
    name_published = Exists(
        Consent.objects.filter(
            user=OuterRef("pk"),
            kind=ConsentKind.PUBLICATION,
            field="full_name",
            revoked_at__isnull=True,
        )
    )
    if not is_active_user(viewer):
        return people.filter(name_published)
    colleague = Exists(memberships.filter(community_id__in=_viewer_communities(viewer)))
    return people.filter(name_published | colleague | Q(pk=viewer.pk))


class MemberProvider(Provider):
    kind = "member"
    label = pgettext_lazy("search kinds", "Members")
    item_label = pgettext_lazy("search result", "member")
    order = 30
    recency = False
    field_level = True

    def searchable_ids(self):
        return (
            User.objects.filter(is_active=True, anonymised_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def load(self, ids):
        people = (
            User.objects.filter(pk__in=list(ids))
            .select_related("organisation")
            .prefetch_related("subjects")
        )
        return {p.pk: p for p in people}

    def entry(self, person):
        if not person.is_active or person.is_former:
            return None
        return Entry(
            title=person.get_full_name(),
            sections=[
                ("position", person.position),
                ("organisation", person.organisation.short_name if person.organisation else ""),
                (
                    "qualification_category",
                    str(person.get_qualification_category_display())
                    if person.qualification_category
                    else "",
                ),
                ("subjects", ", ".join(s.name for s in person.subjects.all())),
                ("about", person.about),
            ],
            date=person.date_joined,
        )

    def visible(self, viewer):
        return Q(object_id__in=findable_people(viewer).values("pk"))

    def in_community(self, community):
        members = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
        return Q(object_id__in=members.values("user_id"))

    def _people(self, viewer, ids) -> dict[int, User]:
        """The people with what visible_profile_fields reads, and the viewer's colleagues among
        them noted, so that asking about each costs no query. Kept on the viewer for the
        request: ranking and showing the page ask about the same people."""
        loaded = viewer.__dict__.setdefault("_pedset_search_people", {})
        ids = set(ids)
        if ids <= loaded.keys():
            return {pk: loaded[pk] for pk in ids if loaded[pk] is not None}
        people = {
            p.pk: p
            for p in findable_people(viewer)
            .filter(pk__in=ids)
            .select_related("organisation")
            .prefetch_related("subjects", _public_consents())
        }
        if is_active_user(viewer) and people:
            colleagues = set(
                Membership.objects.filter(
                    user_id__in=list(people),
                    status=MembershipStatus.ACTIVE,
                    community_id__in=_viewer_communities(viewer),
                ).values_list("user_id", flat=True)
            )
            note_shared_community(viewer, colleagues)
            # accounts.policies.shares_community memoises its answers in this dict; the
            # query above answered "no" for the others as well.
            shared = viewer.__dict__.setdefault("_pedset_shared", {})
            for pk in people.keys() - colleagues:
                shared.setdefault(pk, False)
        loaded.update({pk: people.get(pk) for pk in ids})  # None: not findable by this viewer
        return people

    def visible_fields(self, viewer, ids):
        return {
            pk: visible_profile_fields(viewer, person) & frozenset(INDEXED_FIELDS)
            for pk, person in self._people(viewer, ids).items()
        }

    def show(self, viewer, ids):
        shown = {}
        for pk, person in self._people(viewer, ids).items():
            fields = visible_profile_fields(viewer, person)
            if "full_name" not in fields:
                continue
            meta = []
            if "position" in fields and person.position:
                meta.append(person.position)
            if "organisation" in fields and person.organisation:
                meta.append(person.organisation.short_name)
            shown[pk] = Shown(
                url=reverse("accounts:profile", args=[pk]),
                title=person.get_full_name(),
                entry=self.entry(person),
                meta=meta,
                # position and organisation are in the meta line already
                fields=fields & SNIPPET_FIELDS,
            )
        return shown


register(MemberProvider())
