from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DayKind(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class MemberKind(models.TextChoices):
    PERSONS = "persons", _("teachers (individuals)")
    ORGANISATIONS = "organisations", _("educational organisations")


class Community(models.Model):
    """A network community, governed by its regulation (Положение)."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.CharField(pgettext_lazy("community", "name"), max_length=300)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    regulation_text = models.TextField(_("regulation text"))
    regulation_file = models.FileField(
        _("regulation file"), upload_to="regulations/%Y/", max_length=200, blank=True
    )
    goals = models.TextField(_("goals"))
    tasks = models.TextField(_("tasks"), blank=True)
    member_kind = models.CharField(
        _("members"), max_length=20, choices=MemberKind.choices, default=MemberKind.PERSONS
    )
    member_cap = models.PositiveIntegerField(
        _("member cap"),
        null=True,
        blank=True,
        help_text=_("Empty means no limit."),
    )
    join_requires_approval = models.BooleanField(_("joining requires approval"), default=True)
    rules_of_conduct = models.TextField(_("rules of conduct"))
    group_application_days = models.PositiveSmallIntegerField(
        _("term for reviewing an application to create a group, days"), default=7
    )
    expertise_days = models.PositiveSmallIntegerField(_("term of expertise, days"), default=10)
    # Regulation 004 1.9 lets a community require experts from outside the authors' schools.
    experts_from_other_organisations = models.BooleanField(
        _("experts must work in another organisation than the authors"), default=False
    )
    deadline_day_kind = models.CharField(
        _("terms are counted in"), max_length=10, choices=DayKind.choices, default=DayKind.CALENDAR
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("personal data operator"),
        on_delete=models.PROTECT,
        related_name="operated_communities",
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    creation_order_number = models.CharField(_("creation order number"), max_length=50)
    creation_order_date = models.DateField(_("creation order date"))
    closure_order_number = models.CharField(_("closure order number"), max_length=50, blank=True)
    closure_order_date = models.DateField(_("closure order date"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for closure"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Role(models.TextChoices):
    """Roles inside a community, weakest first."""

    MEMBER = "member", _("member")
    EXPERT = "expert", _("expert")
    MODERATOR = "moderator", _("moderator")
    COORDINATOR = "coordinator", _("coordinator")
    ADMINISTRATOR = "administrator", _("community administrator")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("request under consideration")
    ACTIVE = "active", _("member")
    REJECTED = "rejected", _("request rejected")
    LEFT = "left", _("left the community")


class Membership(models.Model):
    """A person in a community. In a community of organisations the person represents one."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("represented organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="community_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    motivation = models.TextField(_("message with the request"), max_length=2000, blank=True)
    rules_accepted_at = models.DateTimeField(_("rules accepted"), null=True, blank=True)
    consent = models.ForeignKey(
        "privacy.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(_("reason for rejection"), max_length=2000, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
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

    @property
    def is_pending(self) -> bool:
        return self.status == MembershipStatus.PENDING
