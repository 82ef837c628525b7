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
        LOGIN = "login", _("Вход в систему")
        LOGIN_FAILED = "login_failed", _("Неудачная попытка входа")
        LOGOUT = "logout", _("Выход из системы")
        REGISTERED = "registered", _("Регистрация")
        EMAIL_CONFIRMED = "email_confirmed", _("Подтверждение e-mail")
        PASSWORD_CHANGED = "password_changed", _("Смена пароля")
        PASSWORD_RESET = "password_reset", _("Восстановление пароля")
        PROFILE_CHANGED = "profile_changed", _("Изменение профиля")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("Деактивация учётной записи")
        CONSENT_GIVEN = "consent_given", _("Согласие дано")
        CONSENT_REVOKED = "consent_revoked", _("Согласие отозвано")
        PUBLICATION_CONSENT_GIVEN = (
            "publication_consent_given",
            _("Согласие на распространение дано"),
        )
        PUBLICATION_CONSENT_REVOKED = (
            "publication_consent_revoked",
            _("Согласие на распространение отозвано"),
        )
        DATA_EXPORTED = "data_exported", _("Выгрузка персональных данных")
        DATA_DESTROYED = "data_destroyed", _("Уничтожение персональных данных")
        CONSENT_TEXT_PUBLISHED = "consent_text_published", _("Опубликована редакция согласия")
        COMMUNITY_CREATED = "community_created", _("Создание сообщества")
        COMMUNITY_CLOSED = "community_closed", _("Закрытие сообщества")
        COMMUNITY_SETTINGS_CHANGED = (
            "community_settings_changed",
            _("Изменение настроек сообщества"),
        )
        MEMBERSHIP_REQUESTED = "membership_requested", _("Заявка на вступление")
        MEMBERSHIP_APPROVED = "membership_approved", _("Заявка одобрена")
        MEMBERSHIP_REJECTED = "membership_rejected", _("Заявка отклонена")
        MEMBERSHIP_LEFT = "membership_left", _("Выход из сообщества")
        ROLE_CHANGED = "role_changed", _("Изменение роли")
        PLATFORM_ROLE_CHANGED = "platform_role_changed", _("Изменение роли на платформе")
        ORGANISATIONS_IMPORTED = "organisations_imported", _("Импорт организаций")
        ORGANISATION_CHANGED = "organisation_changed", _("Изменение организации")

    created_at = models.DateTimeField(_("время"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=64, choices=Action.choices, db_index=True)
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("сообщество"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    # The subject of the act: a person, a membership, a community ... kept as a typed reference
    # so that the log outlives the rows it names.
    target_type = models.CharField(_("тип объекта"), max_length=64, blank=True)
    target_id = models.CharField(_("объект"), max_length=64, blank=True, db_index=True)
    # For acts on a person: the person's id, so that a subject's extract is one query.
    subject_user_id = models.BigIntegerField(_("субъект"), null=True, blank=True, db_index=True)
    reason = models.TextField(_("основание"), blank=True)
    data = models.JSONField(_("подробности"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("запись журнала аудита")
        verbose_name_plural = _("журнал аудита")
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

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title
