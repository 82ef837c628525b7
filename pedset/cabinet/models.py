"""The virtual methodical cabinet (regulation 004 1.8, 1.10): the curated catalogue of approved
products, open to every teacher, and its council."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("chair of the council")
    SECRETARY = "secretary", _("secretary of the council")
    MEMBER = "member", _("member of the council")


class CouncilBasis(models.TextChoices):
    ELECTED = "elected", pgettext_lazy("council member", "elected")
    APPOINTED = "appointed", pgettext_lazy("council member", "appointed")


class CouncilMember(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="council_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats"
    )
    role = models.CharField(_("role"), max_length=20, choices=CouncilRole.choices)
    basis = models.CharField(_("basis"), max_length=20, choices=CouncilBasis.choices)
    # The protocol of the election or the order of appointment, as written.
    basis_document = models.CharField(_("protocol or order"), max_length=300, blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("member of the cabinet's council")
        verbose_name_plural = _("council of the methodical cabinet")
        ordering = ["community", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=models.Q(until__isnull=True),
                name="cabinet_one_open_seat",
            )
        ]


class CabinetEntry(models.Model):
    """A material included in the cabinet by an order; its authorship is fixed here."""

    material = models.OneToOneField(
        "materials.Material", on_delete=models.PROTECT, related_name="cabinet_entry"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.PROTECT, related_name="cabinet_entries"
    )
    order = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")
    included_at = models.DateTimeField(_("included"), db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    # The authors as named in the order («Иванова Мария Петровна, Сидоров Олег Иванович»).
    authors_text = models.CharField(_("authors"), max_length=2000)
    recommended_for_publication = models.BooleanField(
        _("recommended for publication"), default=False, db_index=True
    )
    recommendation_note = models.TextField(
        _("where it is recommended"), max_length=2000, blank=True
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("cabinet entry")
        verbose_name_plural = _("virtual methodical cabinet")
        ordering = ["-included_at", "-id"]
