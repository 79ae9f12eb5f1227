from django.urls import path

from lindung.audit import views

urlpatterns = [
    path("", views.audit_log, name="aud-log"),
    path("unduh.xlsx", views.audit_export, name="aud-export"),
]
