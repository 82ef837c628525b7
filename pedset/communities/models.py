from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    CALENDAR = "calendar", _("календарные дни")
    WORKING = "working", _("рабочие дни")


class MemberKind(models.TextChoices):
    PERSONS = "persons", _("педагоги (физические лица)")
    ORGANISATIONS = "organisations", _("образовательные организации")


class Community(models.Model):
    """A network community, governed by its regulation (Положение)."""

    slug = models.SlugField(_("адрес"), max_length=80, unique=True)
    name = models.CharField(_("название"), max_length=300)
    summary = models.CharField(_("кратко"), max_length=500, blank=True)
    regulation_text = models.TextField(_("текст положения"))
    regulation_file = models.FileField(_("файл положения"), upload_to="regulations/%Y/", blank=True)
    goals = models.TextField(_("цели"))
    tasks = models.TextField(_("задачи"), blank=True)
    member_kind = models.CharField(
        _("участники"), max_length=20, choices=MemberKind.choices, default=MemberKind.PERSONS
    )
    member_cap = models.PositiveIntegerField(
        _("предельная численность"),
        null=True,
        blank=True,
        help_text=_("Пусто — без ограничения."),
    )
    join_requires_approval = models.BooleanField(_("вступление после одобрения"), default=True)
    rules_of_conduct = models.TextField(_("правила поведения"))
    group_application_days = models.PositiveSmallIntegerField(
        _("срок рассмотрения заявки на создание группы, дней"), default=7
    )
    expertise_days = models.PositiveSmallIntegerField(_("срок экспертизы, дней"), default=10)
    deadline_day_kind = models.CharField(
        _("сроки исчисляются в"), max_length=10, choices=DayKind.choices, default=DayKind.CALENDAR
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("оператор персональных данных"),
        on_delete=models.PROTECT,
        related_name="operated_communities",
    )
    time_zone = models.CharField(_("часовой пояс"), max_length=64, default=settings.TIME_ZONE)
    creation_order_number = models.CharField(_("номер приказа о создании"), max_length=50)
    creation_order_date = models.DateField(_("дата приказа о создании"))
    closure_order_number = models.CharField(
        _("номер приказа о закрытии"), max_length=50, blank=True
    )
    closure_order_date = models.DateField(_("дата приказа о закрытии"), null=True, blank=True)
    closed_at = models.DateTimeField(_("закрыто"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("сообщество")
        verbose_name_plural = _("сообщества")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Role(models.TextChoices):
    """Roles inside a community, weakest first."""

    MEMBER = "member", _("участник")
    EXPERT = "expert", _("эксперт")
    MODERATOR = "moderator", _("модератор")
    COORDINATOR = "coordinator", _("координатор")
    ADMINISTRATOR = "administrator", _("администратор сообщества")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("заявка на рассмотрении")
    ACTIVE = "active", _("участник")
    REJECTED = "rejected", _("заявка отклонена")
    LEFT = "left", _("вышел из сообщества")


class Membership(models.Model):
    """A person in a community. In a community of organisations the person represents one."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("представляемая организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_memberships",
    )
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("статус"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    motivation = models.TextField(_("сообщение к заявке"), max_length=2000, blank=True)
    rules_accepted_at = models.DateTimeField(_("правила приняты"), null=True, blank=True)
    consent = models.ForeignKey(
        "privacy.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("подана"), auto_now_add=True)
    decided_at = models.DateTimeField(_("решение"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(_("причина отказа"), blank=True)
    left_at = models.DateTimeField(_("вышел"), null=True, blank=True)

    class Meta:
        verbose_name = _("членство")
        verbose_name_plural = _("членство")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One open application or membership per person and community; history stays.
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status__in=["pending", "active"]),
                name="communities_membership_one_open",
            )
        ]
        indexes = [models.Index(fields=["community", "status", "role"])]

    def __str__(self):
        return f"{self.user_id} @ {self.community_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE
