"""Documents of participation of an event (`003` 3.2, 5.2): one row per person, event and ground
(participant, speaker, organiser, winner, prize-winner, jury expert, expert of a consultation line), pointing at the Document of
the registry that was issued. The unique constraint makes bulk generation safe to repeat."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardGround(models.TextChoices):
    PARTICIPANT = "participant", _("participant")
    SPEAKER = "speaker", _("speaker")
    ORGANISER = "organiser", _("organiser")
    WINNER = "winner", _("winner")
    PRIZE_WINNER = "prize_winner", _("prize-winner")
    JURY = "jury", _("expert of the jury")
    CONSULTANT = "consultant", _("expert of the consultation line")


class EventAward(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="awards")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="event_awards"
    )
    ground = models.CharField(_("ground"), max_length=20, choices=AwardGround.choices)
    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="event_award"
    )
    # The contest entry a winner's or prize-winner's diploma is for.
    entry = models.ForeignKey(
        "contests.ContestEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "ground", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user", "ground"], name="certificates_one_per_ground"
            )
        ]
