from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lindung.cohorts.models import (
    ElectionCohort,
    ElectionRole,
    InformalCohort,
    SegmentTarget,
)


class ElectionRoleInline(admin.TabularInline):
    model = ElectionRole
    extra = 0


@admin.register(ElectionCohort)
class ElectionCohortAdmin(SimpleHistoryAdmin):
    list_display = ("election_name", "body", "pemda", "term_start", "term_end")
    list_filter = ("pemda", "body")
    inlines = [ElectionRoleInline]


@admin.register(InformalCohort)
class InformalCohortAdmin(SimpleHistoryAdmin):
    list_display = ("name", "segment", "funding", "kecamatan", "pemda")
    list_filter = ("pemda", "segment", "funding")


@admin.register(SegmentTarget)
class SegmentTargetAdmin(SimpleHistoryAdmin):
    list_display = ("pemda", "segment", "year", "target")
    list_filter = ("pemda", "year")
