"""Who may see and change methodical materials. The permission table in
pedset/core/permission_table.py declares the expected answer of every can_* function here.

Visibility (the contract every app follows; selectors.visible_materials is the same rule as a
queryset):
- DRAFT — its authors only;
- SUBMITTED, UNDER_REVIEW, REVISION (the bank: public expertise) — the community's active
  members, the experts assigned to it, the cabinet's council;
- REJECTED, WITHDRAWN — its authors, the community's coordinators and administrators, the
  experts who reviewed it;
- INCLUDED — everyone, anonymous visitors too (the cabinet is open to every teacher).
Files follow their material. Platform administrators see everything but drafts; authors always
see their own materials. Writing needs an active membership, no suspension and an open
community; authorship questions are answered from the prefetched authors when a list has them.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from pedset.communities.models import Role
from pedset.core.policies import community_role, is_active_user, is_platform_admin
from pedset.materials.models import BANK_STATUSES, MaterialStatus
from pedset.moderation.policies import can_moderate, is_suspended

MANAGERS = {Role.ADMINISTRATOR, Role.COORDINATOR}
# Statuses in which members discuss and rate a material (public expertise, the cabinet).
DISCUSSED = BANK_STATUSES | {MaterialStatus.INCLUDED}
EDITABLE = frozenset({MaterialStatus.DRAFT, MaterialStatus.REVISION})
# Assignment statuses (pedset.review) of an expert who is working or has worked on it.
ASSIGNED = frozenset({"invited", "accepted", "submitted"})
REVIEWED = frozenset({"submitted"})
# How long the author of a comment may correct it.
COMMENT_EDIT_WINDOW = datetime.timedelta(hours=1)


def author_ids(material) -> frozenset[int]:
    """Ids of the material's authors, from the prefetched authors when there are any; memoised
    on the material (services call forget_authors after changing them)."""
    cached = material.__dict__.get("_pedset_author_ids")
    if cached is None:
        cached = frozenset(author.user_id for author in _author_rows(material))
        material.__dict__["_pedset_author_ids"] = cached
    return cached


def _author_rows(material) -> list:
    cached = material.__dict__.get("_pedset_author_rows")
    if cached is None:
        cached = list(material.authors.all())
        material.__dict__["_pedset_author_rows"] = cached
    return cached


def author_row(user, material):
    """The person's MaterialAuthor row of the material (from the prefetched authors), or None."""
    if not is_active_user(user):
        return None
    return next((row for row in _author_rows(material) if row.user_id == user.pk), None)


def published_authors(material) -> list:
    """The authors shown to everyone who may see the material. While the authors may change
    (a draft, a material in revision) a co-author named but not yet confirmed is left out: their
    name is published only with their own consent (152-FZ); the authors themselves see every
    row with its state."""
    rows = _author_rows(material)
    if material.status not in EDITABLE:
        return rows
    return [row for row in rows if row.confirmed_at is not None]


def commenter_name_visible(user, comment) -> bool:
    """Comments on a cabinet material are read by anyone. The commenter's name is shown to the
    members of the material's community (colleagues, as in the members directory), to the
    commenter and platform administrators, and to everyone else only when the commenter is one
    of its published authors or consented to publishing their name (152-FZ). Prefetch
    ``public_consents`` on the authors of the comments (selectors.with_public_consents)."""
    from pedset.accounts.policies import published_fields

    author = comment.author
    if author.is_former:
        return True  # shown as «Бывший участник»
    if is_active_user(user) and (user.pk == author.pk or is_platform_admin(user)):
        return True
    if community_role(user, comment.material.community) is not None:
        return True
    if any(row.user_id == author.pk for row in published_authors(comment.material)):
        return True
    return "full_name" in published_fields(author)


def forget_authors(material) -> None:
    material.__dict__.pop("_pedset_author_ids", None)
    material.__dict__.pop("_pedset_author_rows", None)
    prefetched = getattr(material, "_prefetched_objects_cache", None)
    if prefetched:
        prefetched.pop("authors", None)


def is_author(user, material) -> bool:
    return is_active_user(user) and user.pk in author_ids(material)


