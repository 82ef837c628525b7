"""Read-only views for the Django admin: the forum changes only through its services (pages of
the site), which keep the positions, the counters and the moderation log consistent."""

from django.contrib import admin

from pedset.forum.models import Attachment, Post, Section, Topic


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "community", "kind", "position")
    list_filter = ("kind",)
    search_fields = ("title", "community__name")
    list_select_related = ("community",)


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ("title", "section", "author", "posts_count", "is_pinned", "is_locked")
    list_filter = ("is_pinned", "is_locked")
    search_fields = ("title",)
    list_select_related = ("section", "author")
    raw_id_fields = ("section", "author", "last_post_author")


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "author", "created_at", "hidden_at", "deleted_at")
    list_select_related = ("author",)
    raw_id_fields = ("topic", "author", "edited_by", "hidden_by", "deleted_by")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_at")
    raw_id_fields = ("post",)
