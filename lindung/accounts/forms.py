from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")

    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini dinonaktifkan."),
    }
