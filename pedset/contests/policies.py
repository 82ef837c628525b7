"""Who may do what in contests, festivals and projects (regulation 003 3.2, 6.2). The permission
table in pedset/core/permission_table.py declares the expected answer of every can_* function.

- Those who run the event (pedset.events.policies.can_manage_event: its organisers, the
  community's coordinators and administrators, platform administrators) set the contest up —
  nominations, criteria, the jury (contests and festivals only: Event.has_jury) — see every entry
  with its authors, refuse to admit an entry, fix the placings and publish the results. Once the
  results are published nothing changes any more.
- A person of the event's audience (pedset.events.policies.in_audience) without a suspension
  submits entries while the event is announced and its entries are accepted: until
  ``submissions_close_at``, or until the event ends when no such date is set. The submitter
  withdraws their own entry before that deadline.
- A member of the jury scores the admitted entries they may judge: never an entry they wrote or
  co-wrote, never one of their own organisation. The jury reads the entries without the authors'
  names and organisations (blind review).
- The published results are for everyone who may see the event.

Entry files are for the entry's authors, the jury members who may judge the entry and those who
run the event; nobody else, before or after the results.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from pedset.contests.models import ContestEntry, EntryAuthor, EntryStatus, JuryMember
from pedset.core.policies import community_role, is_active_user
from pedset.events.models import Event, EventStatus
from pedset.events.policies import can_manage_event, can_view_event, in_audience, is_running
from pedset.moderation.policies import is_suspended


def submissions_deadline(event: Event):
    """Until when entries are accepted: ``submissions_close_at``, else the end of the event."""
    return event.submissions_close_at or event.ends_at


def submissions_open(event: Event, now=None) -> bool:
    now = now or timezone.now()
    return submissions_deadline(event) > now


def results_published(event: Event) -> bool:
    return event.results_published_at is not None


def jury_seat(user, event: Event) -> JuryMember | None:
    """The person's seat on the event's jury (memoised on the event for a request)."""
    if not is_active_user(user) or not event.has_jury:
        return None
    cache = event.__dict__.setdefault("_pedset_jury_seats", {})
    if user.pk not in cache:
        cache[user.pk] = JuryMember.objects.filter(event=event, user=user).first()
    return cache[user.pk]


def forget_jury_seat(user, event: Event) -> None:
    event.__dict__.get("_pedset_jury_seats", {}).pop(getattr(user, "pk", None), None)


def entry_author_ids(entry: ContestEntry) -> frozenset[int]:
    """Ids of the entry's authors (the submitter is the first), from the prefetched authors
    when a list has them; memoised on the entry."""
    cached = entry.__dict__.get("_pedset_author_ids")
    if cached is None:
        cached = frozenset(row.user_id for row in entry.authors.all()) | {entry.submitted_by_id}
        entry.__dict__["_pedset_author_ids"] = cached
    return cached


def entry_organisation_ids(entry: ContestEntry) -> frozenset[int]:
    """The organisations an entry comes from: the one fixed at submission and each author's
    current one (from the prefetched authors with their users when a page has them); memoised
    on the entry."""
    cached = entry.__dict__.get("_pedset_organisation_ids")
    if cached is None:
        rows = getattr(entry, "_prefetched_objects_cache", {}).get("authors")
        if rows is not None and all(EntryAuthor.user.is_cached(row) for row in rows):
            found = {row.user.organisation_id for row in rows}
        else:
            found = set(
                EntryAuthor.objects.filter(entry_id=entry.pk).values_list(
                    "user__organisation_id", flat=True
                )
            )
        found.add(entry.organisation_id)
        cached = frozenset(found - {None})
        entry.__dict__["_pedset_organisation_ids"] = cached
    return cached


def is_entry_author(user, entry: ContestEntry) -> bool:
    return is_active_user(user) and user.pk in entry_author_ids(entry)


def conflict_of_interest(user, entry: ContestEntry) -> str | None:
    """Why the person may not judge the entry, or None: they wrote or co-wrote it, or it comes
    from their organisation (the submitter's at submission, or any author's now)."""
    if user.pk in entry_author_ids(entry):
        return _("You are an author of this entry: a juror does not judge their own work.")
    if user.organisation_id is not None and user.organisation_id in entry_organisation_ids(entry):
        return _(
            "This entry comes from your organisation: a juror does not judge the entries of "
            "their own organisation."
        )
    return None


# --- Running the contest -----------------------------------------------------------------------


def can_manage_contest(user, event: Event) -> bool:
    """See the entries with their authors, the jury's progress and the results being prepared."""
    return event.accepts_submissions and can_manage_event(user, event)


