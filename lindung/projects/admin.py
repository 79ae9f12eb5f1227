from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lindung.projects.models import Payment, Project, Termin


class TerminInline(admin.TabularInline):
    model = Termin
    extra = 0


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("name", "pemda", "opd", "contract_value", "spk_date", "registered_on")
    list_filter = ("pemda",)
    search_fields = ("name", "contractor_name", "contractor_nib", "registration_number")
    inlines = [TerminInline, PaymentInline]
