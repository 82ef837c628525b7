from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """An announcement to a community (later also to a group), shown pinned until a date."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="announcements"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="announcements"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    pinned_until = models.DateField(_("pinned until"), null=True, blank=True)
    # When the notifications to every member were queued (once, after commit).
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title