def can_setup_contest(user, event: Event) -> bool:
    """Nominations, criteria and the jury; refusing entries; placings. Not once the results are
    published, not for a cancelled event or a closed community."""
    return (
        event.accepts_submissions
        and not results_published(event)
        and is_running(event)
        and can_manage_event(user, event)
    )


def can_disqualify_entry(user, entry: ContestEntry) -> bool:
    return entry.status == EntryStatus.SUBMITTED and can_setup_contest(user, entry.event)


def can_publish_results(user, event: Event) -> bool:
    """After entries are no longer accepted, once, by those who run an announced event."""
    return (
        event.status == EventStatus.PUBLISHED
        and not submissions_open(event)
        and can_setup_contest(user, event)
    )


# --- Entries -----------------------------------------------------------------------------------


def submit_obstacle(user, event: Event) -> str | None:
    """Why an entry cannot be submitted now (for a person of the audience), or None."""
    if not event.accepts_submissions:
        return _("This event does not accept entries.")
    if event.status != EventStatus.PUBLISHED:
        return _("The event is not announced: entries are not accepted.")
    if event.community.closed_at is not None:
        return _("The community is closed: entries are not accepted.")
    if results_published(event) or not submissions_open(event):
        return _("Entries are no longer accepted: the deadline has passed.")
    if is_suspended(user, event.community):
        return _("Your participation in the community is suspended: you cannot submit entries.")
    return None


def can_submit_entry(user, event: Event) -> bool:
    return in_audience(user, event) and submit_obstacle(user, event) is None


def can_view_entry(user, entry: ContestEntry) -> bool:
    """The entry's page with its authors: the authors and those who run the event."""
    if not is_active_user(user):
        return False
    return is_entry_author(user, entry) or can_manage_contest(user, entry.event)


def can_withdraw_entry(user, entry: ContestEntry) -> bool:
    """The submitter, while entries are accepted."""
    event = entry.event
    return (
        is_active_user(user)
        and entry.submitted_by_id == user.pk
        and entry.status == EntryStatus.SUBMITTED
        and not results_published(event)
        and submissions_open(event)
    )


def is_sitting_juror(user, event: Event) -> bool:
    """A member of the jury of an announced (or cancelled) contest or festival who is still an
    active member of the community."""
    return (
        event.has_jury
        and event.status != EventStatus.DRAFT
        and jury_seat(user, event) is not None
        and community_role(user, event.community) is not None
    )


def may_judge(user, entry: ContestEntry) -> bool:
    """A sitting member of the jury without a conflict of interest, on an admitted entry."""
    return (
        entry.status == EntryStatus.SUBMITTED
        and is_sitting_juror(user, entry.event)
        and conflict_of_interest(user, entry) is None
    )


def can_download_entry_file(user, entry: ContestEntry) -> bool:
    """The files of an entry (its own or those of its material from the bank): the authors, the
    jury members who may judge it, those who run the event."""
    if not is_active_user(user):
        return False
    return (
        is_entry_author(user, entry)
        or can_manage_contest(user, entry.event)
        or may_judge(user, entry)
    )


# --- The jury ----------------------------------------------------------------------------------


def can_judge_contest(user, event: Event) -> bool:
    """The jury's page: members of the jury of a contest or festival (after the results too,
    to read their own scores)."""
    return is_sitting_juror(user, event)


def can_score_entry(user, entry: ContestEntry) -> bool:
    """Give or change the scores of an entry: until the results are published."""
    event = entry.event
    return (
        not results_published(event)
        and event.status == EventStatus.PUBLISHED
        and is_running(event)
        and can_judge_contest(user, event)
        and may_judge(user, entry)
    )


# --- Results -----------------------------------------------------------------------------------


def can_view_results(user, event: Event) -> bool:
    return event.accepts_submissions and results_published(event) and can_view_event(user, event)
