from django.contrib.auth import views as auth_views
from django.urls import path

from lindung.accounts import views
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
    path("sandi/", views.password_change, name="acc-password-change"),
    path("pengguna/", views.user_list, name="acc-user-list"),
    path("pengguna/tambah/", views.user_add, name="acc-user-add"),
    path("pengguna/<int:user_id>/", views.user_edit, name="acc-user-edit"),
    path("pengguna/<int:user_id>/sandi/", views.user_reset_password, name="acc-user-reset"),
    path("pengguna/<int:user_id>/aktif/", views.user_set_active, name="acc-user-active"),
]
