"""Every write of the moderation app: reports (жалобы), their resolution from the queue,
warnings, suspensions. Each runs in one transaction and logs through ``moderation_record``;
e-mail leaves after commit (pedset.core.notify).

Who is named to whom (decided for issue 3):
- a reporter never learns who else reported the item, and the author never learns who reported
  them: notifications about reports name nobody;
- the moderator's identity is in the moderation log (read by the moderators, the coordinator and
  the administrators) but not in what members receive: «модераторы сообщества» act for the
  community, and the author discusses the action in the community's dedicated section.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pedset.communities.models import Membership, MembershipStatus
from pedset.communities.services import ActionRefused
from pedset.core import ratelimit
from pedset.moderation import policies
from pedset.moderation.log import moderation_record
from pedset.moderation.models import (
    Flag,
    FlagReason,
    MemberWarning,
    ModerationAction,
    Suspension,
)

Action = ModerationAction.Action
MAX_COMMENT_LENGTH = 2000
MAX_REASON_LENGTH = 2000
MAX_SUSPENSION_DAYS = 90
FLAG_RATE_SCOPE = "moderation-flag"


class ModerationRefused(ActionRefused):
    """The action cannot be done; ``message`` says why, in the reader's language. A subclass of
    the communities' one (as the forum's and messaging's refusals are), so a caller catching
    either catches this."""


class Decision(TextChoices):
    """What a moderator does with the reports about one item, from the queue."""

    HIDE = "hide", gettext_lazy("Hide")
    DELETE = "delete", gettext_lazy("Delete")
    DISMISS = "dismiss", gettext_lazy("Dismiss the reports")
    CLOSE = "close", gettext_lazy("Close the reports: action already taken")


# --- Links -----------------------------------------------------------------------------------


def _reverse_or(name: str, args, fallback: str) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def post_url(post) -> str:
    """The post in its topic, on the page where it stands."""
    return _reverse_or("forum:post", [post.pk], f"/forum/p/{post.pk}/")


def message_url(message) -> str:
    """The message in its conversation (only its participants can open it)."""
    return _reverse_or("messaging:message", [message.pk], "")


def discussion_section(community):
    """The community's dedicated section for discussing moderators' actions (001 3.6, 002 6),
    created with the community by the forum."""
    return community.forum_sections.filter(kind="moderation").first()


def discussion_url(community, section=None) -> str:
    section = section if section is not None else discussion_section(community)
    fallback = reverse("communities:detail", args=[community.slug])
    if section is None:
        return fallback
    if hasattr(section, "get_absolute_url"):
        return section.get_absolute_url()
    return _reverse_or("forum:section", [section.pk], fallback)


def moderation_notice(community, reason: str, section=None) -> str:
    """The closing lines of every notice about a moderator's action: the reason, and where the
    action may be discussed. Forum and messaging services may use it for their notices too."""
    section = section if section is not None else discussion_section(community)
    text = _("Reason: %(reason)s") % {"reason": reason}
    if section is not None:
        text += "\n\n" + _(
            "You may discuss the moderators' actions only in the forum section «%(section)s»: "
            "%(url)s"
        ) % {
            "section": section.title,
            "url": settings.SITE_URL + discussion_url(community, section),
        }
    return text


# --- Telling people --------------------------------------------------------------------------


def _language(person) -> str:
    return getattr(person, "language", "") or settings.LANGUAGE_CODE


def _tell(recipients, *, kind: str, url: str, compose) -> None:
    """Tell people in their own language: ``compose()`` returns (title, body) and is called once
    per language; each group goes out through notify_many (one insert, e-mail after commit by
    each person's preference for the kind)."""
    from pedset.core.notify import notify_many

    by_language: dict[str, list] = {}
    for person in recipients:
        by_language.setdefault(_language(person), []).append(person)
    for language, people in by_language.items():
        with translation.override(language):
            title, body = compose()
            title, body = str(title), str(body)
        notify_many(people, kind=kind, title=title, body=body, url=url)


# --- Reports ---------------------------------------------------------------------------------


def flag_obstacle(user, *, post=None, message=None) -> str:
    """Why this person may not report this item (they can see it: the view checked)."""
    if post is not None:
        community, author_id = post.topic.section.community, post.author_id
        moderated = post.hidden_at is not None or post.deleted_at is not None
    else:
        community, author_id = message.conversation.community, message.author_id
        moderated = message.hidden_at is not None
    if community.is_closed:
        return _("The community is closed; reports are no longer accepted.")
    if author_id == user.pk:
        return _("You cannot report your own message.")
    if moderated:
        return _("A moderator has already hidden this message.")
    if policies.is_suspended(user, community):
        return _(
            "You are temporarily suspended in this community and cannot send reports until "
            "the suspension ends."
        )
    return _("Only active members of the community can report messages.")


def _flag_limit() -> tuple[int, int]:
    return (
        settings.MODERATION_FLAG_LIMIT,
        settings.MODERATION_FLAG_WINDOW,
    )


def already_flagged_message() -> str:
    return _("You have already reported this; the moderators will consider your report.")


def has_open_flag(user, *, post=None, message=None) -> bool:
    item = {"post": post} if post is not None else {"message": message}
    return Flag.objects.filter(reporter=user, status=Flag.Status.OPEN, **item).exists()


def _clean_text(value: str, *, limit: int, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ModerationRefused(missing)
    if len(value) > limit:
        raise ModerationRefused(
            _("The text is too long: at most %(limit)s characters (now %(length)s).")
            % {"limit": limit, "length": len(value)}
        )
    return value


def flag_create(*, actor, reason: str, comment: str = "", post=None, message=None) -> Flag:
    """Report a forum post or a private message to the moderators of its community.

    The moderators are told of the first open report about an item only, so that a pile-on
    does not flood them; later reports join the same queue entry."""
    if (post is None) == (message is None):
        raise ValueError("Report exactly one post or one message.")
    if post is not None:
        community = post.topic.section.community
        allowed = policies.can_flag_post(actor, post)
        item = {"post": post}
    else:
        community = message.conversation.community
        allowed = policies.can_flag_message(actor, message)
        item = {"message": message}
    if not allowed:
        raise ModerationRefused(flag_obstacle(actor, post=post, message=message))
    if reason not in FlagReason.values:
        raise ModerationRefused(_("Choose a reason from the rules of conduct."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise ModerationRefused(
            _("The text is too long: at most %(limit)s characters (now %(length)s).")
            % {"limit": MAX_COMMENT_LENGTH, "length": len(comment)}
        )
    if reason == FlagReason.OTHER and not comment:
        raise ModerationRefused(_("For the reason «other», describe the violation in a comment."))
    limit, window = _flag_limit()
    if ratelimit.is_limited(FLAG_RATE_SCOPE, str(actor.pk), limit):
        raise ModerationRefused(_("Too many reports in a short time. Please try again later."))

    with transaction.atomic():
        if has_open_flag(actor, **item):
            raise ModerationRefused(already_flagged_message())
        first = not Flag.objects.filter(status=Flag.Status.OPEN, **item).exists()
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    community=community,
                    reporter=actor,
                    reason=reason,
                    comment=comment,
                    **item,
                )
        except IntegrityError:  # the same person's second report raced the first
            raise ModerationRefused(already_flagged_message()) from None
        if first:
            _tell_moderators_of_flag(community, flag, exclude=actor)
    ratelimit.hit(FLAG_RATE_SCOPE, str(actor.pk), window)
    return flag


def _tell_moderators_of_flag(community, flag: Flag, *, exclude) -> None:
    moderators = [m.user for m in policies.community_moderators(community).exclude(user=exclude)]
    reason = flag.reason

    def compose():
        title = _("New report in «%(community)s»") % {"community": community.name}
        words = {"reason": FlagReason(reason).label}
        if flag.post_id:
            body = _("A member reported a forum post. Reason: %(reason)s.") % words
        else:
            body = _("A member reported a private message. Reason: %(reason)s.") % words
        return title, body

    _tell(
        moderators,
        kind="flag",
        url=reverse("moderation:queue", args=[community.slug]),
        compose=compose,
    )


# --- Resolving reports from the queue ----------------------------------------------------------


def _lock_open_flags(community, item: dict) -> list[Flag]:
    flags = list(
        Flag.objects.select_for_update(of=("self",))
        .select_related("reporter")
        .filter(community=community, status=Flag.Status.OPEN, **item)
        .order_by("created_at", "id")
    )
    if not flags:
        raise ModerationRefused(_("The reports about this message have already been resolved."))
    return flags


def _is_moderated(post=None, message=None) -> bool:
    if post is not None:
        return post.hidden_at is not None or post.deleted_at is not None
    return message.hidden_at is not None


def _is_deleted(post=None) -> bool:
    return post is not None and post.deleted_at is not None


@transaction.atomic
def flags_resolve(
    *, actor, community, decision: str, reason: str, post=None, message=None
) -> list[Flag]:
    """Act on the open reports about one item: hide it, delete it (posts), dismiss the reports,
    or close them when a moderator has already acted. Every open report about the item is
    resolved with who and when; the reporters are told the outcome without names."""
    if (post is None) == (message is None):
        raise ValueError("Resolve the reports about exactly one post or one message.")
    if not policies.can_view_queue(actor, community):
        raise PermissionDenied
    if decision not in Decision.values:
        raise ModerationRefused(_("Choose what to do with the reports."))
    reason = _clean_text(
        reason,
        limit=MAX_REASON_LENGTH,
        missing=_("State the reason: the author and the reporters will see it."),
    )
    item = {"post": post} if post is not None else {"message": message}
    flags = _lock_open_flags(community, item)
    first = flags[0]
    # Re-read the item under the lock: another moderator may have acted a moment ago.
    given = post if post is not None else message
    fresh_item = type(given).objects.select_for_update().get(pk=given.pk)
    if post is not None:
        post = fresh_item
    else:
        message = fresh_item
    moderated = _is_moderated(post, message)
    if decision == Decision.DELETE and message is not None:
        raise ModerationRefused(_("Private messages can be hidden, not deleted."))

    if (decision == Decision.HIDE and moderated) or (
        decision == Decision.DELETE and _is_deleted(post)
    ):
        raise ModerationRefused(
            _(
                "A moderator has already acted on this message; close the reports as "
                "actioned or dismiss them."
            )
        )
    if decision == Decision.CLOSE and not moderated:
        raise ModerationRefused(
            _("The message is still visible: hide or delete it, or dismiss the reports.")
        )

    try:
        if decision == Decision.HIDE and post is not None:
            from pedset.forum.services import post_hide

            post_hide(actor=actor, post=post, reason=reason, flag=first)
        elif decision == Decision.HIDE:
            from pedset.messaging.services import message_hide

            message_hide(actor=actor, message=message, reason=reason, flag=first)
        elif decision == Decision.DELETE:
            from pedset.forum.services import post_delete

            post_delete(actor=actor, post=post, reason=reason, flag=first)
    except ActionRefused as refusal:  # the forum's or messaging's, in the reader's language
        raise ModerationRefused(refusal.message) from refusal

    if decision in (Decision.DISMISS, Decision.CLOSE):
        moderation_record(
            Action.DISMISS_FLAG if decision == Decision.DISMISS else Action.CLOSE_FLAGS,
            community=community,
            actor=actor,
            reason=reason,
            post=post,
            message=message,
            flag=first,
            data={"flags": [f.pk for f in flags]},
        )
    status = Flag.Status.DISMISSED if decision == Decision.DISMISS else Flag.Status.ACTIONED
    now = timezone.now()
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(
        status=status, resolved_at=now, resolved_by=actor, resolution=reason
    )
    for flag in flags:
        flag.status, flag.resolved_at, flag.resolved_by, flag.resolution = (
            status,
            now,
            actor,
            reason,
        )
    _tell_reporters(community, flags, decision=decision, reason=reason, post=post, message=message)
    return flags


def _tell_reporters(community, flags, *, decision, reason, post, message) -> None:
    reporters = list({f.reporter_id: f.reporter for f in flags}.values())

    def compose():
        names = {"community": community.name}
        if decision == Decision.HIDE:
            outcome = _("The moderators of «%(community)s» hid the message you reported.") % names
        elif decision == Decision.DELETE:
            outcome = (
                _("The moderators of «%(community)s» deleted the message you reported.") % names
            )
        elif decision == Decision.CLOSE:
            outcome = (
                _(
                    "The moderators of «%(community)s» had already acted on the message you "
                    "reported."
                )
                % names
            )
        else:
            outcome = (
                _(
                    "The moderators of «%(community)s» considered your report and found no "
                    "violation of the rules."
                )
                % names
            )
        body = outcome + "\n" + _("Reason: %(reason)s") % {"reason": reason}
        return _("Your report has been considered"), body

    url = post_url(post) if post is not None else message_url(message)
    _tell(reporters, kind="moderation", url=url, compose=compose)


# --- Warnings and suspensions ----------------------------------------------------------------


def act_on_obstacle(actor, community, member) -> str:
    """Why this moderator may not warn or suspend this person."""
    from pedset.core.policies import community_role, is_platform_admin

    if member.pk == actor.pk:
        return _("You cannot warn or suspend yourself.")
    if not member.is_active or community_role(member, community) is None:
        return _("This person is not an active member of the community.")
    if is_platform_admin(member):
        return _("A platform administrator cannot be warned or suspended.")
    return _(
        "Moderators act on members and experts. Only the community administrator may warn or "
        "suspend a moderator or the coordinator, and only a platform administrator may warn or "
        "suspend the community administrator."
    )


def _require_may_act(actor, community, member, policy) -> None:
    if not policies.can_moderate(actor, community):
        raise PermissionDenied
    if not policy(actor, community, member):
        raise ModerationRefused(act_on_obstacle(actor, community, member))


def _tell_member(member, community, *, compose, url) -> None:
    _tell([member], kind="moderation", url=url, compose=compose)


@transaction.atomic
def member_warn(*, actor, community, member, reason: str, post=None) -> MemberWarning:
    """A moderator's warning (предупреждение): logged, and the member receives the reason."""
    _require_may_act(actor, community, member, policies.can_warn)
    reason = _clean_text(
        reason, limit=MAX_REASON_LENGTH, missing=_("State the reason for the warning.")
    )
    warning = MemberWarning.objects.create(
        community=community, user=member, issued_by=actor, reason=reason, post=post
    )
    moderation_record(
        Action.WARN,
        community=community,
        actor=actor,
        reason=reason,
        post=post,
        target_user=member,
        data={"warning": warning.pk},
    )
    section = discussion_section(community)

    def compose():
        title = _("A moderator's warning in «%(community)s»") % {"community": community.name}
        body = _("The moderators of the community have issued you a warning.")
        return title, body + "\n" + moderation_notice(community, reason, section)

    _tell_member(member, community, compose=compose, url=discussion_url(community, section))
    return warning


def _community_zone(community):
    try:
        return zoneinfo.ZoneInfo(community.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def suspension_end(community, *, days=None, until=None, now=None) -> datetime.datetime:
    """When a suspension ends: after 1 … 90 days, or at 00:00 of a date (in the community's
    time zone) from tomorrow up to 90 days ahead."""
    now = now or timezone.now()
    if (days is None) == (until is None):
        raise ModerationRefused(_("Give the term: a number of days or the date it ends."))
    if days is not None:
        if not isinstance(days, int) or not 1 <= days <= MAX_SUSPENSION_DAYS:
            raise ModerationRefused(
                _("The term is from 1 to %(max)s days.") % {"max": MAX_SUSPENSION_DAYS}
            )
        return now + datetime.timedelta(days=days)
    zone = _community_zone(community)
    today = now.astimezone(zone).date()
    if not isinstance(until, datetime.date) or until <= today:
        raise ModerationRefused(_("The end date must be tomorrow or later."))
    if until > today + datetime.timedelta(days=MAX_SUSPENSION_DAYS):
        raise ModerationRefused(
            _("A suspension lasts at most %(max)s days.") % {"max": MAX_SUSPENSION_DAYS}
        )
    return datetime.datetime.combine(until, datetime.time.min, tzinfo=zone)


def current_suspension(community, member):
    return (
        Suspension.objects.filter(
            community=community, user=member, lifted_at__isnull=True, ends_at__gt=timezone.now()
        )
        .order_by("-ends_at")
        .first()
    )


def _in_zone(moment, person) -> str:
    try:
        zone = zoneinfo.ZoneInfo(person.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_default_timezone()
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M")


@transaction.atomic
def member_suspend(
    *, actor, community, member, reason: str, days: int | None = None, until=None
) -> Suspension:
    """Suspend a member for a term: they read, but neither post, message nor report there."""
    _require_may_act(actor, community, member, policies.can_suspend)
    reason = _clean_text(
        reason, limit=MAX_REASON_LENGTH, missing=_("State the reason for the suspension.")
    )
    ends_at = suspension_end(community, days=days, until=until)
    # The membership row serialises two moderators suspending the same person at once.
    list(
        Membership.objects.select_for_update()
        .filter(community=community, user=member, status=MembershipStatus.ACTIVE)
        .values_list("pk", flat=True)
    )
    existing = current_suspension(community, member)
    if existing is not None:
        raise ModerationRefused(
            _(
                "The member is already suspended until %(until)s. To change the term, lift "
                "that suspension first."
            )
            % {"until": _in_zone(existing.ends_at, actor)}
        )
    suspension = Suspension.objects.create(
        community=community, user=member, issued_by=actor, reason=reason, ends_at=ends_at
    )
    moderation_record(
        Action.SUSPEND,
        community=community,
        actor=actor,
        reason=reason,
        target_user=member,
        data={
            "suspension": suspension.pk,
            "ends_at": ends_at.isoformat(),
            "days": days,
            "until": until.isoformat() if until is not None else None,
        },
    )
    policies.forget_cached_suspension(member)
    section = discussion_section(community)

    def compose():
        title = _("You are suspended in «%(community)s»") % {"community": community.name}
        body = _(
            "Until %(until)s you cannot post on the forum, send private messages or reports in "
            "this community; you can still read it."
        ) % {"until": _in_zone(ends_at, member)}
        return title, body + "\n" + moderation_notice(community, reason, section)

    _tell_member(member, community, compose=compose, url=discussion_url(community, section))
    return suspension


@transaction.atomic
def suspension_lift(*, actor, suspension: Suspension, reason: str) -> Suspension:
    """End a suspension before its term."""
    suspension = (
        Suspension.objects.select_for_update(of=("self",))
        .select_related("community", "user")
        .get(pk=suspension.pk)
    )
    community, member = suspension.community, suspension.user
    _require_may_act(actor, community, member, policies.can_suspend)
    if not suspension.is_current():
        raise ModerationRefused(_("This suspension has already ended."))
    reason = _clean_text(
        reason, limit=MAX_REASON_LENGTH, missing=_("State the reason for lifting the suspension.")
    )
    suspension.lifted_at = timezone.now()
    suspension.lifted_by = actor
    suspension.save(update_fields=["lifted_at", "lifted_by"])
    moderation_record(
        Action.LIFT_SUSPENSION,
        community=community,
        actor=actor,
        reason=reason,
        target_user=member,
        data={"suspension": suspension.pk},
    )
    policies.forget_cached_suspension(member)
    section = discussion_section(community)

    def compose():
        title = _("Your suspension in «%(community)s» is lifted") % {"community": community.name}
        body = _("You can post, send messages and reports in the community again.")
        return title, body + "\n" + moderation_notice(community, reason, section)

    _tell_member(member, community, compose=compose, url=discussion_url(community, section))
    return suspension