def _assignment_statuses(user, material) -> frozenset[str]:
    """The statuses of the person's expertise assignments on the material (memoised)."""
    from pedset.review.models import Assignment

    cache = user.__dict__.setdefault("_pedset_material_assignments", {})
    if material.pk not in cache:
        cache[material.pk] = frozenset(
            Assignment.objects.filter(round__material_id=material.pk, expert=user).values_list(
                "status", flat=True
            )
        )
    return cache[material.pk]


def is_assigned_expert(user, material) -> bool:
    return is_active_user(user) and bool(_assignment_statuses(user, material) & ASSIGNED)


def has_reviewed(user, material) -> bool:
    return is_active_user(user) and bool(_assignment_statuses(user, material) & REVIEWED)


def _is_council_member(user, community) -> bool:
    from pedset.cabinet.policies import is_council_member

    return is_council_member(user, community)


def _may_write_in(user, community) -> bool:
    """An active member of the open community, not suspended there."""
    if community.is_closed or not is_active_user(user):
        return False
    return community_role(user, community) is not None and not is_suspended(user, community)


def can_view_material(user, material) -> bool:
    status = material.status
    if status == MaterialStatus.INCLUDED:
        return True
    if not is_active_user(user):
        return False
    if is_author(user, material):
        return True
    if status == MaterialStatus.DRAFT:
        return False
    if is_platform_admin(user):
        return True
    community = material.community
    role = community_role(user, community)
    if status in BANK_STATUSES:
        return (
            role is not None
            or _is_council_member(user, community)
            or is_assigned_expert(user, material)
        )
    return role in MANAGERS or has_reviewed(user, material)


def can_create_material(user, community) -> bool:
    return _may_write_in(user, community)


def can_edit_material(user, material) -> bool:
    """Its authors, while it is a draft or returned for revision, as active members."""
    return (
        material.status in EDITABLE
        and is_author(user, material)
        and _may_write_in(user, material.community)
    )


def can_submit_material(user, material) -> bool:
    """The same people and statuses as editing; completeness is checked by the service."""
    return can_edit_material(user, material)


def can_confirm_coauthorship(user, material) -> bool:
    """An author who has not yet confirmed their participation (and the consent to their name
    being published), while the authors may still change: a draft or a material in revision."""
    row = author_row(user, material)
    return row is not None and row.confirmed_at is None and material.status in EDITABLE


def can_decline_coauthorship(user, material) -> bool:
    """The same, for a co-author: they take themselves off the authors. The first author does
    not decline: they delete or withdraw the material instead."""
    row = author_row(user, material)
    return can_confirm_coauthorship(user, material) and row.position > 0


def awaits_my_confirmation(user, material) -> bool:
    """A co-author (not the first author, whose consent comes with the submission) has yet to
    confirm: the material's page shows them the block «Вас указали соавтором»."""
    return can_decline_coauthorship(user, material)


def can_delete_material(user, material) -> bool:
    """A draft that was never submitted: its authors may throw it away."""
    return (
        material.status == MaterialStatus.DRAFT
        and material.round_number == 0
        and is_author(user, material)
    )


def can_withdraw_material(user, material) -> bool:
    """Its authors, while it is in the bank (before the decision on inclusion)."""
    return material.status in BANK_STATUSES and is_author(user, material)


def can_remove_material(user, material) -> bool:
    """A moderator takes a material out of the bank (rules of conduct, copyright); the
    cabinet's materials are withdrawn by the cabinet's own procedure."""
    return material.status in BANK_STATUSES and can_moderate(user, material.community)


def can_comment_material(user, material) -> bool:
    """Public expertise: active members of its community, in the bank and in the cabinet."""
    return material.status in DISCUSSED and _may_write_in(user, material.community)


def can_rate_material(user, material) -> bool:
    """As commenting, but never its own authors."""
    return can_comment_material(user, material) and not is_author(user, material)


def can_edit_material_comment(user, comment) -> bool:
    """The author corrects a comment within COMMENT_EDIT_WINDOW while it is shown."""
    if comment.is_hidden or not is_active_user(user) or comment.author_id != user.pk:
        return False
    if timezone.now() - comment.created_at > COMMENT_EDIT_WINDOW:
        return False
    return can_comment_material(user, comment.material)


def can_hide_material_comment(user, comment) -> bool:
    """The community's moderators (and the platform administrator), with a reason."""
    material = comment.material
    return material.status != MaterialStatus.DRAFT and can_moderate(user, material.community)


def can_download_material_file(user, material_file) -> bool:
    return can_view_material(user, material_file.material)
