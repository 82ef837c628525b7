from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

FORMER_PARTICIPANT = _("Former participant")


class Visibility(models.TextChoices):
    """Who may see one contact field. ‘Everyone’ needs the person's consent to distribution."""

    ONLY_ME = "me", _("only me")
    MEMBERS = "members", _("members of my communities")
    EVERYONE = "everyone", _("everyone")


class Gender(models.TextChoices):
    """Only for the grammar of documents issued to the person («принял участие» / «приняла
    участие», the declension of the name). Unspecified: guessed from the patronymic."""

    UNSPECIFIED = "", _("not specified")
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class QualificationCategory(models.TextChoices):
    NONE = "", _("no category")
    COMPLIANCE = "compliance", _("fit for the position held")
    FIRST = "first", _("first")
    HIGHEST = "highest", _("highest")
    METHODIST = "methodist", _("teacher-methodologist")
    MENTOR = "mentor", _("teacher-mentor")


class Subject(models.Model):
    """A school subject or area of work (предмет, направление)."""

    name = models.CharField(pgettext_lazy("subject", "name"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name"]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("email_confirmed_at", timezone.now())
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    last_name = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    is_active = models.BooleanField(pgettext_lazy("account", "active"), default=True)
    is_staff = models.BooleanField(_("access to the administration site"), default=False)
    date_joined = models.DateTimeField(_("date of registration"), default=timezone.now)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    # Set when the person revoked consent and their personal data was destroyed.
    anonymised_at = models.DateTimeField(_("data anonymised"), null=True, blank=True)

    # Profile
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    qualification_category = models.CharField(
        _("qualification category"),
        max_length=20,
        choices=QualificationCategory.choices,
        blank=True,
    )
    subjects = models.ManyToManyField(
        Subject, verbose_name=_("subjects"), blank=True, related_name="teachers"
    )
    about = models.TextField(_("about"), max_length=3000, blank=True)
    avatar = models.ImageField(_("photo"), upload_to="avatars/%Y/%m/", blank=True)

    # Contact fields, each with its own visibility.
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone_visibility = models.CharField(
        _("who sees the phone"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.ONLY_ME,
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_email_visibility = models.CharField(
        _("who sees the contact e-mail"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.ONLY_ME,
    )
    messenger = models.CharField(_("messenger"), max_length=100, blank=True)
    messenger_visibility = models.CharField(
        _("who sees the messenger"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.ONLY_ME,
    )

    # Preferences
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    accessible_mode = models.BooleanField(_("version for the visually impaired"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    CONTACT_FIELDS = ("phone", "contact_email", "messenger")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "patronymic", "id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name()

    @property
    def is_former(self) -> bool:
        return self.anonymised_at is not None

    def get_full_name(self) -> str:
        if self.is_former:
            return str(FORMER_PARTICIPANT)
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    def get_short_name(self) -> str:
        """Фамилия И. О."""
        if self.is_former:
            return str(FORMER_PARTICIPANT)
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()


class PlatformRole(models.Model):
    """Roles above any one community."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "platform_admin", _("platform administrator")
        EDUCATION_AUTHORITY = "education_authority", _("education authority")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="platform_roles",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("platform role")
        verbose_name_plural = _("platform roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_platformrole_unique")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.get_role_display()}"


class UserSession(models.Model):
    """The sessions a person has open, so that all of them can be ended at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_sessions"
    )
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("open session")
        verbose_name_plural = _("open sessions")

    def __str__(self):
        return f"{self.user_id}: {self.session_key[:6]}…"
