from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lindung.accounts.models import Credential, User


@admin.register(User)
class LindungUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Lindung", {"fields": ("pemda", "role", "opds")}))  # type: ignore[misc]
    list_display = ("username", "pemda", "role", "is_superuser", "is_active")
    list_filter = ("pemda", "role", "is_superuser", "is_active")
    filter_horizontal = ("opds",)


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    list_display = ("kind", "user", "pemda", "name", "prefix", "created_at", "revoked_at")
    list_filter = ("kind", "pemda")
    readonly_fields = ("digest", "prefix", "created_at", "last_used_at")
