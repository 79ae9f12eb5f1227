from django.urls import path

from lindung.bpjs import views

urlpatterns = [
    path("tautan/", views.link_queue, name="bpjs-links"),
    path("tautan/<int:employer_id>/", views.link_decide, name="bpjs-link-decide"),
]
