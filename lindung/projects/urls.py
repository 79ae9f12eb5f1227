from django.urls import path

from lindung.projects import views

urlpatterns = [
    path("", views.project_list, name="prj-list"),
    path("tambah/", views.project_add, name="prj-add"),
    path("terlambat/", views.project_overdue, name="prj-overdue"),
    path("<int:project_id>/", views.project_detail, name="prj-detail"),
    path("<int:project_id>/termin/tambah/", views.termin_add, name="prj-termin-add"),
    path("<int:project_id>/pendaftaran/", views.project_register, name="prj-register"),
    path("<int:project_id>/pembayaran/", views.payment_add, name="prj-payment"),
    path("<int:project_id>/cek-termin/", views.termin_gate, name="prj-gate"),
]
