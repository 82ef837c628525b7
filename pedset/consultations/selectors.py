"""Reads of the consultation lines. Lists cost the same number of queries for 3 questions and
for 300: people come with select_related, and every question of a list shares one event
object (`attach_event`), so the memoised answers of the policies serve the whole list."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from pedset.communities.models import Membership, MembershipStatus, Role
from pedset.consultations.models import Question, QuestionStatus
from pedset.events.models import Event, EventForm, EventPerson, EventRole


def line_for_page(pk: int) -> Event | None:
    """A consultation line (an event of that form) with its community, or None."""
    return (
        Event.objects.filter(pk=pk, form=EventForm.CONSULTATION_LINE)
        .select_related("community")
        .first()
    )


def answerers(event: Event) -> QuerySet:
    """The people who answer the line's questions (policies.is_answerer as a queryset): active
    experts of the community and the event's speakers, without those suspended in the
    community (they may read but not write)."""
    from pedset.moderation.models import Suspension

    experts = Membership.objects.filter(
        community_id=event.community_id, status=MembershipStatus.ACTIVE, role=Role.EXPERT
    ).values("user_id")
    speakers = EventPerson.objects.filter(event=event, role=EventRole.SPEAKER).values("user_id")
    suspended = Suspension.objects.filter(
        community_id=event.community_id, lifted_at__isnull=True, ends_at__gt=timezone.now()
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(pk__in=experts) | Q(pk__in=speakers))
        .exclude(pk__in=suspended)
        .order_by("pk")
    )


def _with_people(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("author", "answered_by")


def attach_event(questions, event: Event) -> list[Question]:
    """The questions of one line, each pointing at the same event object."""
    questions = list(questions)
    for question in questions:
        question.event = event
    return questions


def question_for_page(pk: int) -> Question | None:
    return (
        Question.objects.filter(pk=pk)
        .select_related("event__community", "author", "answered_by")
        .first()
    )


def published_questions(event: Event) -> QuerySet[Question]:
    """Published questions of the line, the latest published first."""
    return _with_people(
        Question.objects.filter(
            event=event, status=QuestionStatus.ANSWERED, published_at__isnull=False
        )
    ).order_by("-published_at", "-id")


def my_questions(user, event: Event) -> QuerySet[Question]:
    """The person's questions on the line, the newest first (hidden ones too: the asker sees
    the moderator's reason)."""
    return _with_people(Question.objects.filter(event=event, author=user)).order_by(
        "-asked_at", "-id"
    )


QUEUE_VIEWS = ("open", "answered", "hidden")


def queue(event: Event, view: str = "open") -> QuerySet[Question]:
    """The answerers' queue: questions awaiting an answer, the oldest first; answered ones (the
    newest answer first) with their publication state; hidden ones."""
    questions = _with_people(Question.objects.filter(event=event))
    if view == "answered":
        return questions.filter(status=QuestionStatus.ANSWERED).order_by("-answered_at", "-id")
    if view == "hidden":
        return questions.filter(status=QuestionStatus.HIDDEN).order_by("-asked_at", "-id")
    return questions.filter(status=QuestionStatus.OPEN).order_by("asked_at", "id")


def queue_counts(event: Event) -> dict[str, int]:
    """How many questions each tab of the queue holds (one query)."""
    from django.db.models import Count

    counts = dict(
        Question.objects.filter(event=event)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "open": counts.get(QuestionStatus.OPEN, 0),
        "answered": counts.get(QuestionStatus.ANSWERED, 0),
        "hidden": counts.get(QuestionStatus.HIDDEN, 0),
    }
