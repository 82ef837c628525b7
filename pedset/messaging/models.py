"""Внутренняя переписка: private conversations between members who share a community.

Who reads what is decided by a participant's *seat*: a seat covers the messages written from the
moment the person joined the conversation until the moment they left it (left_at), both included.
Nobody else reads a conversation — moderators see a reported message only in their queue.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_PARTICIPANTS = 20


class Conversation(models.Model):
    """Внутренняя переписка: two to 20 members who share a community."""

    subject = models.CharField(pgettext_lazy("conversation", "subject"), max_length=200, blank=True)
    # The shared community it was started in: its moderators receive reports about it.
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("conversation", "started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(
        pgettext_lazy("conversation", "started"), default=timezone.now
    )
    # The time of the newest text message: the inbox sorts by it.
    last_message_at = models.DateTimeField(
        pgettext_lazy("conversation", "last message"), null=True, blank=True, db_index=True
    )

    class Meta:
        verbose_name = pgettext_lazy("private messages", "conversation")
        verbose_name_plural = pgettext_lazy("private messages", "conversations")
        ordering = ["-last_message_at", "-id"]

    def __str__(self):
        # Never the subject: a conversation's words are for its participants only (the admin,
        # logs and error reports print this).
        return f"{self._meta.verbose_name} #{self.pk}"


class Participant(models.Model):
    """A person's seat in a conversation (see the module docstring)."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=pgettext_lazy("private messages", "conversation"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="conversation_seats",
    )
    joined_at = models.DateTimeField(pgettext_lazy("conversation", "joined"), default=timezone.now)
    left_at = models.DateTimeField(pgettext_lazy("conversation", "left"), null=True, blank=True)
    # The creation time of the newest message the person has seen (not the time of reading), so
    # a message committed while the page was being read still counts as unread.
    last_read_at = models.DateTimeField(
        pgettext_lazy("conversation", "read up to"), null=True, blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("private messages", "participant")
        verbose_name_plural = pgettext_lazy("private messages", "participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="messaging_participant_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "left_at"])]

    def __str__(self):
        return f"{self.user_id} @ {self.conversation_id}"

    @property
    def is_current(self) -> bool:
        return self.left_at is None

    def covers(self, moment) -> bool:
        """Was the person in the conversation at that moment?"""
        return self.joined_at <= moment and (self.left_at is None or moment <= self.left_at)


class MessageKind(models.TextChoices):
    TEXT = "text", pgettext_lazy("message kind", "message")
    # Notes of the conversation's own history, shown to the participants in the timeline.
    LEFT = "left", pgettext_lazy("message kind", "a participant left")
    ADDED = "added", pgettext_lazy("message kind", "a participant was added")


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=pgettext_lazy("private messages", "conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("private messages", "author"),
        on_delete=models.PROTECT,
        related_name="private_messages",
    )
    kind = models.CharField(
        pgettext_lazy("private messages", "kind"),
        max_length=10,
        choices=MessageKind.choices,
        default=MessageKind.TEXT,
    )
    # For an ADDED note: the person who was added (the author is who added them).
    about_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(pgettext_lazy("private messages", "text"), blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("private messages", "sent"), default=timezone.now, db_index=True
    )
    hidden_at = models.DateTimeField(
        pgettext_lazy("private messages", "hidden"), null=True, blank=True
    )
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("private messages", "hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.TextField(
        pgettext_lazy("private messages", "reason for hiding"), blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("private messages", "message")
        verbose_name_plural = pgettext_lazy("private messages", "messages")
        ordering = ["conversation", "created_at", "id"]
        indexes = [
            models.Index(fields=["conversation", "created_at", "id"], name="messaging_msg_timeline")
        ]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_text(self) -> bool:
        return self.kind == MessageKind.TEXT


class Block(models.Model):
    """The blocker receives nothing more from the blocked person (see policies.py)."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("block", "who blocked"),
        on_delete=models.CASCADE,
        related_name="blocks_made",
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("block", "blocked person"),
        on_delete=models.CASCADE,
        related_name="blocks_received",
    )
    created_at = models.DateTimeField(pgettext_lazy("block", "blocked"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("private messages", "block")
        verbose_name_plural = pgettext_lazy("private messages", "blocks")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="messaging_block_unique"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="messaging_block_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.blocker_id} ⊘ {self.blocked_id}"
