from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pedset.notifications.kinds import Delivery


class NotificationPreference(models.Model):
    """One person's choice for one kind. No row means the kind's default (kinds.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind of notification"), max_length=64)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notifications_preference_one_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} → {self.delivery}"
