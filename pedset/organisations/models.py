import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

_QUOTES = str.maketrans(dict.fromkeys("«»“”„‟″'`", '"'))
_NUMBER_SIGN = re.compile(r"№\s*")


def normalise_name(value: str) -> str:
    """The form of a name used to match and search: «Школа №3» and "школа № 3" are one name.

    Case-insensitive matching is done here rather than in the database because SQLite folds the
    case of Latin letters only.
    """
    text = " ".join(str(value).split()).casefold().replace("ё", "е").translate(_QUOTES)
    return _NUMBER_SIGN.sub("№ ", text)


class Organisation(models.Model):
    """An educational organisation (ОО) of a district."""

    class Kind(models.TextChoices):
        # A context of their own: «education authority» is also a platform role, named
        # differently in Russian (управление образования).
        SCHOOL = "school", pgettext_lazy("organisation type", "general education organisation")
        KINDERGARTEN = (
            "kindergarten",
            pgettext_lazy("organisation type", "preschool educational organisation"),
        )
        ADDITIONAL = (
            "additional",
            pgettext_lazy("organisation type", "organisation of additional education"),
        )
        METHODICAL = "methodical", pgettext_lazy("organisation type", "methodical service")
        AUTHORITY = "authority", pgettext_lazy("organisation type", "education authority")
        PROFESSIONAL = (
            "professional",
            pgettext_lazy("organisation type", "professional educational organisation"),
        )
        OTHER = "other", pgettext_lazy("organisation type", "other organisation")

    full_name = models.CharField(_("full name"), max_length=500, unique=True)
    short_name = models.CharField(_("short name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.SCHOOL)
    address = models.CharField(_("address"), max_length=500, blank=True)
    district = models.CharField(_("municipal district"), max_length=200, db_index=True)
    inn = models.CharField(_("INN"), max_length=12, blank=True)
    is_active = models.BooleanField(_("operating"), default=True)
    # The organisation that runs this installation (the district's methodical service): the
    # operator of the platform-wide personal data (accounts, public profiles).
    operates_platform = models.BooleanField(_("platform operator"), default=False)
    # Derived from the fields above on save (bulk writers call refresh_keys()): the normalised
    # full name keeps one organisation per name whatever its case or quotes; the search text
    # lets the registry search case-insensitively on SQLite too.
    name_key = models.CharField(max_length=500, unique=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("educational organisation")
        verbose_name_plural = _("educational organisations")
        ordering = ["district", "short_name", "id"]

    def __str__(self):
        return self.short_name

    def refresh_keys(self) -> None:
        self.name_key = normalise_name(self.full_name)
        self.search_text = normalise_name(
            " ".join((self.full_name, self.short_name, self.address, self.district, self.inn))
        )

    def save(self, *args, **kwargs):
        self.refresh_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "name_key", "search_text"}
        super().save(*args, **kwargs)
