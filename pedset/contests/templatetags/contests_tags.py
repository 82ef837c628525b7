"""The contests panel of an event page (events/detail.html includes it with
`{% contests_panel event %}`) and the `initials` filter («М. П. Иванова») of the results.

The panel shows itself only for events whose form accepts entries (contests, festivals,
projects), and to each reader only what they may use: the link to submit an entry, their own
entries, the jury's page, the pages of those who run the event, the published results.
Two to four queries: the reader's entries, their jury seat, their roles (memoised by the
policies).
"""

from django import template
from django.contrib.auth.models import AnonymousUser

from pedset.contests import policies, selectors
from pedset.core.policies import is_active_user
from pedset.documents.names import initials_name
from pedset.events.models import EventStatus

register = template.Library()


@register.filter
def initials(user) -> str:
    return initials_name(user)


@register.inclusion_tag("contests/_panel.html", takes_context=True)
def contests_panel(context, event):
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    if not event.accepts_submissions:
        return {"visible": False}
    manages = policies.can_manage_contest(user, event)
    if not event.was_announced and not manages:
        return {"visible": False}
    signed_in = is_active_user(user)
    can_submit = policies.can_submit_entry(user, event)
    return {
        "visible": True,
        "event": event,
        "request": request,
        "deadline": policies.submissions_deadline(event),
        "open": policies.submissions_open(event) and not policies.results_published(event),
        "announced": event.status == EventStatus.PUBLISHED,
        "signed_in": signed_in,
        "can_submit": can_submit,
        "mine": selectors.my_entries(user, event) if signed_in else [],
        "is_juror": policies.can_judge_contest(user, event),
        "manages": manages,
        "results_published": policies.results_published(event),
        "can_view_results": policies.can_view_results(user, event),
    }
