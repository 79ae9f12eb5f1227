from django.urls import path

from lindung.dashboards import views

urlpatterns = [
    path("", views.dashboard, name="dash-home"),
    path("daftar/", views.record_list, name="dash-records"),
    path("daftar.xlsx", views.record_export, name="dash-records-export"),
    path("opd/", views.opd_list, name="dash-opds"),
    path("target/", views.targets, name="dash-targets"),
    path("target/<int:target_id>/hapus/", views.target_delete, name="dash-target-delete"),
    path("rakor/", views.report_create, name="dash-report-create"),
    path("rakor/daftar/", views.report_list, name="dash-report-list"),
    path("rakor/<int:report_id>/", views.report_detail, name="dash-report"),
    path("rakor/<int:report_id>/unduh/", views.report_download, name="dash-report-download"),
]
