"""The consultation line's panel of an event page (events/detail.html includes it with
`{% consultations_panel event %}`): only for an event of the form «консультационная линия».

It shows the ask form (or why the reader cannot ask), the reader's own questions on this line,
the latest published questions and answers with a link to all of them, and for the answerers
and the event's managers a link to the queue with the number of questions awaiting an answer.
A few queries whatever the number of questions."""

from django import template

from pedset.consultations import policies, selectors, services
from pedset.consultations.display import question_rows
from pedset.consultations.forms import QuestionForm

register = template.Library()

PANEL_PUBLISHED = 5


@register.inclusion_tag("consultations/_panel.html", takes_context=True)
def consultations_panel(context, event):
    request = context.get("request")
    shown = {"event": event, "request": request, "shown": False}
    if request is None or not event.is_consultation_line:
        return shown
    user = request.user
    published_qs = selectors.published_questions(event)
    published = selectors.attach_event(published_qs[:PANEL_PUBLISHED], event)
    published_count = len(published)
    if published_count == PANEL_PUBLISHED:
        published_count = published_qs.count()
    can_ask = policies.can_ask_question(user, event)
    can_view_queue = policies.can_view_question_queue(user, event)
    mine = []
    if user.is_authenticated:
        mine = question_rows(
            user, selectors.attach_event(selectors.my_questions(user, event), event)
        )
    return {
        **shown,
        "shown": True,
        "csrf_token": context.get("csrf_token"),
        "user_signed_in": user.is_authenticated,
        "can_ask": can_ask,
        "ask_obstacle": None if can_ask else services.ask_obstacle(user, event),
        "form": QuestionForm() if can_ask else None,
        "mine": mine,
        "published": question_rows(user, published),
        "published_count": published_count,
        "can_view_queue": can_view_queue,
        "open_count": selectors.queue_counts(event)["open"] if can_view_queue else 0,
    }
