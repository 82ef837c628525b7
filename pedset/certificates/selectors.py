"""Reads of the certificates app: who qualifies for which document of an event, and the awards
already issued.

Who qualifies (`qualifying`), only active people whose data is not destroyed:
- participant — registered (not on the waiting list, not cancelled) and present: attendance
  marked (`attended_at`), by joining the online room or by an organiser. Registered but absent
  people do not qualify. A contest's or project's entrant whose entry was placed «participant»
  in the published results qualifies too, without attendance: submitting is taking part;
- speaker, organiser — named on the event (EventPerson);
- winner, prize-winner — authors of entries placed so in the published results
  (`contests.selectors.placed_authors`); one diploma per person and ground: the entry with the
  best rank when a person has several;
- jury — a member of the event's jury who scored at least one entry (a letter of thanks);
- consultant — an expert who answered at least one question of a consultation line (a letter
  of thanks, `001` 3.3); a speaker of the line who answered gets it instead of the speaker's
  certificate.
A person who gets a speaker's, organiser's or a diploma does not get a participant's
certificate of the same event as well: the document that says more replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from pedset.certificates.models import AwardGround, EventAward
from pedset.events.models import EventPerson, EventRole, Registration, RegistrationStatus

# Grounds that replace a participant's certificate of the same event.
SUPERSEDES_PARTICIPANT = frozenset(
    {AwardGround.SPEAKER, AwardGround.ORGANISER, AwardGround.WINNER, AwardGround.PRIZE_WINNER}
)
GROUND_ORDER = {
    AwardGround.WINNER: 0,
    AwardGround.PRIZE_WINNER: 1,
    AwardGround.PARTICIPANT: 2,
    AwardGround.SPEAKER: 3,
    AwardGround.ORGANISER: 4,
    AwardGround.JURY: 5,
    AwardGround.CONSULTANT: 6,
}


def _active(user) -> bool:
    return bool(user is not None and user.is_active and user.anonymised_at is None)


def _active_filter(prefix: str = "user__") -> dict:
    return {f"{prefix}is_active": True, f"{prefix}anonymised_at__isnull": True}


def placed_authors(event) -> list:
    """(user, entry, placing) of the event's published results (contests.selectors)."""
    from pedset.contests.selectors import placed_authors as contest_placed_authors

    return list(contest_placed_authors(event))


def _entry_rank(entry) -> tuple:
    rank = getattr(entry, "rank", None)
    return (rank is None, rank or 0, getattr(entry, "pk", 0) or 0)


def qualifying(event) -> list[tuple]:
    """(user, ground, entry or None) of everyone who qualifies, winners first, then by name."""
    rows: dict[tuple[int, str], tuple] = {}

    def add(user, ground, entry=None):
        if not _active(user):
            return
        key = (user.pk, str(ground))
        kept = rows.get(key)
        better_kept = (
            kept is not None
            and entry is not None
            and kept[2] is not None
            and _entry_rank(entry) >= _entry_rank(kept[2])
        )
        if better_kept:
            return
        rows[key] = (user, AwardGround(ground), entry)

    present = (
        Registration.objects.filter(
            event=event,
            status=RegistrationStatus.REGISTERED,
            attended_at__isnull=False,
            **_active_filter(),
        )
        .select_related("user__organisation")
        .order_by("id")
    )
    for registration in present:
        add(registration.user, AwardGround.PARTICIPANT)
    people = (
        EventPerson.objects.filter(event=event, **_active_filter())
        .select_related("user__organisation")
        .order_by("role", "position", "id")
    )
    for person in people:
        ground = (
            AwardGround.ORGANISER if person.role == EventRole.ORGANISER else AwardGround.SPEAKER
        )
        add(person.user, ground)
    for user, entry, placing in placed_authors(event):
        if placing in (AwardGround.WINNER, AwardGround.PRIZE_WINNER, AwardGround.PARTICIPANT):
            add(user, placing, entry)
    for seat in jurors_who_scored(event):
        add(seat.user, AwardGround.JURY)
    for user in consultants_who_answered(event):
        add(user, AwardGround.CONSULTANT)

    superseded = {user_pk for (user_pk, ground) in rows if ground in SUPERSEDES_PARTICIPANT}
    consultants = {user_pk for (user_pk, ground) in rows if ground == AwardGround.CONSULTANT}
    result = [
        row
        for (user_pk, ground), row in rows.items()
        if not (ground == AwardGround.PARTICIPANT and user_pk in superseded)
        and not (ground == AwardGround.SPEAKER and user_pk in consultants)
    ]
    # A person with two placed entries gets the best placing's diploma only.
    winners = {user_pk for (user_pk, ground) in rows if ground == AwardGround.WINNER}
    result = [
        row for row in result if not (row[1] == AwardGround.PRIZE_WINNER and row[0].pk in winners)
    ]
    result.sort(
        key=lambda row: (
            GROUND_ORDER[row[1]],
            row[0].last_name,
            row[0].first_name,
            row[0].patronymic,
            row[0].pk,
        )
    )
    return result


