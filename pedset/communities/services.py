"""Every write of the communities app. Each runs in one transaction; e-mail goes after commit."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pedset.communities import policies
from pedset.communities.models import (
    Community,
    MemberKind,
    Membership,
    MembershipStatus,
    Role,
)
from pedset.core import ratelimit
from pedset.core.audit import audit_record
from pedset.core.models import AuditEvent
from pedset.core.notify import notify
from pedset.core.policies import forget_cached_roles, is_active_user

Action = AuditEvent.Action

JOIN_REQUEST_SCOPE = "join-request"


def join_request_limit() -> tuple[int, int]:
    """How many requests to join one person may send per window (seconds), all communities
    together: asking and withdrawing in a loop would otherwise flood the managers."""
    return (
        settings.JOIN_REQUEST_LIMIT,
        settings.JOIN_REQUEST_WINDOW,
    )


def join_request_quiet_period() -> datetime.timedelta:
    """After a withdrawn request, a new one from the same person is queued without telling the
    managers again for this long (seconds)."""
    return datetime.timedelta(seconds=settings.JOIN_REQUEST_QUIET_PERIOD)


class ActionRefused(Exception):
    """The action cannot be done; ``message`` says why, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cap_reached_message(community: Community) -> str:
    return _("The community has reached its member cap (%(cap)s).") % {"cap": community.member_cap}


def consent_unavailable_message() -> str:
    return _("The operator has not published a consent text yet; joining is not possible.")


def _lock_community(community: Community) -> Community:
    """Serialise every decision that counts members: PostgreSQL locks the row; SQLite runs
    IMMEDIATE transactions, which take the database write lock at BEGIN."""
    return Community.objects.select_for_update().get(pk=community.pk)


def _is_full(community: Community) -> bool:
    if community.member_cap is None:
        return False
    active = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
    return active.count() >= community.member_cap


def _community_url(community: Community) -> str:
    return reverse("communities:detail", args=[community.slug])


# --- Communities ---------------------------------------------------------------------------


def _audit_value(value):
    """A field value as the audit log keeps it (JSON)."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _regulation_file_name(community: Community, upload) -> str:
    extension = upload.name.rsplit(".", 1)[-1].lower()
    return f"{community.slug}-regulation.{extension}"


@transaction.atomic
def community_create(*, actor, data: dict, regulation_file=None, request=None) -> Community:
    """Create a community from a validated form's cleaned data (the authority's order)."""
    if not policies.can_create_community(actor):
        raise PermissionDenied
    community = Community(created_by=actor, **data)
    if regulation_file is not None:
        community.regulation_file.save(
            _regulation_file_name(community, regulation_file), regulation_file, save=False
        )
    try:
        with transaction.atomic():
            community.save()
    except IntegrityError:  # the same address taken a moment ago by another request
        raise ActionRefused(_("A community with this address already exists.")) from None
    from pedset.forum.services import section_create_defaults

    section_create_defaults(community=community)
    audit_record(
        Action.COMMUNITY_CREATED,
        actor=actor,
        community=community,
        target=community,
        data={
            "name": community.name,
            "order_number": community.creation_order_number,
            "order_date": community.creation_order_date.isoformat(),
            "operator": community.operator_id,
        },
        request=request,
    )
    return community


@transaction.atomic
def community_update(
    *, actor, community: Community, data: dict, regulation_file=None, request=None
) -> dict:
    """Change the settings; returns the changes {field: {"before", "after"}} (empty: none)."""
    community = _lock_community(community)
    if not policies.can_edit_community(actor, community):
        raise PermissionDenied
    founding = {"operator", "member_kind", "creation_order_number", "creation_order_date"}
    if founding & set(data) and not policies.can_edit_founding_details(actor, community):
        raise PermissionDenied

    active = Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
    if "member_cap" in data and data["member_cap"] is not None:
        members = active.count()
        if data["member_cap"] < members:
            raise ActionRefused(
                _("The cap cannot be lower than the current number of members (%(n)s).")
                % {"n": members}
            )
    if data.get("member_kind", community.member_kind) != community.member_kind and active.exists():
        raise ActionRefused(
            _("The kind of members cannot be changed while the community has members.")
        )

    changes = {}
    for field, value in data.items():
        before = getattr(community, field)
        if before != value:
            changes[field] = {"before": _audit_value(before), "after": _audit_value(value)}
            setattr(community, field, value)
    if regulation_file is not None:
        before = community.regulation_file.name or ""
        community.regulation_file.save(
            _regulation_file_name(community, regulation_file), regulation_file, save=False
        )
        changes["regulation_file"] = {"before": before, "after": community.regulation_file.name}
    if not changes:
        return changes
    community.save()
    audit_record(
        Action.COMMUNITY_SETTINGS_CHANGED,
        actor=actor,
        community=community,
        target=community,
        data={"changed": changes},
        request=request,
    )
    return changes


@transaction.atomic
def community_close(
    *,
    actor,
    community: Community,
    order_number: str,
    order_date: datetime.date,
    reason: str,
    request=None,
) -> Community:
    """Close by the authority's order. Pending requests are rejected with the order as reason."""
    community = _lock_community(community)
    if community.is_closed:
        raise ActionRefused(_("The community is already closed."))
    if not policies.can_close_community(actor, community):
        raise PermissionDenied
    reason = reason.strip()
    if not reason or not order_number.strip():
        raise ActionRefused(_("State the closure order and the reason."))
    if order_date < community.creation_order_date:
        raise ActionRefused(_("The closure order cannot be dated before the creation order."))
    community.closure_order_number = order_number.strip()
    community.closure_order_date = order_date
    community.closure_reason = reason
    community.closed_at = timezone.now()
    community.save(
        update_fields=["closure_order_number", "closure_order_date", "closure_reason", "closed_at"]
    )
    audit_record(
        Action.COMMUNITY_CLOSED,
        actor=actor,
        community=community,
        target=community,
        reason=reason,
        data={"order_number": community.closure_order_number, "order_date": order_date.isoformat()},
        request=request,
    )
    rejection = _("The community was closed by order No. %(number)s of %(date)s.") % {
        "number": community.closure_order_number,
        "date": order_date.strftime("%d.%m.%Y"),
    }
    pending = Membership.objects.select_for_update().filter(
        community=community, status=MembershipStatus.PENDING
    )
    for membership in pending.select_related("user"):
        _reject(
            actor=actor,
            membership=membership,
            community=community,
            reason=rejection,
            request=request,
        )
    return community


