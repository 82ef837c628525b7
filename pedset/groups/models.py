"""Groups inside a community (requirements C1, C2): associations (самостоятельные объединения,
`000`, `001` 3.7, `002` 4) that members propose and the coordinator approves, and inter-school
creative groups (межшкольные творческие группы, МТГ, `004` 1.4, 3.1–3.3) created by application
and the education authority's decision. A group has its own members, leader and space: a forum
section, materials, an album, a plan and events of its own (the other apps point at Group)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GroupKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    CREATIVE_GROUP = "creative_group", _("inter-school creative group")


class GroupStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("group", "active")
    # An МТГ whose term ended and which handed in its result and products (`004` 3.4).
    RESULT_SUBMITTED = "result_submitted", _("result handed in")
    CLOSED = "closed", pgettext_lazy("group", "closed")


class Group(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="groups"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(pgettext_lazy("group", "name"), max_length=300)
    # Associations: goals that keep the community's goals. Creative groups: the problem.
    goals = models.TextField(_("goals"), max_length=5000, blank=True)
    problem = models.TextField(_("problem"), max_length=5000, blank=True)
    expected_result = models.TextField(_("expected result"), max_length=5000, blank=True)
    term_starts_on = models.DateField(_("start of the term"), null=True, blank=True)
    term_ends_on = models.DateField(_("end of the term"), null=True, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="led_groups",
    )
    status = models.CharField(
        pgettext_lazy("group", "status"),
        max_length=20,
        choices=GroupStatus.choices,
        default=GroupStatus.ACTIVE,
    )
    # The decision that created the group: an order or a protocol extract of the registry.
    decision_document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for closure"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["community", "name", "id"]
        indexes = [models.Index(fields=["community", "kind", "status"])]

    def __str__(self):
        return self.name

    @property
    def is_creative_group(self) -> bool:
        return self.kind == GroupKind.CREATIVE_GROUP


class GroupRole(models.TextChoices):
    LEADER = "leader", _("leader")
    MEMBER = "member", pgettext_lazy("group", "member")


class GroupMembershipStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("group membership", "active")
    LEFT = "left", pgettext_lazy("group membership", "left")
    REMOVED = "removed", pgettext_lazy("group membership", "removed")


class GroupMembership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(
        pgettext_lazy("group", "role"),
        max_length=10,
        choices=GroupRole.choices,
        default=GroupRole.MEMBER,
    )
    # Fixed when the person joins: the «two teachers from different organisations» rule of an
    # МТГ is about where they worked when the group was formed.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        pgettext_lazy("group membership", "status"),
        max_length=10,
        choices=GroupMembershipStatus.choices,
        default=GroupMembershipStatus.ACTIVE,
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="active"),
                name="groups_one_active_membership",
            )
        ]
