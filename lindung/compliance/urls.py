from django.urls import path

from lindung.bpjs.views import redirect_to_queue
from lindung.compliance import views

urlpatterns = [
    path("", views.business_list, name="cmp-list"),
    path("ringkasan/", views.panel, name="cmp-panel"),
    path("usaha/tambah/", views.business_add, name="cmp-business-add"),
    path("usaha/<int:business_id>/", views.business_detail, name="cmp-business"),
    path("usaha/<int:business_id>/ubah/", views.business_edit, name="cmp-business-edit"),
    path("usaha/<int:business_id>/angka/", views.figure_add, name="cmp-figure-add"),
    path("temuan/<int:finding_id>/", views.finding_detail, name="cmp-finding"),
    path("langkah/<int:step_id>/surat.pdf", views.letter, name="cmp-letter"),
    # The NPP links moved to the one review queue of the bpjs app.
    path("tautan/", redirect_to_queue("business"), name="cmp-links"),
    path("tautan/<int:employer_id>/", redirect_to_queue("business"), name="cmp-link-decide"),
    path("umk/", views.umk, name="cmp-umk"),
    path("surat/", views.letter_settings, name="cmp-letters"),
    path("log-cek/", views.permit_log, name="cmp-permit-log"),
    path("cek/", views.permit_search, name="cmp-permit-search"),
    path("kunci-api/", views.client_keys, name="cmp-client-keys"),
    path("kunci-api/<int:key_id>/cabut/", views.client_key_revoke, name="cmp-client-key-revoke"),
]
