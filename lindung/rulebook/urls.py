from django.urls import path

from lindung.rulebook import views

urlpatterns = [
    path("kalkulator/", views.calculator, name="rule-calculator"),
    path("aturan/", views.rule_table, name="rule-table"),
]
