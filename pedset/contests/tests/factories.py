"""Factories of the contests tests. Objects are made directly (not through the services) unless
a test is about the service; other apps' tests may use these too.

    contest(community=…, **event fields)   an announced contest, entries accepted for a week
    closed_contest(…)                      entries no longer accepted (deadline yesterday)
    entry(event, author=…, **fields)       an admitted entry with the author as its first author
    juror(event, user=…, chair=False)      a jury seat of an active member of the community
    criterion(event, max_score=10)
    score_fully(seat, entry, *scores)      the juror's scores of every criterion
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from pedset.communities.tests.factories import CommunityFactory, MembershipFactory
from pedset.contests.models import (
    ContestCriterion,
    ContestEntry,
    EntryAuthor,
    EntryFile,
    JuryMember,
    JuryScore,
    Nomination,
)
from pedset.events.models import EventForm
from pedset.events.tests.factories import EventFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def _hour(days: int = 0, hours: int = 0):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now + datetime.timedelta(days=days, hours=hours)


def contest(community=None, **fields):
    """An announced contest of the community: started yesterday, entries accepted for a week,
    ends in two weeks."""
    community = community or fields.pop("community", None) or CommunityFactory()
    fields.setdefault("form", EventForm.CONTEST)
    fields.setdefault("title", "Конкурс «Педагогический дебют»")
    fields.setdefault("starts_at", _hour(-1))
    fields.setdefault("ends_at", _hour(14))
    fields.setdefault("submissions_close_at", _hour(7))
    fields.setdefault("registration_required", False)
    return EventFactory(community=community, **fields)


def closed_contest(community=None, **fields):
    """Entries were accepted until yesterday; the event ends in a week."""
    fields.setdefault("submissions_close_at", _hour(-1))
    fields.setdefault("starts_at", _hour(-10))
    fields.setdefault("ends_at", _hour(7))
    return contest(community, **fields)


def nomination(event, name=None, position=None):
    count = Nomination.objects.filter(event=event).count()
    return Nomination.objects.create(
        event=event,
        name=name or f"Номинация № {count + 1}",
        position=count + 1 if position is None else position,
    )


def criterion(event, name=None, max_score=10):
    count = ContestCriterion.objects.filter(event=event).count()
    return ContestCriterion.objects.create(
        event=event, name=name or f"Критерий № {count + 1}", max_score=max_score, position=count
    )


def juror(event, user=None, *, chair=False) -> JuryMember:
    if user is None:
        user = MembershipFactory(community=event.community).user
    return JuryMember.objects.create(event=event, user=user, is_chair=chair)


def member(event, **fields):
    return MembershipFactory(community=event.community, **fields).user


def entry(event, author=None, *, coauthors=(), nomination=None, with_file=False, **fields):
    """An admitted entry; ``author`` (a new member by default) is its submitter and first
    author; the organisation is the author's."""
    if author is None:
        author = member(event)
    fields.setdefault("title", f"Работа {ContestEntry.objects.count() + 1}")
    fields.setdefault("summary", "Сценарий урока с проектными заданиями для 7 класса.")
    made = ContestEntry.objects.create(
        event=event,
        nomination=nomination,
        submitted_by=author,
        organisation_id=fields.pop("organisation_id", author.organisation_id),
        **fields,
    )
    for position, user in enumerate([author, *coauthors]):
        EntryAuthor.objects.create(entry=made, user=user, position=position)
    if with_file:
        row = EntryFile(
            entry=made,
            original_name="работа.pdf",
            size=len(PDF_BYTES),
            content_type="application/pdf",
        )
        row.file.save("work.pdf", ContentFile(PDF_BYTES), save=False)
        row.save()
    return made


def score_fully(seat: JuryMember, made: ContestEntry, *scores: int, comment="") -> None:
    """The juror's scores of the entry, one per criterion in order (the same score for every
    criterion when one is given)."""
    criteria = list(
        ContestCriterion.objects.filter(event_id=seat.event_id).order_by("position", "id")
    )
    if len(scores) == 1:
        scores = scores * len(criteria)
    for item, value in zip(criteria, scores, strict=True):
        JuryScore.objects.update_or_create(
            entry=made, juror=seat, criterion=item, defaults={"score": value, "comment": comment}
        )
