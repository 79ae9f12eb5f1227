from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lindung.registry.models import Engagement, NikLookup, Opd, Pemda, Person


@admin.register(Pemda)
class PemdaAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(Opd)
class OpdAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "pemda", "npp")
    list_filter = ("pemda", "kind")
    search_fields = ("code", "name")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("nik", "name", "pemda")
    search_fields = ("nik", "name")
    list_filter = ("pemda",)


@admin.register(Engagement)
class EngagementAdmin(SimpleHistoryAdmin):
    list_display = (
        "person",
        "opd",
        "category",
        "has_sk",
        "monthly_wage",
        "start_date",
        "end_date",
    )
    list_filter = ("pemda", "category", "has_sk")
    raw_id_fields = ("person", "opd")


@admin.register(NikLookup)
class NikLookupAdmin(admin.ModelAdmin):
    """The audit log of whole-NIK lookups by masked roles: read only."""

    list_display = ("at", "user", "nik", "source")
    list_filter = ("source",)
    search_fields = ("nik", "user__username")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
