"""Every write of contests, festivals and projects, each in one transaction.

Set-up by those who run the event (nomination_add/remove, criterion_add/remove, juror_add/
remove/make_chair): criteria and nominations stay as they are once the jury has started scoring.
Entries (entry_submit, entry_withdraw, entry_disqualify): the files are checked by
pedset.core.uploads before anything is stored, and a write that fails deletes what it stored.
Judging (entry_score): a juror scores every criterion of an admitted entry they may judge.
Results (results_compute, placings_set, results_publish): totals, ranks and suggested placings,
adjusted by hand, then published once; after that no score, placing or entry changes. The
moment of preparation is kept (ContestResults): a score, a withdrawal or a refusal after it
makes the results stale, and stale results are prepared again before they are published.

Every write that changes an event's contest locks the event's row first, so a score and the
publication, or two entries of one person, never cross. Accountable steps are written to the
audit log; people are told (kind "contest") after commit.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pedset.communities.models import MembershipStatus
from pedset.communities.services import ActionRefused
from pedset.contests import policies, scrub, selectors
from pedset.contests.models import (
    ContestCriterion,
    ContestEntry,
    ContestResults,
    EntryAuthor,
    EntryFile,
    EntryStatus,
    JuryMember,
    JuryScore,
    Nomination,
    Placing,
)
from pedset.core import ratelimit
from pedset.core import uploads as core_uploads
from pedset.core.audit import audit_record
from pedset.core.notify import notify, notify_many
from pedset.core.policies import is_active_user
from pedset.events.models import Event, EventStatus
from pedset.events.policies import in_audience

__all__ = ["ActionRefused"]

logger = logging.getLogger(__name__)

TITLE_MAX = ContestEntry._meta.get_field("title").max_length
SUMMARY_MAX = 5000
REASON_MAX = 2000
COMMENT_MAX = 3000
NAME_MAX = 300
COAUTHORS_MAX = 10
NOMINATIONS_MAX = 30
CRITERIA_MAX = 20
JURY_MAX = 30
SCORE_LIMIT = 100
# Entries (and withdrawals that free the nomination again) a person may submit in a window.
SUBMIT_LIMIT, SUBMIT_WINDOW = 10, 60 * 60
# What the placings form offers: (code, placing, degree).
PLACING_CODES = {
    "winner": (Placing.WINNER, 1),
    "prize_winner_2": (Placing.PRIZE_WINNER, 2),
    "prize_winner_3": (Placing.PRIZE_WINNER, 3),
    "participant": (Placing.PARTICIPANT, None),
}
# Ranks 1–3 of the ranking suggest the placing: 1 winner, 2 and 3 prize-winners of that degree.
SUGGESTED = {1: (Placing.WINNER, 1), 2: (Placing.PRIZE_WINNER, 2), 3: (Placing.PRIZE_WINNER, 3)}


def placing_code(entry: ContestEntry) -> str:
    """The code of PLACING_CODES that the entry's placing and degree make ("" when none)."""
    if entry.placing == Placing.PRIZE_WINNER:
        return "prize_winner_3" if entry.degree == 3 else "prize_winner_2"
    return entry.placing or ""


# --- Checks shared with the forms --------------------------------------------------------------


def upload_rules() -> core_uploads.UploadRules:
    """Documents, pictures and MP4 video, up to CONTEST_FILE_MAX_BYTES each, CONTEST_MAX_FILES
    per entry."""
    return core_uploads.UploadRules(
        kinds=frozenset(core_uploads.KINDS),
        max_bytes=settings.CONTEST_FILE_MAX_BYTES,
        max_files=settings.CONTEST_MAX_FILES,
        too_many=_too_many_files,
    )


def _too_many_files(limit: int) -> str:
    return ngettext(
        "An entry may have at most %(n)s file.",
        "An entry may have at most %(n)s files.",
        limit,
    ) % {"n": limit}


