"""Read-only admin for private messages: counts and dates for the operator, never the text.

The texts (and subjects) of conversations are not shown anywhere in the admin — not in the list
and not on a message's page: on the site the platform administrator cannot read a conversation
either (only participants can), and the admin must not be a way round that.
"""

from django.contrib import admin

from pedset.messaging.models import Block, Conversation, Message, Participant


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ("id", "community", "created_by", "created_at", "last_message_at")
    list_filter = ("community",)
    list_select_related = ("community", "created_by")
    fields = ("community", "created_by", "created_at", "last_message_at")
    readonly_fields = fields


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ("id", "conversation_id", "user", "joined_at", "left_at")
    list_select_related = ("user",)
    fields = ("conversation", "user", "joined_at", "left_at", "last_read_at")
    readonly_fields = fields


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("id", "conversation_id", "author", "kind", "created_at", "hidden_at")
    list_filter = ("kind",)
    list_select_related = ("author",)
    # No body: see the module docstring.
    fields = ("conversation", "author", "kind", "created_at", "hidden_at", "hidden_by")
    readonly_fields = fields


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    list_display = ("id", "blocker", "blocked", "created_at")
    list_select_related = ("blocker", "blocked")
    fields = ("blocker", "blocked", "created_at")
    readonly_fields = fields
