"""Personal-data hooks of events: the person's registrations (with attendance), roles as
organiser or speaker, materials they attached and their calendar feed.

Found by pedset.privacy.registry. On withdrawal the registrations and roles stay — they are the
community's record of who took part (counts, the certificates issued, the plan's report) — and
name nobody once the account is anonymised (User.get_full_name shows «Бывший участник»). What
is erased is the private calendar-feed address: it would otherwise keep answering.
"""

from django.utils.translation import pgettext_lazy

from pedset.events.models import CalendarFeed, EventMaterial, EventPerson, Registration

FEED = pgettext_lazy("personal data category", "address of the private calendar feed")


def _iso(value):
    return value.isoformat() if value is not None else None


def _event(event) -> dict:
    return {
        "id": event.pk,
        "title": event.title,
        "form": event.form,
        "community": {"id": event.community_id, "slug": event.community.slug},
        "starts_at": _iso(event.starts_at),
        "ends_at": _iso(event.ends_at),
        "status": event.status,
    }


def export(user) -> dict:
    registrations = [
        {
            "event": _event(row.event),
            "status": row.status,
            "registered_at": _iso(row.registered_at),
            "promoted_from_waiting_list_at": _iso(row.promoted_at),
            "cancelled_at": _iso(row.cancelled_at),
            "attended_at": _iso(row.attended_at),
            "attendance_source": row.attendance_source,
        }
        for row in Registration.objects.filter(user=user)
        .select_related("event__community")
        .order_by("registered_at", "id")
    ]
    roles = [
        {"event": _event(row.event), "role": row.role, "topic": row.topic}
        for row in EventPerson.objects.filter(user=user)
        .select_related("event__community")
        .order_by("event__starts_at", "id")
    ]
    materials = [
        {
            "event": {"id": row.event_id, "title": row.event.title},
            "title": row.title,
            "file_name": row.original_name,
            "url": row.url,
            "material_id": row.material_id,
            "added_at": _iso(row.added_at),
        }
        for row in EventMaterial.objects.filter(added_by=user)
        .select_related("event")
        .order_by("added_at", "id")
    ]
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "event_registrations": registrations,
        "event_roles": roles,
        "event_materials_added": materials,
        "calendar_feed": {"created_at": _iso(feed.created_at)} if feed else None,
    }


def erase(user) -> list[str]:
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return [str(FEED)] if deleted else []