# --- Joining -------------------------------------------------------------------------------


def join_obstacle(user, community: Community) -> str | None:
    """Why the person cannot ask to join, in words, or None when they can."""
    if not is_active_user(user):
        return _("Log in to join the community.")
    if community.is_closed:
        return _("The community is closed; it does not accept new members.")
    if user.email_confirmed_at is None:
        return _("Confirm your e-mail address before joining a community.")
    if community.member_kind == MemberKind.ORGANISATIONS and user.organisation_id is None:
        return _(
            "Members of this community are organisations. Indicate your organisation in your "
            "profile to join as its representative."
        )
    if policies.is_member(user, community):
        return _("You are already a member of this community.")
    if policies.can_cancel_request(user, community):
        return _("Your request to join this community is already under consideration.")
    return None


@transaction.atomic
def membership_request(
    *,
    actor,
    community: Community,
    rules_accepted_at: datetime.datetime | None,
    consent_given: bool,
    motivation: str = "",
    request=None,
) -> Membership:
    """Ask to join: the rules accepted (step 1) and consent to the operator (step 2).

    Without approval the membership is active at once, the cap still holding."""
    from pedset.privacy.models import ConsentSource
    from pedset.privacy.services import (
        ConsentUnavailable,
        active_consent,
        consent_give,
        current_consent_text,
    )

    community = _lock_community(community)
    forget_cached_roles(actor)
    if (obstacle := join_obstacle(actor, community)) is not None:
        raise ActionRefused(obstacle)
    if rules_accepted_at is None:
        raise ActionRefused(_("Read and accept the rules of conduct first."))
    motivation = motivation.strip()
    if len(motivation) > Membership._meta.get_field("motivation").max_length:
        raise ActionRefused(_("The message with the request is too long."))

    text = current_consent_text(community.operator)
    if text is None:
        raise ActionRefused(consent_unavailable_message())
    existing = active_consent(actor, community.operator)
    already_agreed = existing is not None and existing.consent_text_id == text.pk
    if not consent_given and not already_agreed:
        raise ActionRefused(_("Joining requires consent to the processing of personal data."))
    joins_at_once = not community.join_requires_approval
    if joins_at_once and _is_full(community):
        raise ActionRefused(cap_reached_message(community))
    _count_join_request(actor)
    try:
        consent = consent_give(
            user=actor, operator=community.operator, source=ConsentSource.JOIN, request=request
        )
    except ConsentUnavailable:  # the text vanished in between; cannot happen in practice
        raise ActionRefused(consent_unavailable_message()) from None

    now = timezone.now()
    membership = Membership(
        community=community,
        user=actor,
        organisation=actor.organisation
        if community.member_kind == MemberKind.ORGANISATIONS
        else None,
        motivation=motivation,
        rules_accepted_at=rules_accepted_at,
        consent=consent,
        status=MembershipStatus.ACTIVE if joins_at_once else MembershipStatus.PENDING,
        decided_at=now if joins_at_once else None,
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # a second request raced this one (double click)
        raise ActionRefused(
            _("Your request to join this community is already under consideration.")
        ) from None
    forget_cached_roles(actor)
    audit_record(
        Action.MEMBERSHIP_REQUESTED,
        actor=actor,
        community=community,
        target=membership,
        subject_user=actor,
        data={
            "status": membership.status,
            "organisation": membership.organisation_id,
            "consent": consent.pk,
            "consent_version": consent.version,
        },
        request=request,
    )
    if not joins_at_once and not _withdrew_lately(actor, community, membership):
        _tell_managers_of_request(community, membership)
    return membership


def _count_join_request(actor) -> None:
    """Counts this request, or refuses it once the person's window is full. Counting first (an
    atomic increment) keeps parallel requests from slipping past the limit together."""
    limit, window = join_request_limit()
    minutes = ratelimit.take(JOIN_REQUEST_SCOPE, str(actor.pk), limit=limit, window=window)
    if not minutes:
        return
    raise ActionRefused(
        ngettext(
            "You have sent too many requests to join in a short time. Try again in "
            "%(minutes)s minute.",
            "You have sent too many requests to join in a short time. Try again in "
            "%(minutes)s minutes.",
            minutes,
        )
        % {"minutes": minutes}
    )


def _withdrew_lately(actor, community: Community, membership: Membership) -> bool:
    """The managers were already told of this person's earlier request, withdrawn lately: a
    withdrawn request is one that left while undecided (a member who leaves was decided)."""
    since = timezone.now() - join_request_quiet_period()
    return (
        Membership.objects.filter(
            community=community,
            user=actor,
            status=MembershipStatus.LEFT,
            decided_at__isnull=True,
            left_at__gte=since,
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def _tell_managers_of_request(community: Community, membership: Membership) -> None:
    # No applicant's name in the stored text: a notification outlives the person's consent,
    # while the queue it links to shows names live (and hides them once withdrawn).
    url = reverse("communities:requests", args=[community.slug])
    for manager in policies.membership_deciders(community).select_related("user"):
        with translation.override(manager.user.language or settings.LANGUAGE_CODE):
            notify(
                manager.user,
                kind="join_request",
                title=_("New request to join «%(community)s»") % {"community": community.name},
                body=_("A new request awaits your decision in the queue of join requests."),
                url=url,
            )


# --- Decisions -----------------------------------------------------------------------------


def _locked_pending(community: Community, membership: Membership) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .get(pk=membership.pk, community=community)
    )
    if membership.status != MembershipStatus.PENDING:
        raise ActionRefused(_("This request has already been decided."))
    return membership


@transaction.atomic
def membership_approve(*, actor, membership: Membership, request=None) -> Membership:
    """Approve a request. Locks the community row first, then counts: the cap holds even when
    several managers approve at the same moment."""
    community = _lock_community(membership.community)
    if not policies.can_decide_membership(actor, community):
        raise PermissionDenied
    membership = _locked_pending(community, membership)
    if not membership.user.is_active:
        raise ActionRefused(_("The applicant's account is no longer active."))
    if _is_full(community):
        raise ActionRefused(cap_reached_message(community))
    membership.status = MembershipStatus.ACTIVE
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    forget_cached_roles(membership.user)
    audit_record(
        Action.MEMBERSHIP_APPROVED,
        actor=actor,
        community=community,
        target=membership,
        subject_user=membership.user,
        request=request,
    )
    with translation.override(membership.user.language or settings.LANGUAGE_CODE):
        notify(
            membership.user,
            kind="membership",
            title=_("Your request to join «%(community)s» is approved")
            % {"community": community.name},
            body=_("Welcome! You are now a member of the community «%(community)s».")
            % {"community": community.name},
            url=_community_url(community),
        )
    return membership


def _reject(*, actor, membership: Membership, community: Community, reason: str, request):
    membership.status = MembershipStatus.REJECTED
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.rejection_reason = reason
    membership.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    forget_cached_roles(membership.user)
    audit_record(
        Action.MEMBERSHIP_REJECTED,
        actor=actor,
        community=community,
        target=membership,
        subject_user=membership.user,
        reason=reason,
        request=request,
    )
    with translation.override(membership.user.language or settings.LANGUAGE_CODE):
        notify(
            membership.user,
            kind="membership",
            title=_("Your request to join «%(community)s» is rejected")
            % {"community": community.name},
            body=_("Reason: %(reason)s") % {"reason": reason},
            url=reverse("communities:list"),
        )


REJECTION_REASON_MAX = 2000


@transaction.atomic
def membership_reject(*, actor, membership: Membership, reason: str, request=None) -> Membership:
    """Reject a request; the reason is required and goes to the applicant."""
    community = _lock_community(membership.community)
    if not policies.can_decide_membership(actor, community):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("State the reason for rejection."))
    if len(reason) > REJECTION_REASON_MAX:
        raise ActionRefused(
            _("The reason is too long (at most %(n)s characters).") % {"n": REJECTION_REASON_MAX}
        )
    membership = _locked_pending(community, membership)
    _reject(actor=actor, membership=membership, community=community, reason=reason, request=request)
    return membership


# --- Leaving -------------------------------------------------------------------------------


def _active_administrators(community: Community):
    return Membership.objects.filter(
        community=community, status=MembershipStatus.ACTIVE, role=Role.ADMINISTRATOR
    )


@transaction.atomic
def membership_leave(*, actor, community: Community, request=None) -> Membership:
    """Leave the community (or withdraw a pending request). History is kept."""
    community = _lock_community(community)
    membership = (
        Membership.objects.select_for_update()
        .filter(
            community=community,
            user=actor,
            status__in=[MembershipStatus.PENDING, MembershipStatus.ACTIVE],
        )
        .first()
    )
    if membership is None:
        raise ActionRefused(_("You are not a member of this community."))
    if (
        membership.is_active
        and membership.role == Role.ADMINISTRATOR
        and _active_administrators(community).count() == 1
    ):
        raise ActionRefused(
            _(
                "You are the only administrator of the community. Assign another administrator "
                "before leaving."
            )
        )
    withdrawn = membership.is_pending
    membership.status = MembershipStatus.LEFT
    membership.left_at = timezone.now()
    membership.save(update_fields=["status", "left_at"])
    forget_cached_roles(actor)
    audit_record(
        Action.MEMBERSHIP_LEFT,
        actor=actor,
        community=community,
        target=membership,
        subject_user=actor,
        data={"withdrawn_request": withdrawn, "role": membership.role},
        request=request,
    )
    return membership


# --- Roles ---------------------------------------------------------------------------------


@transaction.atomic
def membership_set_role(*, actor, membership: Membership, role: str, request=None) -> Membership:
    """Assign a role to an active member; the community always keeps an administrator."""
    community = _lock_community(membership.community)
    if not policies.can_assign_roles(actor, community):
        raise PermissionDenied
    if role not in Role.values:
        raise ActionRefused(_("Choose one of the roles of the community."))
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .get(pk=membership.pk, community=community)
    )
    if not membership.is_active:
        raise ActionRefused(_("Roles are assigned to members of the community only."))
    old = membership.role
    if old == role:
        return membership
    if old == Role.ADMINISTRATOR and _active_administrators(community).count() == 1:
        raise ActionRefused(
            _("The community must keep at least one administrator. Assign another one first.")
        )
    membership.role = role
    membership.save(update_fields=["role"])
    forget_cached_roles(membership.user)
    forget_cached_roles(actor)
    audit_record(
        Action.ROLE_CHANGED,
        actor=actor,
        community=community,
        target=membership,
        subject_user=membership.user,
        data={"old": old, "new": role},
        request=request,
    )
    with translation.override(membership.user.language or settings.LANGUAGE_CODE):
        notify(
            membership.user,
            kind="membership",
            title=_("Your role in «%(community)s» has changed") % {"community": community.name},
            body=_("New role: %(role)s.") % {"role": Role(role).label},
            url=_community_url(community),
            email=False,
        )
    return membership
