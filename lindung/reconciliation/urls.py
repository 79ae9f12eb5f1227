from django.urls import path

from lindung.bpjs.views import redirect_to_queue
from lindung.reconciliation import views

urlpatterns = [
    path("", views.run_list, name="rec-run-list"),
    path("<int:run_id>/", views.run_detail, name="rec-run-detail"),
    path("<int:run_id>/daftar/", views.record_list, name="rec-records"),
    path("<int:run_id>/daftar.xlsx", views.record_export, name="rec-records-export"),
    path("tinjau/", views.review, name="rec-review"),
    path("tinjau/<int:candidate_id>/", views.decide, name="rec-decide"),
    # The NPP links moved to the one review queue of the bpjs app.
    path("tautan/", redirect_to_queue("opd"), name="rec-links"),
    path("tautan/<int:link_id>/", redirect_to_queue("opd"), name="rec-link-decide"),
]
