from django.urls import path

from lindung.cohorts import views

urlpatterns = [
    path("", views.cohort_list, name="coh-list"),
    path("target/", views.target_set, name="coh-target"),
    path("pemilu/tambah/", views.election_add, name="coh-election-add"),
    path("pemilu/<int:cohort_id>/", views.election_detail, name="coh-election-detail"),
    path("pemilu/<int:cohort_id>/peran/", views.election_role, name="coh-election-role"),
    path("pemilu/<int:cohort_id>/anggota/", views.election_member, name="coh-election-member"),
    path("informal/tambah/", views.informal_add, name="coh-informal-add"),
    path("informal/<int:cohort_id>/", views.informal_detail, name="coh-informal-detail"),
    path("informal/<int:cohort_id>/anggota/", views.informal_member, name="coh-informal-member"),
]
