"""The annual work plan of a community (`002` 5, `003` 5.1–5.2, 3.3): the year's planned
activities with dates, responsible people, audience and the expected result; each item is
carried out by events (Event.plan_item), which gives plan versus actual."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pedset.events.models import EventForm


class WorkPlan(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # When the coordinator approved the plan (items may still be added and changed after).
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="plans_one_per_year")
        ]

    def __str__(self):
        return f"{self.community} — {self.year}"


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("plan item", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("plan item", "in progress")
    DONE = "done", pgettext_lazy("plan item", "done")
    CANCELLED = "cancelled", pgettext_lazy("plan item", "cancelled")


class PlanItem(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    form = models.CharField(_("form of activity"), max_length=32, choices=EventForm.choices)
    topic = models.CharField(_("topic"), max_length=500)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="plan_items",
        verbose_name=_("responsible"),
    )
    # As written in an imported plan when no member matches («методист ИМЦ Петрова Н. А.»).
    responsible_text = models.CharField(_("responsible (as written)"), max_length=500, blank=True)
    audience = models.CharField(_("audience"), max_length=500, blank=True)
    expected_result = models.TextField(_("expected result"), max_length=3000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    status_note = models.TextField(_("note on the status"), max_length=2000, blank=True)
    # When the responsible people were told the item is overdue (manage.py work_plan_deadlines);
    # cleared when the item's last day moves, so a new term is watched again.
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("item of the work plan")
        verbose_name_plural = _("items of the work plan")
        ordering = ["starts_on", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="plans_item_ends_after_start",
            )
        ]

    def __str__(self):
        return self.topic
