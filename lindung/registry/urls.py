from django.urls import path

from lindung.registry import views

urlpatterns = [
    path("opd/", views.opd_list, name="reg-opd-list"),
    path("opd/tambah/", views.opd_add, name="reg-opd-add"),
    path("opd/<int:opd_id>/", views.worker_list, name="reg-worker-list"),
    path("opd/<int:opd_id>/ubah/", views.opd_edit, name="reg-opd-edit"),
    path("opd/<int:opd_id>/unduh.xlsx", views.worker_export, name="reg-worker-export"),
    path("opd/<int:opd_id>/tambah-pekerja/", views.worker_add, name="reg-worker-add"),
    path("penugasan/<int:engagement_id>/ubah/", views.engagement_edit, name="reg-engagement-edit"),
    path("penugasan/<int:engagement_id>/akhiri/", views.engagement_end, name="reg-engagement-end"),
    path("orang/<int:person_id>/", views.person_detail, name="reg-person-detail"),
    path("orang/<int:person_id>/ubah/", views.person_edit, name="reg-person-edit"),
]
