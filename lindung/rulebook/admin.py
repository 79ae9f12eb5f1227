from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lindung.rulebook.models import Holiday, RuleValue


@admin.register(RuleValue)
class RuleValueAdmin(SimpleHistoryAdmin):
    """Rule rows; every add or change is kept with who and when (simple-history)."""

    list_display = ("key", "qualifier", "value", "unit", "valid_from", "valid_to", "confidence")
    list_filter = ("key", "confidence")
    search_fields = ("key", "qualifier", "legal_basis", "note")
    ordering = ("key", "qualifier", "valid_from")


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    """National holidays and cuti bersama that working-day deadlines skip."""

    list_display = ("date", "name", "kind", "source", "confidence")
    list_filter = ("kind", "confidence")
    date_hierarchy = "date"
