"""Who asks, answers, publishes and sees the questions of a consultation line (regulation `001`
3.3: «консультативные линии» of the network's tutoring). The permission table in
pedset/core/permission_table.py declares the expected answer of every can_* function here.

The answerers of a line are the community's active members with the role «Эксперт» and the
event's speakers (`events.EventPerson`, role SPEAKER — an invited specialist need not be a
member); `selectors.answerers(event)` is the same rule as a queryset.

Asking: the event is a consultation line, announced (PUBLISHED), its community open, and it has
not ended — questions are accepted from the announcement until `ends_at`, not only between
`starts_at` and `ends_at`: a line is announced in advance so that people send their questions
and the experts prepare the answers for the time of the line. The person belongs to the event's
audience (`events.policies.in_audience`) and is not suspended in the community. Answering has
no time limit: a question sent in the last minute is still answered after the line closes.

Visibility of a question (`can_view_question`):
- unpublished (awaiting an answer, or answered and not published) — the asker, the answerers,
  the event's managers (its organisers, the community's coordinators and administrators,
  platform administrators);
- published (answered and put out by an answerer or a manager) — everyone who may view the
  event, anonymous visitors too for an announced event;
- hidden by a moderator — the asker (with the moderator's reason) and the community's
  moderators (moderators, the coordinator, the community administrator, platform
  administrators).

Names (152-FZ): the asker's name is shown to the asker, the answerers and the event's managers
(the question is addressed to them, as a letter is); on a published question to other readers
only when the asker ticked «show my name» and only to signed-in people in the event's audience
(`asker_name_visible`); to everyone else the asker is «Участник». The answerer's name is shown
to signed-in readers (experts answer in their role; `answerer_name_visible`), anonymous
visitors read «Эксперт».
"""

from __future__ import annotations

from pedset.communities.models import Role
from pedset.consultations.models import QuestionStatus
from pedset.core.policies import community_role, is_active_user, is_platform_admin
from pedset.events import policies as event_policies
from pedset.moderation.policies import MODERATORS, can_moderate, is_suspended

# Statuses in which an answerer writes or corrects the answer (until it is published).
ANSWERABLE = frozenset({QuestionStatus.OPEN, QuestionStatus.ANSWERED})


# --- Facts -----------------------------------------------------------------------------------


def is_answerer(user, event) -> bool:
    """An expert of the event's community or a speaker of the event (a consultation line only).
    Cheap in a loop: the role and the event's people are memoised."""
    if not is_active_user(user) or not event.is_consultation_line:
        return False
    if community_role(user, event.community) == Role.EXPERT:
        return True
    return event_policies.is_speaker(user, event)


def is_asker(user, question) -> bool:
    return is_active_user(user) and question.author_id == user.pk


def is_published(question) -> bool:
    return question.status == QuestionStatus.ANSWERED and question.published_at is not None


def _is_moderator(user, community) -> bool:
    """Moderators of the community, closed communities included (they still read what they
    hid); can_moderate is the one that acts, and only in an open community."""
    return is_platform_admin(user) or community_role(user, community) in MODERATORS


def sees_hidden_questions(user, event) -> bool:
    """The hidden questions of a line (the queue's «hidden» tab): its community's moderators."""
    return _is_moderator(user, event.community)


def _may_write(user, event) -> bool:
    return not event.community.is_closed and not is_suspended(user, event.community)


# --- Permissions -----------------------------------------------------------------------------


def can_ask_question(user, event) -> bool:
    """The audience of an announced line that has not ended, not suspended in the community."""
    return (
        event.is_consultation_line
        and event_policies.is_open_for_taking_part(event)
        and event_policies.in_audience(user, event)
        and not is_suspended(user, event.community)
    )


def can_view_question_queue(user, event) -> bool:
    """The questions awaiting an answer: the answerers and the event's managers."""
    if not event.is_consultation_line:
        return False
    if is_answerer(user, event) and event_policies.can_view_event(user, event):
        return True
    return event_policies.can_manage_event(user, event)


def can_view_question(user, question) -> bool:
    event = question.event
    if not event_policies.can_view_event(user, event):
        return False
    if question.status == QuestionStatus.HIDDEN:
        return is_asker(user, question) or _is_moderator(user, event.community)
    if is_published(question):
        return True
    return (
        is_asker(user, question)
        or is_answerer(user, event)
        or event_policies.can_manage_event(user, event)
    )


def can_answer_question(user, question) -> bool:
    """An answerer writes the answer, and corrects it until it is published; never to their own
    question; not while suspended, not in a closed community."""
    event = question.event
    return (
        question.status in ANSWERABLE
        and question.published_at is None
        and not is_asker(user, question)
        and is_answerer(user, event)
        and _may_write(user, event)
    )


def can_publish_question(user, question) -> bool:
    """Publishing an answered question for every reader of the event, and taking it back: the
    answerers (not suspended) and the event's managers, in an open community."""
    event = question.event
    if question.status != QuestionStatus.ANSWERED or event.community.is_closed:
        return False
    if is_answerer(user, event) and not is_suspended(user, event.community):
        return True
    return event_policies.can_manage_event(user, event)


def can_hide_question(user, question) -> bool:
    """The community's moderators hide a question they can see (and show it again), with a
    reason; the asker is told."""
    return can_moderate(user, question.event.community) and can_view_question(user, question)


def can_withdraw_question(user, question) -> bool:
    """The asker deletes a question nobody has answered yet."""
    return is_asker(user, question) and question.status == QuestionStatus.OPEN


# --- Names (presentation) ----------------------------------------------------------------------


def asker_name_visible(user, question) -> bool:
    """See the module docstring. Ask only about a question the person may view."""
    if not is_active_user(user):
        return False
    if is_asker(user, question):
        return True
    event = question.event
    if question.status == QuestionStatus.HIDDEN:
        return _is_moderator(user, event.community)
    if is_answerer(user, event) or event_policies.can_manage_event(user, event):
        return True
    return (
        is_published(question)
        and question.show_author_name
        and event_policies.in_audience(user, event)
    )


def answerer_name_visible(user, question) -> bool:
    """Experts answer in their role: signed-in readers see who answered."""
    return is_active_user(user)
