from django.contrib.auth import views as auth_views
from django.urls import path

from lindung.accounts.forms import LoginForm

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="acc-login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="acc-logout"),
]