def files_help() -> str:
    rules = upload_rules()
    return " ".join(
        [
            _(
                "Up to %(n)s files: %(types)s, each up to %(size)s. The type is checked by the "
                "content of the file, not by its name."
            )
            % {
                "n": rules.max_files,
                "types": rules.types_text(),
                "size": filesizeformat(rules.max_bytes),
            },
            _(
                "The jury judges without the authors' names: keep your names and your school "
                "out of the files, their names and their properties (the «Author» of a document). "
                "The author fields of pictures, Word, Excel, PowerPoint, OpenDocument and PDF "
                "files are cleared on upload; the text and pictures inside are not checked."
            ),
        ]
    )


def check_files(files) -> list[core_uploads.CheckedUpload]:
    try:
        return core_uploads.check_uploads(files, upload_rules())
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages)) from None


def _clean_line(value, *, limit: int, missing: str, too_long: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ActionRefused(missing)
    if len(text) > limit:
        raise ActionRefused(too_long % {"max": limit, "n": len(text)})
    return text


def _clean_text(value, *, limit: int, missing: str | None, too_long: str) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if not text and missing:
        raise ActionRefused(missing)
    if len(text) > limit:
        raise ActionRefused(too_long % {"max": limit, "n": len(text)})
    return text


def clean_title(value) -> str:
    return _clean_line(
        value,
        limit=TITLE_MAX,
        missing=_("Enter the title of the entry."),
        too_long=_("The title is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_summary(value) -> str:
    return _clean_text(
        value,
        limit=SUMMARY_MAX,
        missing=_("Write the annotation: what the work is about."),
        too_long=_("The annotation is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_reason(value) -> str:
    return _clean_text(
        value,
        limit=REASON_MAX,
        missing=_("State the reason: the authors will see it."),
        too_long=_("The reason is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_comment(value) -> str:
    return _clean_text(
        value,
        limit=COMMENT_MAX,
        missing=None,
        too_long=_("The comment is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_name(value, *, missing: str) -> str:
    return _clean_line(
        value,
        limit=NAME_MAX,
        missing=missing,
        too_long=_("The name is too long: at most %(max)s characters (now %(n)s)."),
    )


def clean_max_score(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ActionRefused(_("The maximum score must be a whole number.")) from None
    if not 1 <= number <= SCORE_LIMIT:
        raise ActionRefused(
            _("The maximum score must be from 1 to %(max)s.") % {"max": SCORE_LIMIT}
        )
    return number


# --- Helpers -----------------------------------------------------------------------------------


def _language_of(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def event_url(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


def _locked(event: Event) -> Event:
    """The event's row, locked for the rest of the transaction (fresh fields)."""
    return (
        Event.objects.select_for_update(of=("self",)).select_related("community").get(pk=event.pk)
    )


def scoring_started(event: Event) -> bool:
    return JuryScore.objects.filter(entry__event_id=event.pk).exists()


def _refuse_after_scoring(event: Event, what: str) -> None:
    if scoring_started(event):
        raise ActionRefused(what)


def _require_setup(actor, event: Event) -> None:
    if not policies.can_setup_contest(actor, event):
        if policies.results_published(event) and policies.can_manage_contest(actor, event):
            raise ActionRefused(_("The results are published: the contest cannot change."))
        raise PermissionDenied


def _require_jury(event: Event) -> None:
    if not event.has_jury:
        raise ActionRefused(
            _("Only contests and festivals have a jury; a project collects entries without one.")
        )


def _delete_stored(names: Iterable[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - a file already gone is what we wanted
            logger.warning("could not delete stored file %s", name)


def _results_changed(event: Event) -> None:
    """A score or an entry's status changed: results prepared before are stale until they are
    prepared again (results_publish refuses them)."""
    ContestResults.objects.filter(event_id=event.pk, changed_at__isnull=True).update(
        changed_at=timezone.now()
    )


def _tell_many(user_ids, *, title_of, url: str, body_of=None) -> None:
    """Notify people (kind "contest"), each group in its own language."""
    groups: dict[str, list[int]] = defaultdict(list)
    people = get_user_model().objects.filter(pk__in=list(user_ids), is_active=True)
    for pk, language in people.values_list("pk", "language"):
        groups[language or settings.LANGUAGE_CODE].append(pk)
    for language, ids in groups.items():
        with translation.override(language):
            notify_many(
                ids,
                kind="contest",
                title=Truncator(title_of()).chars(300),
                body=body_of() if body_of else "",
                url=url,
            )


# --- Nominations and criteria ------------------------------------------------------------------


@transaction.atomic
def nomination_add(*, actor, event: Event, name: str) -> Nomination:
    event = _locked(event)
    _require_setup(actor, event)
    name = clean_name(name, missing=_("Enter the name of the nomination."))
    _refuse_after_scoring(
        event, _("The jury has started scoring: nominations can no longer change.")
    )
    existing = list(Nomination.objects.filter(event=event).values_list("name", flat=True))
    if name.casefold() in {other.casefold() for other in existing}:
        raise ActionRefused(_("There is already a nomination with this name."))
    if len(existing) >= NOMINATIONS_MAX:
        raise ActionRefused(
            _("A contest has at most %(max)s nominations.") % {"max": NOMINATIONS_MAX}
        )
    position = (Nomination.objects.filter(event=event).aggregate(m=Max("position"))["m"] or 0) + 1
    return Nomination.objects.create(event=event, name=name, position=position)


@transaction.atomic
def nomination_remove(*, actor, nomination: Nomination) -> None:
    event = _locked(nomination.event)
    _require_setup(actor, event)
    _refuse_after_scoring(
        event, _("The jury has started scoring: nominations can no longer change.")
    )
    if ContestEntry.objects.filter(nomination=nomination).exists():
        raise ActionRefused(_("Entries were submitted in this nomination: it cannot be removed."))
    nomination.delete()


@transaction.atomic
def criterion_add(*, actor, event: Event, name: str, max_score) -> ContestCriterion:
    event = _locked(event)
    _require_setup(actor, event)
    _require_jury(event)
    name = clean_name(name, missing=_("Enter the name of the criterion."))
    max_score = clean_max_score(max_score)
    _refuse_after_scoring(event, _("The jury has started scoring: criteria can no longer change."))
    count = ContestCriterion.objects.filter(event=event).count()
    if count >= CRITERIA_MAX:
        raise ActionRefused(_("A contest has at most %(max)s criteria.") % {"max": CRITERIA_MAX})
    return ContestCriterion.objects.create(
        event=event, name=name, max_score=max_score, position=count + 1
    )


@transaction.atomic
def criterion_remove(*, actor, criterion: ContestCriterion) -> None:
    event = _locked(criterion.event)
    _require_setup(actor, event)
    _refuse_after_scoring(event, _("The jury has started scoring: criteria can no longer change."))
    criterion.delete()


# --- The jury ----------------------------------------------------------------------------------


def jury_candidates(event: Event):
    """Who may sit on the jury: the community's active members with working accounts."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            anonymised_at__isnull=True,
            memberships__community_id=event.community_id,
            memberships__status=MembershipStatus.ACTIVE,
        )
        .distinct()
        .order_by("last_name", "first_name", "patronymic", "id")
    )


def jury_url(event: Event) -> str:
    return reverse("contests:jury", args=[event.pk])


@transaction.atomic
def juror_add(*, actor, event: Event, user, is_chair: bool = False) -> JuryMember:
    """A member of the community joins the jury and is told (kind "contest")."""
    event = _locked(event)
    _require_setup(actor, event)
    _require_jury(event)
    if user is None or not jury_candidates(event).filter(pk=user.pk).exists():
        raise ActionRefused(_("A juror must be an active member of the community."))
    if JuryMember.objects.filter(event=event, user=user).exists():
        raise ActionRefused(_("This person is already on the jury."))
    if JuryMember.objects.filter(event=event).count() >= JURY_MAX:
        raise ActionRefused(_("A jury has at most %(max)s members.") % {"max": JURY_MAX})
    if is_chair:
        JuryMember.objects.filter(event=event, is_chair=True).update(is_chair=False)
    seat = JuryMember.objects.create(event=event, user=user, is_chair=bool(is_chair))
    policies.forget_jury_seat(user, event)
    with translation.override(_language_of(user)):
        notify(
            user,
            kind="contest",
            title=Truncator(
                _("You are included in the jury of «%(title)s»") % {"title": event.title}
            ).chars(300),
            body=_(
                "The jury page lists the entries you score. You see them without the authors' "
                "names; entries of your own organisation and your own entries are not offered "
                "to you."
            ),
            url=jury_url(event),
        )
    return seat


@transaction.atomic
def juror_remove(*, actor, seat: JuryMember) -> None:
    event = _locked(seat.event)
    _require_setup(actor, event)
    if JuryScore.objects.filter(juror=seat).exists():
        raise ActionRefused(_("This juror has already given scores: they stay on the jury."))
    seat.delete()
    policies.forget_jury_seat(seat.user, event)


@transaction.atomic
def juror_make_chair(*, actor, seat: JuryMember) -> JuryMember:
    """The chair of the jury (one per jury)."""
    event = _locked(seat.event)
    _require_setup(actor, event)
    JuryMember.objects.filter(event=event, is_chair=True).exclude(pk=seat.pk).update(is_chair=False)
    JuryMember.objects.filter(pk=seat.pk).update(is_chair=True)
    seat.is_chair = True
    return seat


# --- Entries -----------------------------------------------------------------------------------


def material_candidates(user):
    """Materials of the bank (or the cabinet) the person wrote and may see: what they may
    submit as an entry."""
    from pedset.materials.models import BANK_STATUSES, MaterialStatus
    from pedset.materials.selectors import visible_materials

    if not is_active_user(user):
        return visible_materials(user).none()
    return (
        visible_materials(user)
        .filter(
            authors__user=user,
            status__in=[*BANK_STATUSES, MaterialStatus.INCLUDED],
        )
        .distinct()
        .order_by("title", "id")
    )


def coauthor_candidates(event: Event):
    """Who may be named as a co-author: the community's active members with working accounts."""
    return jury_candidates(event)


def entry_url(entry: ContestEntry) -> str:
    return reverse("contests:entry", args=[entry.pk])


def _clean_coauthors(event: Event, actor, coauthors) -> list:
    people = [person for person in coauthors or () if person is not None]
    ids = [person.pk for person in people]
    if len(set(ids)) != len(ids):
        raise ActionRefused(_("A co-author is named twice."))
    if actor.pk in ids:
        raise ActionRefused(_("You are the first author: name only the other authors."))
    if len(people) > COAUTHORS_MAX:
        raise ActionRefused(_("Too many co-authors: at most %(max)s.") % {"max": COAUTHORS_MAX})
    if ids:
        allowed = set(coauthor_candidates(event).filter(pk__in=ids).values_list("pk", flat=True))
        for person in people:
            if person.pk not in allowed:
                raise ActionRefused(
                    _(
                        "%(name)s cannot be named as a co-author: co-authors are active members "
                        "of the community."
                    )
                    % {"name": person.get_full_name()}
                )
    return people


def _clean_nomination(event: Event, nomination) -> Nomination | None:
    nominations = {n.pk: n for n in Nomination.objects.filter(event=event)}
    if not nominations:
        if nomination is not None:
            raise ActionRefused(_("This contest has no nominations."))
        return None
    pk = getattr(nomination, "pk", nomination)
    if pk is None or pk == "":
        raise ActionRefused(_("Choose the nomination."))
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise ActionRefused(_("Choose the nomination from the list.")) from None
    if pk not in nominations:
        raise ActionRefused(_("Choose the nomination from the list."))
    return nominations[pk]


def _clean_material(actor, material):
    if material is None or material == "":
        return None
    pk = getattr(material, "pk", material)
    found = material_candidates(actor).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise ActionRefused(
            _("Choose one of your materials in the bank or the cabinet: you must be its author.")
        )
    return found


def _one_entry_per_nomination(event: Event, nomination, author_ids: list[int]) -> None:
    taken = set(
        EntryAuthor.objects.filter(
            entry__event=event,
            entry__nomination=nomination,
            entry__status=EntryStatus.SUBMITTED,
            user_id__in=author_ids,
        ).values_list("user_id", flat=True)
    )
    if not taken:
        return
    if author_ids[0] in taken:
        if nomination is None:
            raise ActionRefused(
                _("You already have an entry in this contest: one entry per person.")
            )
        raise ActionRefused(
            _(
                "You already have an entry in the nomination «%(nomination)s»: one entry per "
                "person in each nomination."
            )
            % {"nomination": nomination.name}
        )
    raise ActionRefused(
        _(
            "A co-author you named already takes part in this nomination with another entry: "
            "a person may have one entry in each nomination."
        )
    )


def _check_rate(actor) -> None:
    minutes = ratelimit.take(
        "contest-entry", str(actor.pk), limit=SUBMIT_LIMIT, window=SUBMIT_WINDOW
    )
    if minutes:
        raise ActionRefused(
            ngettext(
                "You submit too many entries at once. Try again in %(n)s minute.",
                "You submit too many entries at once. Try again in %(n)s minutes.",
                minutes,
            )
            % {"n": minutes}
        )


def _store_files(entry: ContestEntry, checked, *, stored: list[str]) -> None:
    """Each file without the metadata that names its author (contests.scrub), under a random
    name."""
    for item in checked:
        content, size = scrub.without_metadata(item.upload, item.kind)
        row = EntryFile(
            entry=entry,
            original_name=item.original_name,
            size=size,
            content_type=item.content_type,
        )
        try:
            row.file.save(core_uploads.storage_name(item), content, save=False)
        finally:
            if content is not item.upload:
                content.close()
        stored.append(row.file.name)
        row.save()


def entry_submit(
    *,
    actor,
    event: Event,
    title: str,
    summary: str,
    nomination=None,
    coauthors=(),
    files=(),
    material=None,
    consent: bool = False,
) -> ContestEntry:
    """A new entry; the actor is its first author. A write that fails deletes the stored
    files."""
    stored: list[str] = []
    try:
        return _entry_submit(
            stored=stored,
            actor=actor,
            event=event,
            title=title,
            summary=summary,
            nomination=nomination,
            coauthors=coauthors,
            files=files,
            material=material,
            consent=consent,
        )
    except BaseException:
        _delete_stored(stored)
        raise


@transaction.atomic
def _entry_submit(
    *, stored, actor, event, title, summary, nomination, coauthors, files, material, consent
) -> ContestEntry:
    if not in_audience(actor, event) or not event.accepts_submissions:
        raise PermissionDenied
    event = _locked(event)
    obstacle = policies.submit_obstacle(actor, event)
    if obstacle:
        raise ActionRefused(obstacle)
    _check_rate(actor)
    title = clean_title(title)
    summary = clean_summary(summary)
    nomination = _clean_nomination(event, nomination)
    people = _clean_coauthors(event, actor, coauthors)
    checked = check_files(files)
    material = _clean_material(actor, material)
    if not checked and material is None:
        raise ActionRefused(
            _("Attach the files of the work or choose your material from the bank.")
        )
    if not consent:
        raise ActionRefused(
            _(
                "Without the consent the entry cannot be submitted: the results name the "
                "winners and prize-winners."
            )
        )
    author_ids = [actor.pk] + [person.pk for person in people]
    _one_entry_per_nomination(event, nomination, author_ids)
    entry = ContestEntry.objects.create(
        event=event,
        nomination=nomination,
        title=title,
        summary=summary,
        submitted_by=actor,
        organisation_id=actor.organisation_id,
        material=material,
    )
    EntryAuthor.objects.bulk_create(
        EntryAuthor(entry=entry, user_id=user_id, position=position)
        for position, user_id in enumerate(author_ids)
    )
    _store_files(entry, checked, stored=stored)
    audit_record(
        "contest_entry_submitted",
        actor=actor,
        community=event.community,
        target=entry,
        data={"event": event.pk, "files": len(checked), "material": getattr(material, "pk", None)},
    )
    if people:
        url = entry_url(entry)
        _tell_many(
            [person.pk for person in people],
            title_of=lambda: (
                _("You are named a co-author of an entry to «%(title)s»") % {"title": event.title}
            ),
            url=url,
        )
    return entry


def _locked_entry(entry: ContestEntry) -> tuple[Event, ContestEntry]:
    event = _locked(entry.event)
    entry = (
        ContestEntry.objects.select_for_update(of=("self",))
        .select_related("event__community")
        .get(pk=entry.pk)
    )
    entry.event = event
    return event, entry


@transaction.atomic
def entry_withdraw(*, actor, entry: ContestEntry) -> ContestEntry:
    event, entry = _locked_entry(entry)
    if not is_active_user(actor) or entry.submitted_by_id != actor.pk:
        raise PermissionDenied
    if entry.status != EntryStatus.SUBMITTED:
        raise ActionRefused(_("The entry is no longer in the contest."))
    if not policies.can_withdraw_entry(actor, entry):
        raise ActionRefused(_("Entries are no longer accepted: the entry cannot be withdrawn."))
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status"])
    # The work is out of the contest: its files go (after commit), the entry's row stays.
    files = EntryFile.objects.filter(entry=entry)
    names = list(files.values_list("file", flat=True))
    files.delete()
    if names:
        transaction.on_commit(lambda: _delete_stored(names))
    _results_changed(event)
    audit_record(
        "contest_entry_withdrawn",
        actor=actor,
        community=event.community,
        target=entry,
        data={"event": event.pk},
    )
    return entry


@transaction.atomic
def entry_disqualify(*, actor, entry: ContestEntry, reason: str) -> ContestEntry:
    """Not admitted to the contest, with a reason the authors are told."""
    event, entry = _locked_entry(entry)
    _require_setup(actor, event)
    reason = clean_reason(reason)
    if entry.status != EntryStatus.SUBMITTED:
        raise ActionRefused(_("The entry is no longer in the contest."))
    entry.status = EntryStatus.DISQUALIFIED
    entry.status_reason = reason
    entry.total_score = entry.rank = entry.degree = None
    entry.placing = ""
    entry.save(
        update_fields=["status", "status_reason", "total_score", "rank", "degree", "placing"]
    )
    _results_changed(event)
    audit_record(
        "contest_entry_disqualified",
        actor=actor,
        community=event.community,
        target=entry,
        reason=reason,
        data={"event": event.pk},
    )
    authors = EntryAuthor.objects.filter(entry=entry).values_list("user_id", flat=True)
    _tell_many(
        authors,
        title_of=lambda: _("Your entry to «%(title)s» is not admitted") % {"title": event.title},
        body_of=lambda: _("Reason: %(reason)s") % {"reason": reason},
        url=entry_url(entry),
    )
    return entry


# --- Judging -----------------------------------------------------------------------------------


@transaction.atomic
def entry_score(*, actor, entry: ContestEntry, scores: Mapping) -> list[JuryScore]:
    """A juror's scores of every criterion of an entry: ``scores`` maps a criterion's id to
    (score, comment). Given again, they replace the juror's earlier scores of the entry."""
    event, entry = _locked_entry(entry)
    seat = JuryMember.objects.filter(event=event, user_id=getattr(actor, "pk", None)).first()
    if not is_active_user(actor) or seat is None:
        raise PermissionDenied
    if policies.results_published(event):
        raise ActionRefused(_("The results are published: the scores can no longer change."))
    if not policies.can_judge_contest(actor, event):
        raise PermissionDenied
    conflict = policies.conflict_of_interest(actor, entry)
    if conflict:
        raise ActionRefused(conflict)
    if entry.status != EntryStatus.SUBMITTED:
        raise ActionRefused(_("The entry is not admitted to the contest: it is not scored."))
    if not policies.can_score_entry(actor, entry):
        raise ActionRefused(_("Scoring is closed for this event."))
    criteria = list(ContestCriterion.objects.filter(event=event))
    if not criteria:
        raise ActionRefused(_("The organisers have not set the criteria yet."))
    known = {criterion.pk for criterion in criteria}
    given = {}
    for key, value in (scores or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            raise ActionRefused(_("An unknown criterion was scored.")) from None
        if pk not in known:
            raise ActionRefused(_("An unknown criterion was scored."))
        given[pk] = value
    rows = []
    for criterion in criteria:
        if criterion.pk not in given:
            raise ActionRefused(
                _("Give a score for the criterion «%(name)s».") % {"name": criterion.name}
            )
        score, comment = given[criterion.pk]
        try:
            number = int(score)
        except (TypeError, ValueError):
            raise ActionRefused(
                _("The score for «%(name)s» must be a whole number.") % {"name": criterion.name}
            ) from None
        if isinstance(score, float) and score != number:
            raise ActionRefused(
                _("The score for «%(name)s» must be a whole number.") % {"name": criterion.name}
            )
        if not 0 <= number <= criterion.max_score:
            raise ActionRefused(
                _("The score for «%(name)s» must be from 0 to %(max)s.")
                % {"name": criterion.name, "max": criterion.max_score}
            )
        rows.append((criterion, number, clean_comment(comment)))
    saved = []
    for criterion, number, comment in rows:
        row, _created = JuryScore.objects.update_or_create(
            entry=entry,
            juror=seat,
            criterion=criterion,
            defaults={"score": number, "comment": comment},
        )
        saved.append(row)
    _results_changed(event)
    audit_record(
        "contest_score_given",
        actor=actor,
        community=event.community,
        target=entry,
        data={"event": event.pk, "sum": sum(number for _c, number, _t in rows)},
    )
    return saved


# --- Results -----------------------------------------------------------------------------------


def competition_ranks(values: Mapping) -> dict:
    """Ranks by value, highest first; equal values share a rank and the next rank skips
    («1, 1, 3»). Keys whose value is None get no rank."""
    ranked = {key: value for key, value in values.items() if value is not None}
    ordered = sorted(ranked.values(), reverse=True)
    first_position = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return {key: first_position[value] for key, value in ranked.items()}


def _require_results_step(actor, event: Event) -> None:
    """Preparing and publishing the results: those who run an announced event, after entries
    are no longer accepted, before the results are published."""
    if policies.can_publish_results(actor, event):
        return
    _require_setup(actor, event)
    if event.status != EventStatus.PUBLISHED:
        raise ActionRefused(_("The event is not announced: it has no results."))
    raise ActionRefused(_("The results are prepared after entries are no longer accepted."))


@transaction.atomic
def results_compute(*, actor, event: Event) -> list[ContestEntry]:
    """Totals and ranks within each nomination, and the suggested placings: rank 1 winner,
    ranks 2 and 3 prize-winners (degree II, III), the rest participants. A project without a
    jury gets no totals: every admitted entry is a participant until the organisers say
    otherwise. Computing again overwrites placings adjusted by hand."""
    event = _locked(event)
    _require_results_step(actor, event)
    entries = list(ContestEntry.objects.filter(event=event, status=EntryStatus.SUBMITTED))
    values = selectors.totals(event) if event.has_jury else {}
    by_nomination: dict[int | None, dict[int, Decimal | None]] = defaultdict(dict)
    for entry in entries:
        by_nomination[entry.nomination_id][entry.pk] = values.get(entry.pk)
    ranks = {}
    for group in by_nomination.values():
        ranks.update(competition_ranks(group))
    for entry in entries:
        entry.total_score = values.get(entry.pk)
        entry.rank = ranks.get(entry.pk)
        entry.placing, entry.degree = SUGGESTED.get(entry.rank, (Placing.PARTICIPANT, None))
    ContestEntry.objects.bulk_update(entries, ["total_score", "rank", "placing", "degree"])
    ContestEntry.objects.filter(event=event).exclude(status=EntryStatus.SUBMITTED).update(
        total_score=None, rank=None, placing="", degree=None
    )
    ContestResults.objects.update_or_create(
        event=event, defaults={"computed_at": timezone.now(), "changed_at": None}
    )
    return entries


@transaction.atomic
def placings_set(*, actor, event: Event, placings: Mapping) -> int:
    """The organisers' adjustment of the suggested placings: ``placings`` maps an admitted
    entry's id to a code of PLACING_CODES. Returns how many entries changed."""
    event = _locked(event)
    _require_results_step(actor, event)
    entries = {
        entry.pk: entry
        for entry in ContestEntry.objects.filter(event=event, status=EntryStatus.SUBMITTED)
    }
    changed = []
    for key, code in (placings or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            raise ActionRefused(_("An entry is not among the admitted entries.")) from None
        if pk not in entries:
            raise ActionRefused(_("An entry is not among the admitted entries."))
        if code not in PLACING_CODES:
            raise ActionRefused(_("Choose the result from the list."))
        entry = entries[pk]
        placing, degree = PLACING_CODES[code]
        if (entry.placing, entry.degree) != (placing, degree):
            entry.placing, entry.degree = placing, degree
            changed.append(entry)
    if changed:
        ContestEntry.objects.bulk_update(changed, ["placing", "degree"])
        audit_record(
            "contest_placings_changed",
            actor=actor,
            community=event.community,
            target=event,
            data={"entries": {str(e.pk): placing_code(e) for e in changed}},
        )
    return len(changed)


def stale_results_message() -> str:
    return _("The scores changed after the results were prepared: prepare the results again.")


def results_url(event: Event) -> str:
    return reverse("contests:results", args=[event.pk])


@transaction.atomic
def results_publish(*, actor, event: Event) -> Event:
    """Fixes the results: from now on no score, placing or entry changes. The authors of every
    admitted entry are told (kind "contest")."""
    event = _locked(event)
    if policies.results_published(event):
        raise ActionRefused(_("The results are already published."))
    _require_results_step(actor, event)
    admitted = ContestEntry.objects.filter(event=event, status=EntryStatus.SUBMITTED)
    if not admitted.exists():
        raise ActionRefused(_("There is no admitted entry: there are no results to publish."))
    prepared = ContestResults.objects.filter(event_id=event.pk).exists()
    if not prepared or admitted.filter(placing="").exists():
        raise ActionRefused(_("Prepare the results first: some entries have no result yet."))
    if selectors.results_stale(event):
        raise ActionRefused(stale_results_message())
    event.results_published_at = timezone.now()
    event.save(update_fields=["results_published_at"])
    audit_record(
        "contest_results_published",
        actor=actor,
        community=event.community,
        target=event,
        data={"entries": admitted.count()},
    )
    authors = (
        EntryAuthor.objects.filter(entry__in=admitted).values_list("user_id", flat=True).distinct()
    )
    _tell_many(
        authors,
        title_of=lambda: _("The results of «%(title)s» are published") % {"title": event.title},
        url=results_url(event),
    )
    return event
