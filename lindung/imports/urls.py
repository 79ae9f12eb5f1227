from django.urls import path

from lindung.imports import views

urlpatterns = [
    path("", views.batch_list, name="imp-list"),
    path("templat/<str:kind>.xlsx", views.template, name="imp-template"),
    path("<int:batch_id>/", views.batch_detail, name="imp-batch"),
    path("<int:batch_id>/status.json", views.batch_status, name="imp-status"),
    path("<int:batch_id>/pemetaan/", views.batch_mapping, name="imp-mapping"),
    path("<int:batch_id>/opd/", views.batch_opds, name="imp-opds"),
    path("<int:batch_id>/simpan/", views.batch_commit, name="imp-commit"),
    path("<int:batch_id>/batal/", views.batch_cancel, name="imp-cancel"),
    path("<int:batch_id>/galat.xlsx", views.error_report, name="imp-errors"),
]
