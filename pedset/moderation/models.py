from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.core.models import AppendOnlyError


class FlagReason(models.TextChoices):
    """Prohibited content as the rules of conduct list it (regulation 002 section 4)."""

    # Contexts keep these short words from being shadowed by another app's catalogue.
    PROPAGANDA = "propaganda", pgettext_lazy("flag reason", "propaganda")
    INSULT = "insult", pgettext_lazy("flag reason", "insult")
    THREAT = "threat", pgettext_lazy("flag reason", "threat")
    SLANDER = "slander", pgettext_lazy("flag reason", "slander")
    PERSONAL_DATA = "personal_data", pgettext_lazy("flag reason", "disclosure of personal data")
    COPYRIGHT = "copyright", pgettext_lazy("flag reason", "copyright violation")
    OTHER = "other", pgettext_lazy("flag reason", "other")


class Flag(models.Model):
    """A member's report of a forum post or a private message to the community's moderators."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("flag status", "awaiting a moderator")
        ACTIONED = "actioned", pgettext_lazy("flag status", "action taken")
        DISMISSED = "dismissed", pgettext_lazy("flag status", "dismissed")

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="flags"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_made"
    )
    reason = models.CharField(
        pgettext_lazy("moderation", "reason"), max_length=20, choices=FlagReason.choices
    )
    comment = models.TextField(pgettext_lazy("moderation", "comment"), max_length=2000, blank=True)
    post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    status = models.CharField(
        pgettext_lazy("moderation", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True)

    class Meta:
        verbose_name = _("report to moderators")
        verbose_name_plural = _("reports to moderators")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False) ^ models.Q(message__isnull=False),
                name="moderation_flag_one_target",
            ),
            # One open report per person and item, even when two requests race.
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=models.Q(status="open", post__isnull=False),
                name="moderation_flag_one_open_per_post",
            ),
            models.UniqueConstraint(
                fields=["reporter", "message"],
                condition=models.Q(status="open", message__isnull=False),
                name="moderation_flag_one_open_per_message",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"])]

    @property
    def item(self):
        return self.post if self.post_id is not None else self.message


class ModerationActionQuerySet(models.QuerySet):
    """Refuses bulk changes. The one exception is Django's deletion collector detaching rows
    from a deleted post, message or person (SET_NULL): the entry stays, its link goes."""

    def update(self, **kwargs):
        if kwargs and all(
            value is None
            and self.model._meta.get_field(name).null
            and self.model._meta.get_field(name).is_relation
            for name, value in kwargs.items()
        ):
            return super().update(**kwargs)
        raise AppendOnlyError("The moderation log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The moderation log is append-only.")

    def delete(self):
        raise AppendOnlyError("The moderation log is append-only.")


class ModerationAction(models.Model):
    """The moderation log (журнал модерации): append-only, read by the coordinator."""

    class Action(models.TextChoices):
        HIDE = "hide", pgettext_lazy("moderation log", "post hidden")
        RESTORE = "restore", pgettext_lazy("moderation log", "post restored")
        EDIT = "edit", pgettext_lazy("moderation log", "post edited")
        MOVE = "move", pgettext_lazy("moderation log", "topic moved")
        LOCK = "lock", pgettext_lazy("moderation log", "topic locked")
        UNLOCK = "unlock", pgettext_lazy("moderation log", "topic unlocked")
        PIN = "pin", pgettext_lazy("moderation log", "topic pinned")
        UNPIN = "unpin", pgettext_lazy("moderation log", "topic unpinned")
        SPLIT = "split", pgettext_lazy("moderation log", "topic split")
        DELETE = "delete", pgettext_lazy("moderation log", "post deleted")
        WARN = "warn", pgettext_lazy("moderation log", "warning issued")
        SUSPEND = "suspend", pgettext_lazy("moderation log", "suspended")
        LIFT_SUSPENSION = "lift", pgettext_lazy("moderation log", "suspension lifted")
        DISMISS_FLAG = "dismiss", pgettext_lazy("moderation log", "report dismissed")
        HIDE_MESSAGE = "hide_message", pgettext_lazy("moderation log", "private message hidden")
        # Reports about an item that a moderator had already hidden or deleted outside the
        # queue: closed as actioned, with the moderator's note.
        CLOSE_FLAGS = "close_flags", pgettext_lazy("moderation log", "reports closed")

    community = models.ForeignKey(
        "communities.Community", on_delete=models.PROTECT, related_name="moderation_actions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(
        pgettext_lazy("moderation", "action"), max_length=20, choices=Action.choices
    )
    reason = models.TextField(pgettext_lazy("moderation", "reason"))
    post = models.ForeignKey("forum.Post", null=True, blank=True, on_delete=models.SET_NULL)
    topic = models.ForeignKey("forum.Topic", null=True, blank=True, on_delete=models.SET_NULL)
    message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.SET_NULL
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    flag = models.ForeignKey(Flag, null=True, blank=True, on_delete=models.SET_NULL)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "-created_at", "-id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The moderation log is append-only.")


class MemberWarning(models.Model):
    """A moderator's warning to a member (предупреждение), with its reason."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="warnings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="warnings_received"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(pgettext_lazy("moderation", "reason"))
    post = models.ForeignKey("forum.Post", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "user"])]


class Suspension(models.Model):
    """A member may not post, message or flag in the community until ``ends_at``."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="suspensions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(pgettext_lazy("moderation", "reason"))
    starts_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField(pgettext_lazy("suspension", "until"))
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["community", "user", "ends_at"])]

    def is_current(self, now=None) -> bool:
        now = now or timezone.now()
        return self.lifted_at is None and self.ends_at > now
