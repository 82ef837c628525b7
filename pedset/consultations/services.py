"""Every write of the consultation lines, each in one transaction.

A member of the line's audience asks (question_ask: the answerers are told), an answerer
answers and may correct the answer until it is published (question_answer: the asker is told),
an answerer or a manager of the event publishes the answered question for every reader of the
event or takes it back (question_publish / question_unpublish), a moderator hides a question
with a reason and may show it again (question_hide / question_restore: the asker is told, the
audit log keeps the act and the reason), and the asker may withdraw a question nobody has
answered yet (question_withdraw: deleted).

Refusals: ActionRefused with a message for the reader when the person may act on the line but
the input or the state does not allow it; PermissionDenied when the person has no role there.
Stored notifications carry neither names nor the text of a question or an answer: they link to
the page that shows them to whom the policies allow.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from pedset.communities.services import ActionRefused
from pedset.consultations import policies, selectors
from pedset.consultations.models import Question, QuestionStatus
from pedset.core import ratelimit
from pedset.core.audit import audit_record
from pedset.core.notify import notify, notify_many
from pedset.core.policies import is_active_user
from pedset.events import policies as event_policies
from pedset.events.models import EventStatus
from pedset.moderation.policies import is_suspended

__all__ = ["ActionRefused"]

QUESTION_MIN = 10
QUESTION_MAX = 5000
ANSWER_MAX = Question._meta.get_field("answer").max_length
REASON_MAX = Question._meta.get_field("hidden_reason").max_length
# Questions per person per window, across all lines (a consultation, not a chat).
QUESTION_LIMIT, QUESTION_WINDOW = 10, 60 * 60
NOTICE_TITLE_MAX = 300
ACTION_PUBLISHED = "consultation_question_published"
ACTION_UNPUBLISHED = "consultation_question_unpublished"


# --- Checks shared with the forms --------------------------------------------------------------


def _text(value) -> str:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ActionRefused(
            _("The text contains a null character (a byte 0): remove it and send the text again.")
        )
    return text.strip()


def clean_question_text(value) -> str:
    text = _text(value)
    if not text:
        raise ActionRefused(_("Write your question."))
    if len(text) < QUESTION_MIN:
        raise ActionRefused(
            _("The question is too short: at least %(min)s characters (now %(n)s).")
            % {"min": QUESTION_MIN, "n": len(text)}
        )
    if len(text) > QUESTION_MAX:
        raise ActionRefused(
            _("The question is too long: at most %(max)s characters (now %(n)s).")
            % {"max": QUESTION_MAX, "n": len(text)}
        )
    return text


def clean_answer_text(value) -> str:
    text = _text(value)
    if not text:
        raise ActionRefused(_("Write the answer."))
    if len(text) > ANSWER_MAX:
        raise ActionRefused(
            _("The answer is too long: at most %(max)s characters (now %(n)s).")
            % {"max": ANSWER_MAX, "n": len(text)}
        )
    return text


def clean_reason(value) -> str:
    text = _text(value)
    if not text:
        raise ActionRefused(_("State the reason: the asker will see it."))
    if len(text) > REASON_MAX:
        raise ActionRefused(
            _("The reason is too long: at most %(max)s characters (now %(n)s).")
            % {"max": REASON_MAX, "n": len(text)}
        )
    return text


def ask_obstacle(user, event) -> str | None:
    """Why the person cannot ask a question on the line, in words, or None when they can."""
    if policies.can_ask_question(user, event):
        return None
    if not event.is_consultation_line:
        return _("This event is not a consultation line.")
    if not is_active_user(user):
        return _("Log in to ask a question.")
    if event.status == EventStatus.CANCELLED:
        return _("The consultation line is cancelled.")
    if event.status != EventStatus.PUBLISHED:
        return _("The consultation line is not announced yet.")
    if event.community.is_closed:
        return _("The community is closed: nothing new can be written in it.")
    if event.ends_at <= timezone.now():
        return _("The consultation line has ended: questions are no longer accepted.")
    if not event_policies.in_audience(user, event):
        return _("Only the audience of this consultation line may ask questions.")
    if is_suspended(user, event.community):
        return _("You are suspended in this community and cannot write in it for now.")
    return _("You cannot ask a question here.")


# --- Addresses and notices ---------------------------------------------------------------------


def question_url(question: Question) -> str:
    return reverse("consultations:question", args=[question.pk])


def queue_url(event) -> str:
    return reverse("consultations:queue", args=[event.pk])


def line_url(event) -> str:
    return reverse("consultations:line", args=[event.pk])


def _language_of(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _title(text: str) -> str:
    return Truncator(text).chars(NOTICE_TITLE_MAX)


def _tell_answerers(question: Question, actor) -> None:
    """One bulk notice per language (no asker's name, no text: the queue shows them)."""
    event = question.event
    people = selectors.answerers(event).exclude(pk=actor.pk).values_list("pk", "language")
    by_language: dict[str, list[int]] = {}
    for pk, language in people:
        by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(pk)
    for language, ids in sorted(by_language.items()):
        with translation.override(language):
            title = _title(
                _("A new question on the consultation line «%(title)s»") % {"title": event.title}
            )
            notify_many(ids, kind="consultation", title=title, url=queue_url(event))


def _tell_asker(question: Question, actor, *, kind: str, title: str, body: str = "") -> None:
    author = question.author
    if author is None or author.pk == actor.pk or not author.is_active:
        return
    notify(author, kind=kind, title=_title(title), body=body, url=question_url(question))


def _locked(question: Question) -> Question:
    """The question's row locked for the write, re-read with its event and people."""
    locked = (
        Question.objects.select_for_update(of=("self",))
        .select_related("event__community", "author", "answered_by")
        .filter(pk=question.pk)
        .first()
    )
    if locked is None:
        raise ActionRefused(_("The question no longer exists: the asker has withdrawn it."))
    return locked


def _check_rate(actor) -> None:
    minutes = ratelimit.take(
        "consultation-question", str(actor.pk), limit=QUESTION_LIMIT, window=QUESTION_WINDOW
    )
    if minutes:
        raise ActionRefused(
            ngettext(
                "You ask too many questions at once. Try again in %(n)s minute.",
                "You ask too many questions at once. Try again in %(n)s minutes.",
                minutes,
            )
            % {"n": minutes}
        )


def _refuse_write(actor, event) -> None:
    """The answerer's or manager's own state: closed community, suspension."""
    if event.community.is_closed:
        raise ActionRefused(_("The community is closed: nothing new can be written in it."))
    if is_suspended(actor, event.community):
        raise ActionRefused(
            _("You are suspended in this community and cannot write in it for now.")
        )


# --- Asking ------------------------------------------------------------------------------------


@transaction.atomic
def question_ask(*, actor, event, text: str, show_author_name: bool = False) -> Question:
    """A question of a person of the audience; the answerers are told (kind «consultation»).
    Validation first, the rate limit last, so that a mistyped question costs no attempt."""
    obstacle = ask_obstacle(actor, event)
    if obstacle is not None:
        raise ActionRefused(obstacle)
    text = clean_question_text(text)
    _check_rate(actor)
    question = Question.objects.create(
        event=event, author=actor, text=text, show_author_name=bool(show_author_name)
    )
    _tell_answerers(question, actor)
    return question


@transaction.atomic
def question_withdraw(*, actor, question: Question) -> None:
    """The asker deletes a question that has no answer yet."""
    question = _locked(question)
    if not policies.is_asker(actor, question):
        raise PermissionDenied
    if question.status == QuestionStatus.ANSWERED:
        raise ActionRefused(_("The question is already answered and cannot be withdrawn."))
    if question.status == QuestionStatus.HIDDEN:
        raise ActionRefused(_("The question is hidden by a moderator and cannot be withdrawn."))
    if not policies.can_withdraw_question(actor, question):  # pragma: no cover - a backstop
        raise PermissionDenied
    question.delete()


# --- Answering and publishing ------------------------------------------------------------------


@transaction.atomic
def question_answer(*, actor, question: Question, text: str) -> Question:
    """Writes the answer (or corrects it while it is not published); the asker is told of the
    first answer only."""
    question = _locked(question)
    event = question.event
    if not policies.is_answerer(actor, event):
        raise PermissionDenied
    if question.status == QuestionStatus.HIDDEN:
        raise ActionRefused(_("The question is hidden by a moderator."))
    if question.published_at is not None:
        raise ActionRefused(
            _("The answer is published: take it off publication before you change it.")
        )
    if policies.is_asker(actor, question):
        raise ActionRefused(_("You do not answer your own question."))
    _refuse_write(actor, event)
    text = clean_answer_text(text)
    if not policies.can_answer_question(actor, question):  # pragma: no cover - a backstop
        raise PermissionDenied
    first = question.status == QuestionStatus.OPEN
    if not first and text == question.answer:
        raise ActionRefused(_("The answer has not changed."))
    question.answer = text
    question.answered_by = actor
    question.answered_at = timezone.now()
    question.status = QuestionStatus.ANSWERED
    question.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    if first and question.author is not None:
        with translation.override(_language_of(question.author)):
            _tell_asker(
                question,
                actor,
                kind="consultation",
                title=_("Your question on the consultation line «%(title)s» is answered")
                % {"title": event.title},
            )
    return question


def _publication(actor, question: Question, *, publish: bool) -> Question:
    question = _locked(question)
    event = question.event
    if not (policies.is_answerer(actor, event) or event_policies.can_manage_event(actor, event)):
        raise PermissionDenied
    if question.status == QuestionStatus.HIDDEN:
        raise ActionRefused(_("The question is hidden by a moderator."))
    if question.status != QuestionStatus.ANSWERED:
        raise ActionRefused(_("Only an answered question can be published."))
    if publish and question.published_at is not None:
        raise ActionRefused(_("The question is published already."))
    if not publish and question.published_at is None:
        raise ActionRefused(_("The question is not published."))
    _refuse_write(actor, event)
    if not policies.can_publish_question(actor, question):  # pragma: no cover - a backstop
        raise PermissionDenied
    question.published_at = timezone.now() if publish else None
    question.save(update_fields=["published_at"])
    audit_record(
        ACTION_PUBLISHED if publish else ACTION_UNPUBLISHED,
        actor=actor,
        community=event.community,
        target=question,
        data={"event": event.pk},
    )
    return question


@transaction.atomic
def question_publish(*, actor, question: Question) -> Question:
    """Every reader of the event sees the question and the answer (the asker's name only as
    policies.asker_name_visible allows)."""
    return _publication(actor, question, publish=True)


@transaction.atomic
def question_unpublish(*, actor, question: Question) -> Question:
    """Back to the asker, the answerers and the managers; the answer may be corrected again."""
    return _publication(actor, question, publish=False)


# --- Moderation --------------------------------------------------------------------------------


def _moderated(actor, question: Question) -> Question:
    question = _locked(question)
    if not policies.can_hide_question(actor, question):
        raise PermissionDenied
    return question


def _tell_asker_of_moderation(question: Question, actor, title: str, reason: str) -> None:
    """``title`` is a msgid (gettext_noop), translated here in the asker's language."""
    if question.author is None:
        return
    with translation.override(_language_of(question.author)):
        _tell_asker(
            question,
            actor,
            kind="moderation",
            title=_(title) % {"title": question.event.title},
            body=_("Reason: %(reason)s") % {"reason": reason},
        )


@transaction.atomic
def question_hide(*, actor, question: Question, reason: str) -> Question:
    """Takes the question (and its answer) out of every list; it comes off publication. The
    asker sees it with the reason and is told; the audit log keeps the act and the reason."""
    question = _moderated(actor, question)
    reason = clean_reason(reason)
    if question.status == QuestionStatus.HIDDEN:
        raise ActionRefused(_("The question is hidden already."))
    was_published = question.published_at is not None
    question.status = QuestionStatus.HIDDEN
    question.hidden_reason = reason
    question.published_at = None
    question.save(update_fields=["status", "hidden_reason", "published_at"])
    audit_record(
        "consultation_question_hidden",
        actor=actor,
        community=question.event.community,
        target=question,
        subject_user=question.author,
        reason=reason,
        data={"event": question.event_id, "was_published": was_published},
    )
    _tell_asker_of_moderation(
        question,
        actor,
        gettext_noop("A moderator has hidden your question on the consultation line «%(title)s»"),
        reason,
    )
    return question


@transaction.atomic
def question_restore(*, actor, question: Question, reason: str) -> Question:
    """Shows a hidden question again: awaiting an answer, or answered and not published (the
    answerers decide on publication again)."""
    question = _moderated(actor, question)
    reason = clean_reason(reason)
    if question.status != QuestionStatus.HIDDEN:
        raise ActionRefused(_("The question is not hidden."))
    question.status = QuestionStatus.ANSWERED if question.answer else QuestionStatus.OPEN
    question.hidden_reason = ""
    question.save(update_fields=["status", "hidden_reason"])
    audit_record(
        "consultation_question_restored",
        actor=actor,
        community=question.event.community,
        target=question,
        subject_user=question.author,
        reason=reason,
        data={"event": question.event_id},
    )
    _tell_asker_of_moderation(
        question,
        actor,
        gettext_noop(
            "A moderator has shown your question on the consultation line «%(title)s» again"
        ),
        reason,
    )
    return question
