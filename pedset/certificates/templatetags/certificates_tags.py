"""The certificates panel of an event page (events/detail.html includes it with
`{% certificates_panel event %}`): a person's own documents of the event; for those who run it,
how many people qualify and how many documents are issued, the button that issues the missing
ones and the list of issued documents with revocation links."""

from django import template

from pedset.certificates import policies, selectors, services
from pedset.documents.policies import can_download_document

register = template.Library()


@register.inclusion_tag("certificates/_panel.html", takes_context=True)
def certificates_panel(context, event):
    request = context.get("request")
    user = getattr(request, "user", None)
    panel = {"event": event, "request": request, "show": False}
    if user is None or not user.is_authenticated:
        return panel
    own = list(selectors.awards_of_person(event, user))
    panel.update(own_awards=own, show=bool(own))
    if not policies.can_see_awards(user, event):
        return panel
    awards = list(selectors.awards_of_event(event))
    for award in awards:
        award.event = event  # one event object: the roles asked below are memoised on it
        award.can_revoke = policies.can_revoke_award(user, award)
        # an organiser who does not keep the registry sees the check page, not the file
        award.can_download = can_download_document(user, award.document)
    refusal = services.issue_refusal(event)
    qualifying = [] if refusal else selectors.qualifying(event)
    issued = {(award.user_id, award.ground) for award in awards}
    missing = sum(
        1 for person, ground, _entry in qualifying if (person.pk, str(ground)) not in issued
    )
    panel.update(
        show=bool(awards) or event.status == "published",
        manager=True,
        awards=awards,
        refusal=refusal,
        qualifying=len(qualifying),
        issued_count=len(awards),
        missing=missing,
        can_issue=policies.can_issue_certificates(user, event),
    )
    return panel
