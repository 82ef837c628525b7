from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Announcement(models.Model):
    """An announcement to a community, shown pinned until a date.

    Groups (issue 6): an announcement will address either the whole community or one of its
    groups. The target plugs in here as ``group = ForeignKey("groups.Group", null=True)`` (None:
    the whole community); selectors.announcement_recipients() then takes the group's active
    members, and policies ask the group's managers. Nothing else changes.
    """

    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    title = models.CharField(pgettext_lazy("announcement", "title"), max_length=200)
    body = models.TextField(pgettext_lazy("announcement", "text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True, db_index=True)
    pinned_until = models.DateField(_("pinned until"), null=True, blank=True)
    # When the notifications to every member were queued (once, with the publication).
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # Who last edited and who removed it: kept instead of an audit entry.
    updated_at = models.DateTimeField(_("edited"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["community", "-created_at"],
                condition=models.Q(deleted_at__isnull=True),
                name="announcements_live_by_date",
            ),
            models.Index(
                fields=["community", "pinned_until"],
                condition=models.Q(deleted_at__isnull=True, pinned_until__isnull=False),
                name="announcements_pinned",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def is_pinned_on(self, day) -> bool:
        return self.pinned_until is not None and self.pinned_until >= day
