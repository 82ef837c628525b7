from django.apps import AppConfig
from django.utils.translation import gettext_noop

# The names of this app's audit codes (pedset.core.models.AuditEvent.Action) are translated in
# this app's catalogue, so the audit pages show them in Russian.
AUDIT_NAMES = (
    gettext_noop("Event created"),
    gettext_noop("Event changed"),
    gettext_noop("Event announced"),
    gettext_noop("Event cancelled"),
    gettext_noop("Organiser or speaker added"),
    gettext_noop("Organiser or speaker removed"),
    gettext_noop("Attendance marked by hand"),
)


class EventsConfig(AppConfig):
    name = "pedset.events"
