from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pedset.core.models import AppendOnlyError


class FlagReason(models.TextChoices):
    """Prohibited content as the rules of conduct list it (regulation 002 section 4)."""

    PROPAGANDA = "propaganda", _("propaganda")
    INSULT = "insult", _("insult")
    THREAT = "threat", _("threat")
    SLANDER = "slander", _("slander")
    PERSONAL_DATA = "personal_data", _("disclosure of personal data")
    COPYRIGHT = "copyright", _("copyright violation")
    OTHER = "other", _("other")


class Flag(models.Model):
    """A member's report of a forum post or a private message to the community's moderators."""

    class Status(models.TextChoices):
        OPEN = "open", _("awaiting a moderator")
        ACTIONED = "actioned", _("action taken")
        DISMISSED = "dismissed", _("dismissed")

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="flags"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_made"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FlagReason.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    post = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False) ^ models.Q(message__isnull=False),
                name="moderation_flag_one_target",
            )
        ]
        indexes = [models.Index(fields=["community", "status"])]


class ModerationAction(models.Model):
    """The moderation log (журнал модерации): append-only, read by the coordinator."""

    class Action(models.TextChoices):
        HIDE = "hide", _("hidden")
        RESTORE = "restore", _("restored")
        EDIT = "edit", _("edited")
        MOVE = "move", _("moved")
        LOCK = "lock", _("topic locked")
        UNLOCK = "unlock", _("topic unlocked")
        PIN = "pin", _("topic pinned")
        UNPIN = "unpin", _("topic unpinned")
        SPLIT = "split", _("topic split")
        DELETE = "delete", _("deleted")
        WARN = "warn", _("warning issued")
        SUSPEND = "suspend", _("suspended")
        LIFT_SUSPENSION = "lift", _("suspension lifted")
        DISMISS_FLAG = "dismiss", _("report dismissed")
        HIDE_MESSAGE = "hide_message", _("private message hidden")

    community = models.ForeignKey(
        "communities.Community", on_delete=models.PROTECT, related_name="moderation_actions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.TextField(_("reason"))
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

    class Meta:
        ordering = ["-created_at", "-id"]

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
    reason = models.TextField(_("reason"))
    post = models.ForeignKey("forum.Post", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


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
    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField(_("until"))
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["community", "user", "ends_at"])]
