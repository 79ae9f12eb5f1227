from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Role
from lindung.registry.models import Opd, Pemda


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")

    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini dinonaktifkan."),
    }


class UserForm(forms.Form):
    """An account of one Pemda: its name, role and (for an Operator OPD) its OPDs."""

    username = forms.RegexField(
        label=_("Nama pengguna"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Huruf, angka dan . @ + - _ saja; tidak dapat diubah kemudian."),
        error_messages={"invalid": _("Hanya huruf, angka dan . @ + - _ yang boleh dipakai.")},
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    role = forms.ChoiceField(label=_("Peran"), choices=[("", "–"), *Role.choices])
    opds = forms.ModelMultipleChoiceField(
        label=_("OPD (untuk Operator OPD)"),
        queryset=Opd.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, pemda: Pemda, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opds"].queryset = Opd.objects.filter(pemda=pemda).order_by("code")  # type: ignore[attr-defined]
        self.fields["opds"].label_from_instance = lambda o: f"{o.code} · {o.name}"  # type: ignore[attr-defined]
        if editing:
            del self.fields["username"]
