"""Consultation lines (`001` 3.3): an event of the form «консультационная линия» where members
ask and the community's experts answer; an answer may be published for all."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("awaiting an answer")
    ANSWERED = "answered", _("answered")
    HIDDEN = "hidden", _("hidden by a moderator")


class Question(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="questions"
    )
    text = models.TextField(_("question"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), max_length=10000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Published: every reader of the event sees the question (without the asker's name unless
    # the asker agreed) and the answer; otherwise only the asker, the experts and the organisers.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    show_author_name = models.BooleanField(_("show my name if published"), default=False)
    hidden_reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["event", "status", "asked_at"])]
