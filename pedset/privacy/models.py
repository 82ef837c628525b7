import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", _("consent to the processing of personal data")
    PUBLICATION = "publication", _("consent to the distribution of personal data")


class ConsentSource(models.TextChoices):
    REGISTRATION = "registration", _("registration on the site")
    JOIN = "join", _("request to join a community")
    PROFILE = "profile", _("profile settings")
    ADMIN = "admin", _("entered by an administrator from a written consent")


def normalise_text(text: str) -> str:
    """One spelling of a text whatever the browser sent, so that its hash is stable."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


class ConsentText(models.Model):
    """One version of an operator's consent text. Published versions are never edited."""

    operator = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("personal data operator"),
        on_delete=models.PROTECT,
        related_name="consent_texts",
    )
    kind = models.CharField(_("consent kind"), max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField(_("text version"))
    title = models.CharField(_("consent title"), max_length=300)
    text = models.TextField(_("consent text"))
    text_hash = models.CharField(_("text hash (SHA-256)"), max_length=64, editable=False)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["operator", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "kind", "version"], name="privacy_consenttext_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.operator} (ред. {self.version})"

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def save(self, *args, **kwargs):
        self.text_hash = self.hash_text(self.text)
        super().save(*args, **kwargs)


class Consent(models.Model):
    """A person's consent to one text version. Revocation is recorded, never deleted.

    For a publication consent ``field`` names the profile field the person agreed to make public.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal data subject"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    consent_text = models.ForeignKey(
        ConsentText, verbose_name=_("consent text"), on_delete=models.PROTECT, related_name="+"
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("personal data operator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("consent kind"), max_length=20, choices=ConsentKind.choices)
    field = models.CharField(_("profile field"), max_length=50, blank=True)
    version = models.PositiveIntegerField(_("text version"))
    text_hash = models.CharField(_("text hash"), max_length=64)
    source = models.CharField(_("consent source"), max_length=20, choices=ConsentSource.choices)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["user", "kind", "revoked_at"])]

    def __str__(self):
        return f"{self.user_id}: {self.get_kind_display()} {self.field} v{self.version}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class DestructionActCounter(models.Model):
    """The last act number of a year; its row is locked while the next number is taken."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("act numbering")
        verbose_name_plural = _("act numbering")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class DestructionAct(models.Model):
    """Акт об уничтожении персональных данных, with the audit-log extract that backs it."""

    NUMBER_PREFIX = "АУ"

    number = models.CharField(_("act number"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("act date"), auto_now_add=True)
    # The person's id only: the act must not hold the data it records the destruction of.
    subject_user_id = models.BigIntegerField(_("subject (identifier)"), db_index=True)
    operator = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("personal data operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("grounds"))
    destroyed = models.JSONField(_("destroyed data"), default=list)
    audit_extract = models.JSONField(_("audit log extract"), default=list)

    class Meta:
        verbose_name = _("act of destruction of personal data")
        verbose_name_plural = _("acts of destruction of personal data")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.number
