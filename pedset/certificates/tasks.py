"""Background work of the certificates app (django.tasks; with the default immediate backend the
task runs at once in the process that enqueued it, with a task worker it runs there)."""

from django.tasks import task


@task()
def issue_certificates(*, event_id: int, actor_id: int | None = None) -> dict:
    """Issue the event's missing documents; returns how many were issued and skipped."""
    from django.contrib.auth import get_user_model

    from pedset.certificates.services import certificates_issue_for_event
    from pedset.events.models import Event

    event = Event.objects.select_related("community").get(pk=event_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    result = certificates_issue_for_event(actor=actor, event=event)
    return {"issued": len(result.issued), "skipped": result.skipped}
