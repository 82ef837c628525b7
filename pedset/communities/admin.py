"""Read-only views for the Django admin: communities and memberships change only through the
services (pages of the site), which keep the audit log and enforce the cap and the rules."""

from django.contrib import admin

from pedset.communities.models import Community, Membership


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Community)
class CommunityAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "member_kind", "member_cap", "operator", "closed_at")
    list_filter = ("member_kind", "join_requires_approval")
    search_fields = ("name", "slug")
    list_select_related = ("operator",)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "community", "role", "status", "requested_at", "decided_at")
    list_filter = ("status", "role", "community")
    search_fields = ("user__last_name", "user__email", "community__name")
    list_select_related = ("user", "community")
    raw_id_fields = ("user", "organisation", "consent", "decided_by")
