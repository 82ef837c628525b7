"""The registry of notification kinds: what each is called, how it is delivered by default, and
whether a person may switch it off entirely.

Every caller of ``notify()`` / ``notify_many()`` passes one of these codes as ``kind``. Codes the
foundation used before this registry existed are kept as aliases, so old rows and old callers
resolve to the same preference and the same filter in the centre. An unknown code still works
(delivered like ``FALLBACK``) so that a new app never loses a notification.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a person receives one kind. The in-site notification is created in every case; OFF
    creates it already read (it stays in the history but raises no badge)."""

    OFF = "off", _("do not notify (kept in the history as read)")
    SITE = "site", _("in the site only")
    IMMEDIATE = "email", _("in the site and by e-mail at once")
    DIGEST = "digest", _("in the site and in the daily e-mail digest")


EMAIL_DELIVERIES = frozenset({Delivery.IMMEDIATE, Delivery.DIGEST})


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    description: str
    default: str
    # A mandatory kind must always reach the person's notification centre: it cannot be set to
    # OFF. Its e-mail may still be switched off (the centre is the guaranteed channel).
    mandatory: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(value, label) for value, label in Delivery.choices if self.allows(value)]

    def allows(self, delivery: str) -> bool:
        return delivery in Delivery.values and not (self.mandatory and delivery == Delivery.OFF)

    @property
    def codes(self) -> tuple[str, ...]:
        """This kind's code and its aliases: what the centre filters stored rows by."""
        return (self.code, *self.aliases)


KINDS: tuple[Kind, ...] = (
    Kind(
        "membership",
        _("Membership decisions"),
        _("Your requests to join communities are approved or rejected; your role changes."),
        Delivery.IMMEDIATE,
        aliases=("membership_approved", "membership_rejected", "role_changed"),
    ),
    Kind(
        "join_request",
        _("Join requests to decide"),
        _("Someone asks to join a community where you decide on requests."),
        Delivery.IMMEDIATE,
        aliases=("membership_requested",),
    ),
    Kind(
        "platform_role",
        _("Roles on the platform"),
        _("A platform role is given to you or withdrawn."),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "announcement",
        _("Announcements"),
        _("Announcements of the communities you are a member of."),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "forum_reply",
        _("Replies in followed topics"),
        _("Someone replies in a forum topic you follow."),
        Delivery.DIGEST,
    ),
    Kind(
        "forum_topic",
        _("New topics in followed sections"),
        _("A new topic appears in a forum section you follow."),
        Delivery.DIGEST,
    ),
    Kind(
        "private_message",
        _("Private messages"),
        _("A new message in one of your conversations."),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "flag",
        _("Reports to moderators"),
        _("A member reports a post or a message in a community you moderate."),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "moderation",
        _("Moderation decisions"),
        _(
            "A moderator acts on your post or message, warns or suspends you (always with the reason)."
        ),
        Delivery.IMMEDIATE,
        mandatory=True,
    ),
    Kind(
        "material_comment",
        _("Comments on your materials"),
        _("A member comments on or rates a methodical material you are an author of."),
        Delivery.DIGEST,
    ),
    Kind(
        "coauthorship",
        _("Co-authorship"),
        _(
            "You are named a co-author of a methodical material and asked to confirm your "
            "participation, or a co-author of your material declines."
        ),
        Delivery.IMMEDIATE,
        # The material cannot be submitted until each co-author answers (152-FZ consent).
        mandatory=True,
    ),
    Kind(
        "material_submitted",
        _("Materials submitted for expertise"),
        _("A material is submitted for expertise in a community where you assign experts."),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "expertise_assignment",
        _("Expertise assignments"),
        _("You are asked to review a material; reminders before the deadline."),
        Delivery.IMMEDIATE,
        mandatory=True,
    ),
    Kind(
        "expertise_progress",
        _("Progress of expertise"),
        _(
            "An expert accepts, declines or submits a review, or misses the deadline, for a "
            "material you are responsible for."
        ),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "expertise_decision",
        _("Decisions on your materials"),
        _("The decision on a material you are an author of, with its reasons."),
        Delivery.IMMEDIATE,
        mandatory=True,
    ),
    Kind(
        "document_issued",
        _("Issued documents"),
        _("A certificate, diploma or other document is issued to you or revoked."),
        Delivery.IMMEDIATE,
        mandatory=True,
    ),
    Kind(
        "event",
        _("Events you take part in"),
        _(
            "Your registration is confirmed or you move up from the waiting list; an event you "
            "registered for changes its time, is cancelled or gets its recording."
        ),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "contest",
        _("Contests and juries"),
        _("You are included in a jury; results of a contest you entered are published."),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "consultation",
        _("Consultation lines"),
        _("A question comes to a line where you answer; your question is answered."),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "work_plan",
        _("The work plan"),
        _("Items of the work plan you are responsible for are due or overdue."),
        Delivery.DIGEST,
    ),
    Kind(
        "group_application",
        _("Applications for groups"),
        _(
            "An application for an association or a creative group waits for your decision "
            "(reminders before the term, a notice when it is overdue); your application is "
            "decided; an organisation is asked to agree to a creative group."
        ),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "group",
        _("Your groups"),
        _(
            "You are added to or removed from an association or a creative group, its leader "
            "changes, its term ends and the result is due."
        ),
        Delivery.IMMEDIATE,
    ),
    Kind(
        "following",
        _("People you follow"),
        _("Someone you follow publishes a material, starts a topic, holds an event or an album."),
        Delivery.DIGEST,
    ),
    Kind(
        "consent",
        _("Personal data notices"),
        _("Your consents to the processing of personal data and what is done with your data."),
        Delivery.IMMEDIATE,
        mandatory=True,
    ),
)

_BY_CODE: dict[str, Kind] = {}
for _kind in KINDS:
    for _code in _kind.codes:
        _BY_CODE[_code] = _kind


def fallback(code: str) -> Kind:
    """A kind nobody registered yet: e-mailed at once, as notify() always did, never mandatory."""
    return Kind(code, code, "", Delivery.IMMEDIATE)


def get_kind(code: str) -> Kind:
    return _BY_CODE.get(code) or fallback(code)


def is_registered(code: str) -> bool:
    return code in _BY_CODE


def kind_label(code: str) -> str:
    kind = _BY_CODE.get(code)
    return str(kind.label) if kind is not None else ""
