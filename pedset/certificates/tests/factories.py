"""Factories of the certificates tests: contests with published results, juries, awards.

Contest objects are made directly (the contests app's services are written alongside); an award
without rendering uses the documents app's DocumentFactory (fast, for lists and permissions)."""

import datetime

from django.utils import timezone

from pedset.accounts.tests.factories import UserFactory
from pedset.certificates.models import AwardGround, EventAward
from pedset.communities.tests.factories import MembershipFactory
from pedset.contests.models import (
    ContestCriterion,
    ContestEntry,
    EntryAuthor,
    JuryMember,
    JuryScore,
    Nomination,
    Placing,
)
from pedset.documents.models import DocumentKind
from pedset.documents.tests.factories import DocumentFactory
from pedset.events.models import EventForm
from pedset.events.tests.factories import past_event


def member(community, **user_fields):
    """An active ordinary member of the community (Faker ru_RU name unless given)."""
    user = UserFactory(**user_fields) if user_fields else None
    if user is None:
        return MembershipFactory(community=community).user
    MembershipFactory(community=community, user=user)
    return user


def contest(community=None, *, published=True, **fields):
    """A contest that ended yesterday, its results published (unless asked otherwise)."""
    fields.setdefault("form", EventForm.CONTEST)
    fields.setdefault("title", "Конкурс методических разработок «Урок цифровой эпохи»")
    if community is not None:
        fields["community"] = community
    event = past_event(**fields)
    if published:
        event.results_published_at = timezone.now() - datetime.timedelta(hours=1)
        event.save(update_fields=["results_published_at"])
    return event


def entry(
    event,
    *authors,
    placing=Placing.PARTICIPANT,
    rank=None,
    degree=None,
    nomination=None,
    title=None,
):
    """A submitted entry of the authors (the first submits it), placed as given."""
    if not authors:
        authors = (member(event.community),)
    if isinstance(nomination, str):
        nomination, _ = Nomination.objects.get_or_create(event=event, name=nomination)
    item = ContestEntry.objects.create(
        event=event,
        nomination=nomination,
        title=title or f"Работа «Исследуем вместе» № {ContestEntry.objects.count() + 1}",
        submitted_by=authors[0],
        placing=placing,
        rank=rank,
        degree=degree,
    )
    for position, author in enumerate(authors):
        EntryAuthor.objects.create(entry=item, user=author, position=position)
    return item


def juror(event, user=None, *, scored=True, is_chair=False):
    """A jury member of the event; ``scored``: gave a score to one entry."""
    user = user or member(event.community)
    seat = JuryMember.objects.create(event=event, user=user, is_chair=is_chair)
    if scored:
        criterion, _ = ContestCriterion.objects.get_or_create(
            event=event, name="Актуальность", defaults={"max_score": 5}
        )
        scored_entry = ContestEntry.objects.filter(event=event).first() or entry(event)
        JuryScore.objects.create(entry=scored_entry, juror=seat, criterion=criterion, score=4)
    return seat


def award(event, user=None, *, ground=AwardGround.PARTICIPANT, **document_fields):
    """An award row with a registry row behind it (no files rendered)."""
    user = user or member(event.community)
    document_fields.setdefault("kind", DocumentKind.CERTIFICATE)
    document = DocumentFactory(community=event.community, recipient=user, **document_fields)
    return EventAward.objects.create(event=event, user=user, ground=ground, document=document)
