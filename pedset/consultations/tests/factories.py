"""Factories of the consultation lines: a line (an event of that form) open for questions, and
questions in each state. They bypass the services (tests of the services use the services)."""

import datetime

import factory
from django.utils import timezone

from pedset.communities.tests.factories import MembershipFactory
from pedset.consultations.models import Question, QuestionStatus
from pedset.events.models import EventForm
from pedset.events.tests.factories import EventFactory


def open_line(**fields):
    """An announced consultation line that started an hour ago and runs two more hours."""
    now = timezone.now()
    fields.setdefault("starts_at", now - datetime.timedelta(hours=1))
    fields.setdefault("ends_at", now + datetime.timedelta(hours=2))
    fields.setdefault("title", "Консультационная линия «Подготовка к ОГЭ по математике»")
    fields.setdefault("registration_required", False)
    return EventFactory(form=EventForm.CONSULTATION_LINE, **fields)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question awaiting an answer, by an ordinary member of the line's community."""

    class Meta:
        model = Question

    event = factory.LazyFunction(open_line)
    author = factory.LazyAttribute(lambda o: MembershipFactory(community=o.event.community).user)
    text = factory.Sequence(
        lambda n: f"Как организовать повторение темы «Проценты» в 9 классе? Вопрос № {n}"
    )


def answered(question: Question, by=None, *, published: bool = False, text: str = "") -> Question:
    """The question answered (by an expert of the community unless named), published if asked."""
    if by is None:
        by = MembershipFactory(community=question.event.community, role="expert").user
    now = timezone.now()
    question.answer = text or "Начните с **задач на проценты** из открытого банка ФИПИ."
    question.answered_by = by
    question.answered_at = now
    question.status = QuestionStatus.ANSWERED
    question.published_at = now if published else None
    question.save()
    return question


def hidden(question: Question, reason: str = "Нарушение правил сообщества") -> Question:
    question.status = QuestionStatus.HIDDEN
    question.hidden_reason = reason
    question.published_at = None
    question.save()
    return question


def suspend(user, community, *, days=7):
    """A current suspension of the person in the community."""
    from pedset.moderation.models import Suspension

    return Suspension.objects.create(
        community=community,
        user=user,
        reason="Нарушение правил",
        ends_at=timezone.now() + datetime.timedelta(days=days),
    )
