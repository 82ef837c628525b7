"""Read-only views for the Django admin: reports, the log, warnings and suspensions change only
through the moderation services, which log every act with its reason."""

from django.contrib import admin

from pedset.moderation.models import Flag, MemberWarning, ModerationAction, Suspension


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "community", "reason", "status", "post", "message")
    list_filter = ("status", "reason", "community")
    list_select_related = ("community",)
    raw_id_fields = ("community", "reporter", "post", "message", "resolved_by")


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "community", "action", "actor", "target_user")
    list_filter = ("action", "community")
    list_select_related = ("community", "actor", "target_user")
    raw_id_fields = ("community", "actor", "post", "topic", "message", "target_user", "flag")


@admin.register(MemberWarning)
class MemberWarningAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "community", "user", "issued_by")
    list_filter = ("community",)
    list_select_related = ("community", "user", "issued_by")
    raw_id_fields = ("community", "user", "issued_by", "post")


@admin.register(Suspension)
class SuspensionAdmin(ReadOnlyAdmin):
    list_display = ("starts_at", "ends_at", "lifted_at", "community", "user", "issued_by")
    list_filter = ("community",)
    list_select_related = ("community", "user", "issued_by")
    raw_id_fields = ("community", "user", "issued_by", "lifted_by")
