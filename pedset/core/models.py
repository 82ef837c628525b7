from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One accountable act: who did what to whom, when and why. Never changed, never deleted."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        REGISTERED = "registered", _("Registration")
        EMAIL_CONFIRMED = "email_confirmed", _("E-mail confirmed")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        PROFILE_CHANGED = "profile_changed", _("Profile changed")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("Account deactivated")
        CONSENT_GIVEN = "consent_given", _("Consent given")
        CONSENT_REVOKED = "consent_revoked", _("Consent revoked")
        PUBLICATION_CONSENT_GIVEN = (
            "publication_consent_given",
            _("Consent to distribution given"),
        )
        PUBLICATION_CONSENT_REVOKED = (
            "publication_consent_revoked",
            _("Consent to distribution revoked"),
        )
        DATA_EXPORTED = "data_exported", _("Personal data exported")
        DATA_DESTROYED = "data_destroyed", _("Personal data destroyed")
        CONSENT_TEXT_PUBLISHED = "consent_text_published", _("Consent text version published")
        COMMUNITY_CREATED = "community_created", _("Community created")
        COMMUNITY_CLOSED = "community_closed", _("Community closed")
        COMMUNITY_SETTINGS_CHANGED = (
            "community_settings_changed",
            _("Community settings changed"),
        )
        MEMBERSHIP_REQUESTED = "membership_requested", _("Join request")
        MEMBERSHIP_APPROVED = "membership_approved", _("Join request approved")
        MEMBERSHIP_REJECTED = "membership_rejected", _("Join request rejected")
        MEMBERSHIP_LEFT = "membership_left", _("Left the community")
        ROLE_CHANGED = "role_changed", _("Role changed")
        PLATFORM_ROLE_CHANGED = "platform_role_changed", _("Platform role changed")
        ORGANISATIONS_IMPORTED = "organisations_imported", _("Organisations imported")
        ORGANISATION_CHANGED = "organisation_changed", _("Organisation changed")
        # Materials, expertise, the cabinet and the documents registry (G2): written by their
        # apps' services with these codes.
        MATERIAL_SUBMITTED = "material_submitted", _("Material submitted for expertise")
        MATERIAL_WITHDRAWN = "material_withdrawn", _("Material withdrawn by its authors")
        MATERIAL_REMOVED = "material_removed", _("Material removed from the bank")
        MATERIAL_COMMENT_HIDDEN = "material_comment_hidden", _("Comment on a material hidden")
        MATERIAL_COMMENT_RESTORED = (
            "material_comment_restored",
            _("Comment on a material restored"),
        )
        COAUTHORSHIP_CONFIRMED = "coauthorship_confirmed", _("Co-authorship confirmed")
        COAUTHORSHIP_DECLINED = "coauthorship_declined", _("Co-authorship declined")
        EXPERTISE_ROUND_OPENED = "expertise_round_opened", _("Expertise round opened")
        EXPERTISE_EXPERT_ASSIGNED = "expertise_expert_assigned", _("Expert assigned")
        EXPERTISE_ASSIGNMENT_ACCEPTED = (
            "expertise_assignment_accepted",
            _("Expert accepted the assignment"),
        )
        EXPERTISE_ASSIGNMENT_DECLINED = (
            "expertise_assignment_declined",
            _("Expert declined the assignment"),
        )
        EXPERTISE_ASSIGNMENT_WITHDRAWN = (
            "expertise_assignment_withdrawn",
            _("Expert's assignment withdrawn"),
        )
        EXPERTISE_REVIEW_SUBMITTED = "expertise_review_submitted", _("Expert conclusion submitted")
        EXPERTISE_OVERDUE_ESCALATED = (
            "expertise_overdue_escalated",
            _("Overdue expertise escalated"),
        )
        EXPERTISE_DECISION_RECORDED = "expertise_decision_recorded", _("Expertise decision")
        EXPERTISE_CRITERIA_CHANGED = "expertise_criteria_changed", _("Expertise criteria changed")
        CABINET_MATERIAL_INCLUDED = (
            "cabinet_material_included",
            _("Material included in the cabinet"),
        )
        CABINET_ENTRY_RECOMMENDED = (
            "cabinet_entry_recommended",
            _("Cabinet entry recommended for publication"),
        )
        CABINET_ENTRY_UNRECOMMENDED = (
            "cabinet_entry_unrecommended",
            _("Recommendation for publication removed"),
        )
        CABINET_ENTRY_WITHDRAWN = "cabinet_entry_withdrawn", _("Withdrawn from the cabinet")
        CABINET_COUNCIL_SEAT_ADDED = "cabinet_council_seat_added", _("Council member added")
        CABINET_COUNCIL_SEAT_ENDED = "cabinet_council_seat_ended", _("Council membership ended")
        DOCUMENT_ISSUED = "document_issued", _("Document issued")
        DOCUMENT_REVOKED = "document_revoked", _("Document revoked")
        ROOM_CONFIGURED = "room_configured", _("Online room set up")
        ROOM_ENDED = "room_ended", _("Online meeting ended")
        ROOM_RECORDING_SAVED = "room_recording_saved", _("Recording of the online room saved")
        EVENT_CREATED = "event_created", _("Event created")
        EVENT_UPDATED = "event_updated", _("Event changed")
        EVENT_PUBLISHED = "event_published", _("Event announced")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        EVENT_PERSON_ADDED = "event_person_added", _("Organiser or speaker added")
        EVENT_PERSON_REMOVED = "event_person_removed", _("Organiser or speaker removed")
        EVENT_ATTENDANCE_CHANGED = "event_attendance_changed", _("Attendance marked by hand")
        CONSULTATION_QUESTION_PUBLISHED = (
            "consultation_question_published",
            _("Question of a consultation line published"),
        )
        CONSULTATION_QUESTION_UNPUBLISHED = (
            "consultation_question_unpublished",
            _("Question of a consultation line taken off publication"),
        )
        CONSULTATION_QUESTION_HIDDEN = (
            "consultation_question_hidden",
            _("Question of a consultation line hidden"),
        )
        CONSULTATION_QUESTION_RESTORED = (
            "consultation_question_restored",
            _("Question of a consultation line shown again"),
        )
        EVENT_CERTIFICATES_ISSUED = (
            "event_certificates_issued",
            _("Certificates and diplomas of an event issued"),
        )
        EVENT_AWARD_REVOKED = "event_award_revoked", _("Certificate or diploma of an event revoked")
        PLAN_APPROVED = "plan_approved", _("Work plan approved")
        PLAN_IMPORTED = "plan_imported", _("Work plan items imported from Excel")
        PLAN_ITEM_CREATED = "plan_item_created", _("Work plan item added")
        PLAN_ITEM_CHANGED = "plan_item_changed", _("Work plan item changed")
        PLAN_ITEM_DELETED = "plan_item_deleted", _("Work plan item deleted")
        PLAN_ITEM_STATUS_CHANGED = (
            "plan_item_status_changed",
            _("Status of a work plan item changed"),
        )
        CONTEST_ENTRY_SUBMITTED = "contest_entry_submitted", _("Contest entry submitted")
        CONTEST_ENTRY_WITHDRAWN = "contest_entry_withdrawn", _("Contest entry withdrawn")
        CONTEST_ENTRY_DISQUALIFIED = (
            "contest_entry_disqualified",
            _("Contest entry not admitted"),
        )
        CONTEST_SCORE_GIVEN = "contest_score_given", _("Jury scores of a contest entry given")
        CONTEST_PLACINGS_CHANGED = (
            "contest_placings_changed",
            _("Placings of contest entries adjusted"),
        )
        CONTEST_RESULTS_PUBLISHED = "contest_results_published", _("Contest results published")
        # Groups (pedset/groups)
        ASSOCIATION_PROPOSED = "association_proposed", _("Association proposed")
        ASSOCIATION_APPROVED = "association_approved", _("Association approved")
        ASSOCIATION_REJECTED = "association_rejected", _("Association rejected")
        GROUP_APPLICATION_SUBMITTED = (
            "group_application_submitted",
            _("Application for a creative group submitted"),
        )
        GROUP_APPLICATION_WITHDRAWN = (
            "group_application_withdrawn",
            _("Application for a creative group withdrawn"),
        )
        GROUP_APPLICATION_APPROVED = (
            "group_application_approved",
            _("Creative group created by decision"),
        )
        GROUP_APPLICATION_REJECTED = (
            "group_application_rejected",
            _("Application for a creative group rejected"),
        )
        GROUP_APPLICATION_ESCALATED = (
            "group_application_escalated",
            _("Overdue application for a creative group escalated"),
        )
        GROUP_PROPOSED_BY_AUTHORITY = (
            "group_proposed_by_authority",
            _("Creative group proposed by the education authority"),
        )
        GROUP_ORGANISATION_AGREED = (
            "group_organisation_agreed",
            _("Organisation agreed to a creative group"),
        )
        GROUP_ORGANISATION_DECLINED = (
            "group_organisation_declined",
            _("Organisation declined a creative group"),
        )
        GROUP_MEMBER_ADDED = "group_member_added", _("Group member added")
        GROUP_MEMBER_REMOVED = "group_member_removed", _("Group member removed")
        GROUP_MEMBER_LEFT = "group_member_left", _("Left a group")
        GROUP_LEADER_CHANGED = "group_leader_changed", _("Group leader changed")
        GROUP_RESULT_SUBMITTED = "group_result_submitted", _("Result of a creative group handed in")
        GROUP_CLOSED = "group_closed", _("Group closed")
        # Photo gallery (pedset/gallery)
        ALBUM_CREATED = "album_created", _("Album created")
        ALBUM_DELETED = "album_deleted", _("Album deleted")
        PHOTO_HIDDEN = "photo_hidden", _("Photo hidden by a moderator")
        PHOTO_RESTORED = "photo_restored", _("Photo shown again")
        PHOTO_DELETED = "photo_deleted", _("Photo deleted by a moderator")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, choices=Action.choices, db_index=True)
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    # The subject of the act: a person, a membership, a community ... kept as a typed reference
    # so that the log outlives the rows it names.
    target_type = models.CharField(_("object type"), max_length=64, blank=True)
    target_id = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    # For acts on a person: the person's id, so that a subject's extract is one query.
    subject_user_id = models.BigIntegerField(
        _("data subject"), null=True, blank=True, db_index=True
    )
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log is append-only.")


class Notification(models.Model):
    """An in-site message to one person. The communication issue grows this into a centre."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # How this one is delivered beyond the site, decided from the person's preference when it
    # was created (pedset.notifications.kinds.Delivery): "site", "email" (at once), "digest"
    # or "off" (created read). emailed_at is set once the e-mail (single or digest) went.
    delivery = models.CharField(max_length=10, default="site")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "kind", "-created_at"]),
            # The digest's work list: small, since rows leave it once mailed.
            models.Index(
                fields=["recipient"],
                condition=models.Q(delivery="digest", emailed_at__isnull=True),
                name="core_notification_digest_due",
            ),
        ]

    def __str__(self):
        return self.title
