from django.urls import path

from lindung.budget import views

# Mounted under iuran/ beside the rulebook's pages: the address and name stay as they were.
urlpatterns = [
    path("anggaran/", views.budget, name="rule-budget"),
]
