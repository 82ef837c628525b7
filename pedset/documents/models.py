"""The registry of issued documents: orders, protocol extracts, certificates, diplomas, reports.

Every document has a number per community, kind and year, a content hash and a verification
code; the public page /verify/<code> shows what was issued, to whom and when, or that it was
revoked. An issued document never changes: revocation is recorded beside it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    ORDER = "order", pgettext_lazy("document kind", "order")
    PROTOCOL_EXTRACT = "protocol_extract", _("extract from the protocol")
    PUBLICATION_CERTIFICATE = "publication_certificate", _("certificate of publication")
    CERTIFICATE = "certificate", pgettext_lazy("document kind", "certificate")
    DIPLOMA = "diploma", _("diploma")
    LETTER_OF_THANKS = "letter_of_thanks", _("letter of thanks")
    REPORT = "report", pgettext_lazy("document kind", "report")


class NumberSequence(models.Model):
    """The last number given per community, kind and year; locked while a number is taken."""

    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "kind", "year"], name="documents_one_sequence"
            ),
            # NULLs are distinct in a unique index: platform documents need their own.
            models.UniqueConstraint(
                fields=["kind", "year"],
                condition=models.Q(community__isnull=True),
                name="documents_one_platform_sequence",
            ),
        ]


class Document(models.Model):
    # None: a document of the platform itself (the education authority's decisions).
    community = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    kind = models.CharField(_("document type"), max_length=32, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField()
    # As printed on the document, e.g. «12-ВМК» for an order or «С-2026/0015» for a certificate.
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(pgettext_lazy("document", "title"), max_length=500)
    # The person the document is about (a certificate's holder); None for orders and reports.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents_received",
    )
    # The name exactly as printed (kept because an issued document never changes).
    recipient_name = models.CharField(_("issued to"), max_length=400, blank=True)
    # Everything the document says, as rendered: the /verify page and read-back tests use it.
    content = models.JSONField(default=dict)
    # SHA-256 of the canonical JSON of number, date, kind, title, recipient and content.
    content_hash = models.CharField(max_length=64)
    verification_code = models.CharField(max_length=32, unique=True)
    pdf = models.FileField(upload_to="documents/%Y/", blank=True)
    docx = models.FileField(upload_to="documents/%Y/", blank=True)
    # What the document is about (a material, a cabinet entry, an event, a group application).
    source_type = models.CharField(max_length=100, blank=True)
    source_id = models.CharField(max_length=40, blank=True)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "kind", "year", "sequence"], name="documents_unique_number"
            ),
            models.UniqueConstraint(
                fields=["kind", "year", "sequence"],
                condition=models.Q(community__isnull=True),
                name="documents_unique_platform_number",
            ),
        ]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self):
        return f"{self.get_kind_display()} № {self.number}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def printed_date(self):
        """The date printed on the document (the issuing community's day when it was issued)."""
        import datetime

        value = self.content.get("date") if isinstance(self.content, dict) else None
        try:
            return datetime.date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None
