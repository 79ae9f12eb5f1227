from django.urls import path

from lindung.workforce import views

urlpatterns = [
    path("", views.citywide, name="wf-citywide"),
    path("pekerja/", views.figure_add, {"kind": "workforce"}, name="wf-workforce-add"),
    path("bpjs/", views.figure_add, {"kind": "bpjs"}, name="wf-bpjs-add"),
]
