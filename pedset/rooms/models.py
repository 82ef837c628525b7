"""The online room of an event: a BigBlueButton meeting, a Jitsi Meet room or a plain link.

Join links are issued by `pedset.rooms.services.room_join` only to registered participants (and
the event's organisers and speakers), only around the event's time; a join marks attendance.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.TextChoices):
    BIGBLUEBUTTON = "bbb", "BigBlueButton"
    JITSI = "jitsi", "Jitsi Meet"
    LINK = "link", _("external link")


class Room(models.Model):
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="room")
    provider = models.CharField(_("conferencing system"), max_length=10, choices=Provider.choices)
    # BigBlueButton meetingID / Jitsi room name: random, never derived from the title.
    meeting_id = models.CharField(max_length=100, blank=True)
    # BigBlueButton passwords of the two roles (kept for servers older than 2.4 that need them).
    attendee_secret = models.CharField(max_length=64, blank=True)
    moderator_secret = models.CharField(max_length=64, blank=True)
    # LINK: the address given to participants (Zoom, Сферум, Яндекс Телемост…).
    external_url = models.URLField(_("link to the room"), max_length=500, blank=True)
    created_on_server_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("online room")
        verbose_name_plural = _("online rooms")


class RoomJoin(models.Model):
    """Every issued join link (who, when, as whom): the attendance evidence."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="joins")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="room_joins"
    )
    as_moderator = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