def jurors_who_scored(event) -> list:
    """The event's jury members who scored at least one entry, with their users."""
    from pedset.contests.models import JuryMember, JuryScore

    scored = JuryScore.objects.filter(juror=OuterRef("pk"))
    return list(
        JuryMember.objects.filter(event=event, **_active_filter())
        .filter(Exists(scored))
        .select_related("user__organisation")
        .order_by("id")
    )


def consultants_who_answered(event) -> list:
    """The people who answered at least one question of a consultation line (answered, not
    hidden), in the order of their first answer."""
    if not event.is_consultation_line:
        return []
    from django.contrib.auth import get_user_model

    from pedset.consultations.models import Question, QuestionStatus

    answered = Question.objects.filter(
        event=event, answered_by=OuterRef("pk"), status=QuestionStatus.ANSWERED
    )
    return list(
        get_user_model()
        .objects.filter(Exists(answered), is_active=True, anonymised_at__isnull=True)
        .select_related("organisation")
        .order_by("id")
    )


@dataclass(frozen=True)
class AwardDetails:
    """What a document says beyond the ground: a speaker's topic, the jury's chair."""

    topics: dict  # user_pk -> topic of the talk
    chairs: frozenset  # user_pks of the chairs of the jury


def award_details(event) -> AwardDetails:
    from pedset.contests.models import JuryMember

    topics = {}
    for user_pk, topic in (
        EventPerson.objects.filter(event=event, role=EventRole.SPEAKER)
        .order_by("position", "id")
        .values_list("user_id", "topic")
    ):
        topics.setdefault(user_pk, topic)
    chairs = frozenset(
        JuryMember.objects.filter(event=event, is_chair=True).values_list("user_id", flat=True)
    )
    return AwardDetails(topics=topics, chairs=chairs)


def issued_keys(event) -> set[tuple[int, str]]:
    """(user_pk, ground) of the awards already issued for the event (revoked ones too)."""
    return set(EventAward.objects.filter(event=event).values_list("user_id", "ground"))


def awards_of_event(event):
    """The event's awards with their holders and documents, by ground and name."""
    return (
        EventAward.objects.filter(event=event)
        .select_related("user", "document__community")
        .order_by("ground", "user__last_name", "user__first_name", "id")
    )


def awards_of_person(event, user):
    """The person's own documents of the event."""
    if not getattr(user, "is_authenticated", False):
        return EventAward.objects.none()
    return EventAward.objects.filter(event=event, user=user).select_related("document")


def signer_of(community):
    """The membership of who signs the community's documents: its longest-serving active
    coordinator, else its administrator; None when there is neither."""
    from pedset.communities.models import Membership, MembershipStatus, Role

    for role in (Role.COORDINATOR, Role.ADMINISTRATOR):
        membership = (
            Membership.objects.filter(
                community=community,
                status=MembershipStatus.ACTIVE,
                role=role,
                **_active_filter(),
            )
            .select_related("user")
            .order_by("decided_at", "id")
            .first()
        )
        if membership is not None:
            return membership
    return None
