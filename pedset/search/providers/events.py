"""Events: title, description, form of activity, venue and community.

Only announced events are indexed (drafts and cancelled events are not found). Who finds an
event is who may open it: pedset.events.selectors.visible_events (announced events are public,
anonymous visitors included). The services of pedset.events call schedule_update("event", pk)
on every create, change, announcement and cancellation.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from pedset.events.models import Event, EventStatus
from pedset.events.selectors import visible_events
from pedset.search.registry import Entry, Provider, Shown, register

SNIPPET_FIELDS = frozenset({"description", "venue"})


class EventProvider(Provider):
    kind = "event"
    label = pgettext_lazy("search kinds", "Events")
    item_label = pgettext_lazy("search result", "event")
    order = 30

    def searchable_ids(self):
        return (
            Event.objects.filter(status=EventStatus.PUBLISHED)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def load(self, ids):
        return {e.pk: e for e in Event.objects.filter(pk__in=list(ids)).select_related("community")}

    def entry(self, event):
        if event.status != EventStatus.PUBLISHED:
            return None
        return Entry(
            title=event.title,
            sections=[
                ("description", event.description),
                ("form", str(event.get_form_display())),
                ("venue", event.venue),
                ("community", event.community.name),
            ],
            date=event.starts_at,
            community_id=event.community_id,
        )

    def visible(self, viewer):
        return Q(object_id__in=visible_events(viewer).values("pk"))

    def show(self, viewer, ids):
        from django.utils import timezone

        from pedset.events.templatetags.events_tags import event_time_text

        events = (
            visible_events(viewer)
            .filter(pk__in=list(ids), status=EventStatus.PUBLISHED)
            .select_related("community")
        )
        shown = {}
        for event in events:
            when = event_time_text(
                event.starts_at,
                event.ends_at,
                timezone.get_current_timezone(),
                event.community.time_zone,
            )
            shown[event.pk] = Shown(
                url=reverse("events:detail", args=[event.pk]),
                title=event.title,
                entry=self.entry(event),
                meta=[event.community.name, str(event.get_form_display()), when],
                fields=SNIPPET_FIELDS,
            )
        return shown


register(EventProvider())
