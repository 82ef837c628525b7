"""Events: every form of activity the regulations list, with schedule, organisers and speakers,
audience, registration with capacity and a waiting list, attendance, materials and a recording.

Times are stored in UTC; pages show them in the reader's zone and in the community's zone.
An event's online room lives in `pedset.rooms`, contest entries in `pedset.contests`,
certificates in `pedset.certificates`, consultation questions in `pedset.consultations`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventForm(models.TextChoices):
    """The forms of activity of the regulations (`000`, `001` 3.4, `002` 4, `004` 1.3, 1.7).
    Surveys are a form too, but live in the monitoring app (issue 8)."""

    WEBINAR = "webinar", _("webinar")
    VIDEO_CONFERENCE = "video_conference", _("video conference")
    CONFERENCE = "conference", _("conference")
    SEMINAR = "seminar", _("seminar")
    VIRTUAL_CONFERENCE = "virtual_conference", _("virtual conference")
    TELECONFERENCE = "teleconference", _("teleconference")
    CONTEST = "contest", pgettext_lazy("event form", "contest")
    FESTIVAL = "festival", _("festival")
    PROJECT = "project", pgettext_lazy("event form", "project")
    CAMPAIGN = "campaign", _("campaign")
    PEDAGOGICAL_COUNCIL = "pedagogical_council", _("virtual pedagogical council")
    WORKSHOP = "workshop", _("workshop")
    MASTER_CLASS = "master_class", _("master class")
    CONSULTATION_LINE = "consultation_line", _("consultation line")
    EXPERIENCE_PRESENTATION = "experience_presentation", _("presentation of experience")
    OPEN_MICROPHONE = "open_microphone", _("open microphone")
    OPEN_DAY = "open_day", _("open day")
    FAIR = "fair", _("fair of pedagogical ideas")
    VIRTUAL_PARTY = "virtual_party", _("virtual party")
    CHAT_DISCUSSION = "chat_discussion", _("chat discussion")


# What each form needs (the pages show and ask only for what applies).
ONLINE_ROOM_FORMS = frozenset(
    {
        EventForm.WEBINAR,
        EventForm.VIDEO_CONFERENCE,
        EventForm.CONFERENCE,
        EventForm.SEMINAR,
        EventForm.VIRTUAL_CONFERENCE,
        EventForm.TELECONFERENCE,
        EventForm.PEDAGOGICAL_COUNCIL,
        EventForm.WORKSHOP,
        EventForm.MASTER_CLASS,
        EventForm.EXPERIENCE_PRESENTATION,
        EventForm.OPEN_MICROPHONE,
        EventForm.OPEN_DAY,
        EventForm.VIRTUAL_PARTY,
    }
)
SUBMISSION_FORMS = frozenset({EventForm.CONTEST, EventForm.FESTIVAL, EventForm.PROJECT})
JURY_FORMS = frozenset({EventForm.CONTEST, EventForm.FESTIVAL})
CONSULTATION_FORMS = frozenset({EventForm.CONSULTATION_LINE})


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "draft")
    PUBLISHED = "published", pgettext_lazy("event status", "announced")
    CANCELLED = "cancelled", pgettext_lazy("event status", "cancelled")


class Audience(models.TextChoices):
    COMMUNITY = "community", _("members of the community")
    INVITED = "invited", _("members of the community and staff of invited organisations")
    EVERYONE = "everyone", _("every registered user of the platform")


class Event(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="events"
    )
    form = models.CharField(_("form of activity"), max_length=32, choices=EventForm.choices)
    title = models.CharField(pgettext_lazy("event", "title"), max_length=300)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    # Where it happens when not (only) online: «МБОУ СОШ № 2, актовый зал».
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.COMMUNITY
    )
    invited_organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="event_invitations",
        verbose_name=_("invited organisations"),
    )
    registration_required = models.BooleanField(_("registration required"), default=True)
    # None: no limit. Beyond it people join the waiting list, which moves up automatically.
    capacity = models.PositiveIntegerField(_("number of places"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    recording_url = models.URLField(_("recording link"), max_length=500, blank=True)
    # Contests, festivals and projects: when entries are accepted.
    submissions_close_at = models.DateTimeField(_("entries accepted until"), null=True, blank=True)
    plan_item = models.ForeignKey(
        "plans.PlanItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("item of the work plan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="events_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(
        _("reason for cancellation"), max_length=2000, blank=True
    )
    # Set when certificates were issued in bulk after the event (pedset.certificates).
    certificates_issued_at = models.DateTimeField(null=True, blank=True)
    # Contests: when the results were published (pedset.contests).
    results_published_at = models.DateTimeField(null=True, blank=True)
    # Denormalised, kept by events.services under the event's row lock.
    registered_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["community", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="events_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def was_announced(self) -> bool:
        """Announced at some point (a cancelled draft never was: it stays private)."""
        return self.status != EventStatus.DRAFT and self.published_at is not None

    @property
    def needs_room(self) -> bool:
        return self.form in ONLINE_ROOM_FORMS

    @property
    def accepts_submissions(self) -> bool:
        return self.form in SUBMISSION_FORMS

    @property
    def has_jury(self) -> bool:
        return self.form in JURY_FORMS

    @property
    def is_consultation_line(self) -> bool:
        return self.form in CONSULTATION_FORMS


# Event.was_announced as a filter.
ANNOUNCED = ~models.Q(status=EventStatus.DRAFT) & models.Q(published_at__isnull=False)


class EventRole(models.TextChoices):
    ORGANISER = "organiser", _("organiser")
    SPEAKER = "speaker", _("speaker")


class EventPerson(models.Model):
    """An organiser or a speaker of an event (a person may be both: two rows)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=EventRole.choices)
    # A speaker's talk: «Формирующее оценивание на уроках математики».
    topic = models.CharField(_("topic of the talk"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user", "role"], name="events_one_role_each")
        ]


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "cancelled")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    # The waiting list is served in the order of this moment (re-set on re-registration).
    registered_at = models.DateTimeField(_("registered"))
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)

    class AttendanceSource(models.TextChoices):
        ROOM = "room", _("joined the online room")
        MARKED = "marked", _("marked by an organiser")

    attendance_source = models.CharField(
        max_length=20, choices=AttendanceSource.choices, blank=True
    )
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_registration")
        ]
        indexes = [models.Index(fields=["event", "status", "registered_at"])]


class EventMaterial(models.Model):
    """A file, a link or a material of the bank attached to an event (programme, slides)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(pgettext_lazy("event material", "title"), max_length=300)
    file = models.FileField(upload_to="events/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(_("link"), max_length=500, blank=True)
    material = models.ForeignKey(
        "materials.Material",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_links",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]


class CalendarFeed(models.Model):
    """A person's private calendar-feed address (the token is the only credential; reset makes a
    new one and the old address stops working)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
