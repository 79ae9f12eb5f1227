from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lindung.bpjs.models import Employer


@admin.register(Employer)
class EmployerAdmin(SimpleHistoryAdmin):
    """For looking up; links are decided on the review queue (/bpjs/tautan/)."""

    list_display = ("npp", "divisi", "name", "pemda", "link", "reason", "opd", "business")
    list_filter = ("pemda", "link", "reason")
    search_fields = ("npp", "name", "nib")
    raw_id_fields = ("opd", "business", "batch", "linked_by")
    readonly_fields = ("link", "reason", "score", "rejected", "linked_by", "linked_at")
