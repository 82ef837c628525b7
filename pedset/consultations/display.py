"""What each shown question carries for its reader: whose name may be printed and which actions
the reader has. Used by the pages and by the event page's panel; every answer comes from the
policies (memoised per request), so a list costs no query per question."""

from __future__ import annotations

from dataclasses import dataclass

from pedset.consultations import policies
from pedset.consultations.models import Question


@dataclass
class QuestionRow:
    question: Question
    shows_asker: bool
    shows_answerer: bool
    is_mine: bool
    is_published: bool
    can_answer: bool
    can_publish: bool
    can_hide: bool
    can_withdraw: bool


def question_row(user, question: Question) -> QuestionRow:
    return QuestionRow(
        question=question,
        shows_asker=question.author is not None and policies.asker_name_visible(user, question),
        shows_answerer=question.answered_by is not None
        and policies.answerer_name_visible(user, question),
        is_mine=policies.is_asker(user, question),
        is_published=policies.is_published(question),
        can_answer=policies.can_answer_question(user, question),
        can_publish=policies.can_publish_question(user, question),
        can_hide=policies.can_hide_question(user, question),
        can_withdraw=policies.can_withdraw_question(user, question),
    )


def question_rows(user, questions) -> list[QuestionRow]:
    return [question_row(user, question) for question in questions]
