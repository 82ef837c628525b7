from django.contrib import admin

from pedset.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("short_name", "full_name", "kind", "district", "is_active", "operates_platform")
    list_filter = ("kind", "district", "is_active", "operates_platform")
    search_fields = ("full_name", "short_name", "address", "inn")
    ordering = ("district", "short_name")
