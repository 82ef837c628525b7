"""Expertise of submitted materials (regulations 003 5.2, 004 1.9, 3.4).

Material → ReviewRound (one per submission or resubmission) → Assignment (one per expert, with
its deadline) → Review (scores per the community's criteria + a recommendation) → Decision
(coordinator or the cabinet's council; with reasons) → on inclusion an order in the documents
registry and a cabinet entry (pedset.cabinet).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Criterion(models.Model):
    """A criterion of the community's review form."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="review_criteria"
    )
    title = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("what is assessed"), max_length=2000, blank=True)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=3)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("expertise criterion")
        verbose_name_plural = _("expertise criteria")
        ordering = ["community", "position", "id"]

    def __str__(self):
        return self.title


class ReviewRound(models.Model):
    """One submission of a material to expertise; a revision opens the next round."""

    material = models.ForeignKey(
        "materials.Material", on_delete=models.CASCADE, related_name="review_rounds"
    )
    number = models.PositiveSmallIntegerField()
    opened_at = models.DateTimeField(_("submitted"))
    # The authors' note on what they changed (rounds after the first).
    authors_note = models.TextField(_("what was changed"), max_length=5000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["material", "number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="review_round_once")
        ]


class AssignmentStatus(models.TextChoices):
    INVITED = "invited", _("awaiting the expert's answer")
    ACCEPTED = "accepted", _("accepted by the expert")
    DECLINED = "declined", _("declined by the expert")
    SUBMITTED = "submitted", _("review submitted")
    WITHDRAWN = "withdrawn", _("withdrawn by the coordinator")


class Assignment(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField()
    # End of the last day of the term in the community's time zone, stored in UTC.
    deadline = models.DateTimeField(_("deadline"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default="invited"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)
    # Set by the periodic command so that each reminder and escalation goes out once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # The expert's unsent review (scores, comments, conclusion, recommendation) saved as they
    # type on a slow link; review_draft_save writes it, submitting or ending the assignment
    # clears it. Never a Review: it decides nothing.
    draft = models.JSONField(_("draft of the review"), default=dict, blank=True)
    draft_saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)

    class Meta:
        ordering = ["round", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "expert"],
                condition=~models.Q(status__in=["declined", "withdrawn"]),
                name="review_one_open_assignment_per_expert",
            )
        ]


class Recommendation(models.TextChoices):
    INCLUDE = "include", _("include in the virtual methodical cabinet")
    RECOMMEND_PUBLICATION = "publish", _("include and recommend for publication")
    REVISE = "revise", _("return for revision")
    REJECT = "reject", _("reject")


class Review(models.Model):
    """The expert's conclusion (экспертное заключение)."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices
    )
    conclusion = models.TextField(_("conclusion"), max_length=10000)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at"]


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(pgettext_lazy("score", "comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["review", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="review_score_once")
        ]


class DecisionOutcome(models.TextChoices):
    INCLUDE = "include", _("include in the virtual methodical cabinet")
    REVISE = "revise", _("return for revision")
    REJECT = "reject", _("reject")


class DecidedAs(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    COUNCIL = "council", _("council of the methodical cabinet")


class Decision(models.Model):
    round = models.OneToOneField(ReviewRound, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    recommend_for_publication = models.BooleanField(_("recommended for publication"), default=False)
    reasons = models.TextField(_("reasons"), max_length=10000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_as = models.CharField(max_length=20, choices=DecidedAs.choices)
    decided_at = models.DateTimeField()
    # The order on inclusion (documents registry), for a positive decision.
    order = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_at"]
