"""The bank of methodical materials of a community (regulations 001 3.2, 002 5, 004 1.6).

A material is a draft of its authors until it is submitted; then it goes to expertise
(pedset.review) and, if the decision is positive, into the virtual methodical cabinet
(pedset.cabinet). Its status is changed only by materials.services and review.services.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """Levels of education (273-FZ art. 10)."""

    DO = "do", _("ДО — preschool education")
    NOO = "noo", _("НОО — primary general education")
    OOO = "ooo", _("ООО — basic general education")
    SOO = "soo", _("СОО — secondary general education")
    DOP = "dop", _("ДОП — additional education")


class MaterialType(models.TextChoices):
    METHODICAL = "methodical", _("methodical development")
    LESSON_PLAN = "lesson_plan", _("lesson plan or technological map")
    PROGRAM = "program", _("work programme")
    PROJECT = "project", pgettext_lazy("material type", "project")
    LESSON_VIDEO = "lesson_video", _("video recording of a lesson or activity")
    KIM = "kim", _("assessment materials (КИМ)")
    ASSESSMENT_SHEET = "assessment_sheet", _("assessment sheet")
    PRESENTATION = "presentation", _("presentation")
    EXPERIENCE = "experience", _("description of teaching experience")
    OTHER = "other", pgettext_lazy("material type", "other")


class Licence(models.TextChoices):
    CC_BY = "cc-by", _("CC BY 4.0 — use with attribution")
    CC_BY_SA = "cc-by-sa", _("CC BY-SA 4.0 — attribution, share alike")
    CC_BY_NC = "cc-by-nc", _("CC BY-NC 4.0 — attribution, non-commercial")
    CC_BY_NC_SA = "cc-by-nc-sa", _("CC BY-NC-SA 4.0 — attribution, non-commercial, share alike")
    CC_BY_ND = "cc-by-nd", _("CC BY-ND 4.0 — attribution, no derivatives")
    ALL_RIGHTS = "all-rights", _("all rights reserved: reading and use in one's own teaching only")


class MaterialStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("material status", "draft")
    SUBMITTED = "submitted", _("submitted for expertise")
    UNDER_REVIEW = "under_review", _("under expertise")
    REVISION = "revision", _("returned for revision")
    INCLUDED = "included", _("included in the methodical cabinet")
    REJECTED = "rejected", pgettext_lazy("material status", "rejected")
    WITHDRAWN = "withdrawn", _("withdrawn by the authors")


# The bank: under public expertise, visible to the community's active members.
BANK_STATUSES = frozenset(
    {MaterialStatus.SUBMITTED, MaterialStatus.UNDER_REVIEW, MaterialStatus.REVISION}
)
# Closed without inclusion: visible to the authors, the community's managers and the reviewers.
CLOSED_STATUSES = frozenset({MaterialStatus.REJECTED, MaterialStatus.WITHDRAWN})


class Tag(models.Model):
    name = models.CharField(pgettext_lazy("tag", "name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Material(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("annotation"), max_length=5000)
    material_type = models.CharField(
        _("type of material"), max_length=30, choices=MaterialType.choices
    )
    subject = models.ForeignKey(
        "accounts.Subject",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="materials",
        verbose_name=_("subject"),
    )
    level = models.CharField(_("level of education"), max_length=10, choices=Level.choices)
    tags = models.ManyToManyField(Tag, blank=True, related_name="materials", verbose_name=_("tags"))
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MaterialStatus.choices, default=MaterialStatus.DRAFT
    )
    # The revision round the material is in: 1 for the first submission, +1 per resubmission.
    round_number = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="materials_created"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Authors agreed that their names are published with the material (152-FZ: distribution).
    authorship_consent_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # A moderator took the material out of the bank (status WITHDRAWN) for a stated reason.
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removal_reason = models.TextField(_("reason for removal"), max_length=2000, blank=True)
    # Denormalised counters, kept by materials.services in the same transaction as the change.
    views_count = models.PositiveIntegerField(default=0)
    downloads_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("methodical material")
        verbose_name_plural = _("methodical materials")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "status", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def was_removed(self) -> bool:
        """Taken out of the bank by a moderator (not withdrawn by its authors)."""
        return bool(self.removal_reason)

    @property
    def rating(self) -> float | None:
        return round(self.rating_sum / self.rating_count, 1) if self.rating_count else None


class MaterialAuthor(models.Model):
    """Authorship: the member who submitted it and the co-authors (members of the community)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="material_authorships"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The person confirmed being an author and consented to their full name being published with
    # the material, in the order and in the cabinet (152-FZ: distribution). The submitter does it
    # with the consent at submission, co-authors on the material's page; materials.services
    # refuses submission until every other author has. Nullable: rows made outside the services
    # (other apps' test factories) stay valid.
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["material", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["material", "user"], name="materials_author_once")
        ]


class MaterialFile(models.Model):
    """A file of the material. Served only through a view that checks permissions."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="materials/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    kind = models.CharField(max_length=10)  # pdf, docx, jpeg, mp4 … (pedset.core.uploads)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # A PNG picture of the first page (PDF) or a smaller copy (images), made after upload.
    preview = models.FileField(upload_to="materials/previews/%Y/%m/", blank=True)
    # The revision round the file was added in; files replaced in a later round stay as history.
    round_number = models.PositiveSmallIntegerField(default=0)
    replaced_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["material", "id"]


class MaterialLink(models.Model):
    """A link to a video hosting (or another site) instead of, or beside, files."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("link"), max_length=500)
    title = models.CharField(_("link title"), max_length=200, blank=True)
    round_number = models.PositiveSmallIntegerField(default=0)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["material", "id"]


class MaterialComment(models.Model):
    """Public expertise (regulation 002 2): members discuss a material."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="material_comments"
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(_("reason for hiding"), max_length=2000, blank=True)

    class Meta:
        ordering = ["material", "created_at", "id"]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class MaterialRating(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="material_ratings"
    )
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["material", "user"], name="materials_rate_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="materials_rating_1_5"
            ),
        ]


class MaterialDailyStat(models.Model):
    """Views and downloads per material per day (no persons kept: counts only)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="daily_stats")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    downloads = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["material", "day"], name="materials_stat_per_day")
        ]
