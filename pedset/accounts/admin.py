"""Django admin for people: a fallback for the platform's own pages, not a replacement.

Changes made here bypass the services (no audit, no consent records), so the fields that carry
legal meaning — consents, anonymisation, e-mail confirmation — are read-only.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from pedset.accounts.models import PlatformRole, Subject, User, UserSession
from pedset.accounts.services import normalise_email


class AdminUserAddForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "last_name", "first_name")
        field_classes = {}

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class AdminUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}


class PlatformRoleInline(admin.TabularInline):
    model = PlatformRole
    extra = 0
    readonly_fields = ("granted_at",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("last_name", "first_name", "id")
    list_display = ("email", "last_name", "first_name", "organisation", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "platform_roles__role")
    search_fields = ("email", "last_name", "first_name", "patronymic")
    list_select_related = ("organisation",)
    form = AdminUserChangeForm
    add_form = AdminUserAddForm
    filter_horizontal = ("subjects", "groups", "user_permissions")
    readonly_fields = ("date_joined", "last_login", "email_confirmed_at", "anonymised_at")
    inlines = [PlatformRoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Name"), {"fields": ("last_name", "first_name", "patronymic")}),
        (
            _("Profile"),
            {
                "fields": (
                    "organisation",
                    "position",
                    "qualification_category",
                    "subjects",
                    "about",
                    "avatar",
                )
            },
        ),
        (
            _("Contacts"),
            {
                "fields": (
                    ("phone", "phone_visibility"),
                    ("contact_email", "contact_email_visibility"),
                    ("messenger", "messenger_visibility"),
                )
            },
        ),
        (_("Preferences"), {"fields": ("time_zone", "language", "accessible_mode")}),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (
            _("Dates"),
            {"fields": ("date_joined", "last_login", "email_confirmed_at", "anonymised_at")},
        ),
    )

    def get_inline_instances(self, request, obj=None):
        # The add form is the short one: roles come after the person exists.
        return super().get_inline_instances(request, obj) if obj is not None else []

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "last_name", "first_name", "password1", "password2"),
            },
        ),
    )


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at")
    list_select_related = ("user",)
    readonly_fields = ("user", "session_key", "created_at")

    def has_add_permission(self, request):
        return False
