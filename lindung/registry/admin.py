from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lindung.registry.models import Engagement, Opd, Pemda, Person


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
