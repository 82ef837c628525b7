import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", _("согласие на обработку персональных данных")
    PUBLICATION = "publication", _("согласие на распространение персональных данных")


class ConsentSource(models.TextChoices):
    REGISTRATION = "registration", _("регистрация на сайте")
    JOIN = "join", _("заявка на вступление в сообщество")
    PROFILE = "profile", _("настройки профиля")
    ADMIN = "admin", _("внесено администратором по письменному согласию")


class ConsentText(models.Model):
    """One version of an operator's consent text. Published versions are never edited."""

    operator = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("оператор"),
        on_delete=models.PROTECT,
        related_name="consent_texts",
    )
    kind = models.CharField(_("вид"), max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField(_("редакция"))
    title = models.CharField(_("заголовок"), max_length=300)
    text = models.TextField(_("текст"))
    text_hash = models.CharField(_("хеш текста (SHA-256)"), max_length=64, editable=False)
    published_at = models.DateTimeField(_("опубликована"), auto_now_add=True)

    class Meta:
        verbose_name = _("текст согласия")
        verbose_name_plural = _("тексты согласий")
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
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents"
    )
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("вид"), max_length=20, choices=ConsentKind.choices)
    field = models.CharField(_("поле профиля"), max_length=50, blank=True)
    version = models.PositiveIntegerField(_("редакция"))
    text_hash = models.CharField(_("хеш текста"), max_length=64)
    source = models.CharField(_("источник"), max_length=20, choices=ConsentSource.choices)
    given_at = models.DateTimeField(_("дано"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозвано"), null=True, blank=True)

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["user", "kind", "revoked_at"])]

    def __str__(self):
        return f"{self.user_id}: {self.get_kind_display()} {self.field} v{self.version}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class DestructionAct(models.Model):
    """Акт об уничтожении персональных данных, with the audit-log extract that backs it."""

    number = models.CharField(_("номер"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("дата"), auto_now_add=True)
    # The person's id only: the act must not hold the data it records the destruction of.
    subject_user_id = models.BigIntegerField(_("субъект (идентификатор)"), db_index=True)
    reason = models.TextField(_("основание"))
    destroyed = models.JSONField(_("уничтоженные сведения"), default=list)
    audit_extract = models.JSONField(_("выписка из журнала аудита"), default=list)

    class Meta:
        verbose_name = _("акт об уничтожении персональных данных")
        verbose_name_plural = _("акты об уничтожении персональных данных")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.number
