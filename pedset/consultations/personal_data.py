"""Personal-data hooks of the consultation lines: the questions a person asked (with the answers
they received) and the answers they wrote as an expert or a speaker.

Found by pedset.privacy.registry. On withdrawal the person's questions that were never
published — awaiting an answer, answered privately, hidden by a moderator — are deleted: they
were a conversation between the person and the experts, nobody else could read them, and they
may carry the person's own circumstances. Published questions stay with their answers (the
line's public record, like forum posts), never again with the asker's name: «show my name» is
switched off and the account itself reads «Бывший участник». Answers the person wrote stay on
the questions of others, signed «Бывший участник» through User.get_full_name.
"""

from django.utils.translation import pgettext_lazy

from pedset.consultations.models import Question, QuestionStatus

UNPUBLISHED = pgettext_lazy("personal data category", "unpublished questions to consultation lines")


def _iso(value):
    return value.isoformat() if value is not None else None


def _event(question) -> dict:
    event = question.event
    return {
        "id": event.pk,
        "title": event.title,
        "community": {"id": event.community_id, "slug": event.community.slug},
    }


def export(user) -> dict:
    asked = [
        {
            "id": question.pk,
            "line": _event(question),
            "asked_at": _iso(question.asked_at),
            "text": question.text,
            "status": question.status,
            "show_my_name_if_published": question.show_author_name,
            "published_at": _iso(question.published_at),
            "answer": question.answer,
            "answered_at": _iso(question.answered_at),
            "hidden_reason": question.hidden_reason,
        }
        for question in Question.objects.filter(author=user)
        .select_related("event__community")
        .order_by("asked_at", "id")
    ]
    # The answers I wrote; the asker of each question is somebody else: no names, no text of
    # theirs (only the question's id and line).
    answered = [
        {
            "question": question.pk,
            "line": _event(question),
            "answered_at": _iso(question.answered_at),
            "answer": question.answer,
            "published_at": _iso(question.published_at),
        }
        for question in Question.objects.filter(answered_by=user)
        .exclude(author=user)
        .select_related("event__community")
        .order_by("answered_at", "id")
    ]
    return {"consultation_questions": asked, "consultation_answers": answered}


def erase(user) -> list[str]:
    """Unpublished questions go; published ones stay without the name (see the module)."""
    mine = Question.objects.filter(author=user)
    unpublished = mine.exclude(status=QuestionStatus.ANSWERED, published_at__isnull=False)
    deleted, _detail = unpublished.delete()
    mine.filter(show_author_name=True).update(show_author_name=False)
    return [str(UNPUBLISHED)] if deleted else []
