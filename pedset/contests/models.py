"""Contests and festivals (`003` 3.2, 6.2) and project submissions: entries (files or a material
from the bank), nominations, a jury with criteria and scores, results with ranks, winners and
prize-winners, published results. Everything hangs on an Event whose form accepts submissions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Nomination(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="nominations")
    name = models.CharField(pgettext_lazy("nomination", "name"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="contests_unique_nomination")
        ]

    def __str__(self):
        return self.name


class ContestCriterion(models.Model):
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="contest_criteria"
    )
    name = models.CharField(pgettext_lazy("criterion", "name"), max_length=300)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class JuryMember(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="jury")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_seats"
    )
    is_chair = models.BooleanField(_("chair of the jury"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="contests_one_jury_seat")
        ]


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("contest entry", "submitted")
    WITHDRAWN = "withdrawn", pgettext_lazy("contest entry", "withdrawn")
    DISQUALIFIED = "disqualified", _("not admitted")


class Placing(models.TextChoices):
    WINNER = "winner", _("winner")
    PRIZE_WINNER = "prize_winner", _("prize-winner")
    PARTICIPANT = "participant", _("participant")


class ContestEntry(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    title = models.CharField(pgettext_lazy("contest entry", "title"), max_length=300)
    summary = models.TextField(_("annotation"), max_length=5000, blank=True)
    # The person who submitted it; co-authors in EntryAuthor (the submitter is the first).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_entries"
    )
    # Fixed at submission: the jury may not judge an entry of their own organisation.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_entries",
    )
    material = models.ForeignKey(
        "materials.Material",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_entries",
        verbose_name=_("material from the bank"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )
    status_reason = models.TextField(max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    # Results, computed by contests.services when the jury has scored and the results are fixed.
    total_score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("place in the ranking"), null=True, blank=True)
    placing = models.CharField(_("result"), max_length=20, choices=Placing.choices, blank=True)
    # «I степени», «II степени» for prize-winners' diplomas (1 = winner).
    degree = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        ordering = ["submitted_at", "id"]

    def __str__(self):
        return self.title


class EntryAuthor(models.Model):
    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contest_authorships"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="contests_one_authorship")
        ]


class EntryFile(models.Model):
    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="contests/%Y/%m/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class JuryScore(models.Model):
    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(JuryMember, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ContestCriterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "juror", "criterion"], name="contests_one_score"
            )
        ]


class ContestResults(models.Model):
    """When the results of an event were last prepared (contests.services.results_compute), and
    whether a score or an entry's status changed since: stale results cannot be published."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, primary_key=True, related_name="contest_results"
    )
    computed_at = models.DateTimeField()
    # Set by a score, a withdrawal or a refusal after the results were prepared.
    changed_at = models.DateTimeField(null=True, blank=True)
