from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An educational organisation (ОО) of a district."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("общеобразовательная организация")
        KINDERGARTEN = "kindergarten", _("дошкольная образовательная организация")
        ADDITIONAL = "additional", _("организация дополнительного образования")
        METHODICAL = "methodical", _("методическая служба")
        AUTHORITY = "authority", _("орган управления образованием")
        PROFESSIONAL = "professional", _("профессиональная образовательная организация")
        OTHER = "other", _("иная организация")

    full_name = models.CharField(_("полное наименование"), max_length=500, unique=True)
    short_name = models.CharField(_("краткое наименование"), max_length=200)
    kind = models.CharField(_("тип"), max_length=20, choices=Kind.choices, default=Kind.SCHOOL)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    district = models.CharField(_("муниципальный район"), max_length=200, db_index=True)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)
    # The organisation that runs this installation (the district's methodical service): the
    # operator of the platform-wide personal data (accounts, public profiles).
    operates_platform = models.BooleanField(_("оператор платформы"), default=False)

    class Meta:
        verbose_name = _("образовательная организация")
        verbose_name_plural = _("образовательные организации")
        ordering = ["district", "short_name"]

    def __str__(self):
        return self.short_name
