"""Read-only views of the consent records: every write goes through privacy.services
(versions, hashes and the audit log), never through the Django admin."""

from django.contrib import admin

from pedset.privacy.models import Consent, ConsentText, DestructionAct


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentText)
class ConsentTextAdmin(ReadOnlyAdmin):
    list_display = ("operator", "kind", "version", "title", "published_at")
    list_filter = ("kind",)
    list_select_related = ("operator",)
    search_fields = ("title", "operator__short_name", "operator__full_name")


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("user_id", "operator", "kind", "field", "version", "given_at", "revoked_at")
    list_filter = ("kind", "source")
    list_select_related = ("operator",)
    raw_id_fields = ("user",)


@admin.register(DestructionAct)
class DestructionActAdmin(ReadOnlyAdmin):
    list_display = ("number", "created_at", "subject_user_id", "operator")
    list_select_related = ("operator",)
    search_fields = ("number",)
