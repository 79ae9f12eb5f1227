from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lindung.accounts.models import ApiToken, User


@admin.register(User)
class LindungUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Lindung", {"fields": ("pemda", "role", "opds")}))  # type: ignore[misc]
    list_display = ("username", "pemda", "role", "is_superuser", "is_active")
    list_filter = ("pemda", "role", "is_superuser", "is_active")
    filter_horizontal = ("opds",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "created_at", "last_used_at")
