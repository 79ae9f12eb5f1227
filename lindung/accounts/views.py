"""Account pages: an Admin Pemda manages the Pemda's users; everyone changes their password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts import access, services
from lindung.accounts.forms import UserForm
from lindung.accounts.http import AuthedHttpRequest
from lindung.accounts.models import User
from lindung.registry.models import Pemda
from lindung.registry.tenancy import current_pemda


def _pemda(request: AuthedHttpRequest) -> Pemda:
    if not access.can_manage_users(request.user):
        raise PermissionDenied
    pemda = current_pemda(request)
    if pemda is None:
        raise Http404
    return pemda


def _put_errors(form: UserForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def user_list(request: AuthedHttpRequest) -> HttpResponse:
    pemda = _pemda(request)
    users = (
        access.users_for_user(request.user, pemda)
        .prefetch_related("opds")
        .order_by("-is_active", "username")
    )
    return render(request, "accounts/user_list.html", {"users": users, "pemda": pemda})


@login_required
@require_http_methods(["GET", "POST"])
def user_add(request: AuthedHttpRequest) -> HttpResponse:
    pemda = _pemda(request)
    form = UserForm(request.POST or None, pemda=pemda)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user, password = services.user_create(
                by=request.user,
                pemda=pemda,
                username=d["username"],
                role=d["role"],
                opds=d["opds"],
                full_name=d["full_name"],
                email=d["email"],
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            return _show_password(request, user, password, created=True)
    return render(
        request,
        "web/form.html",
        {
            "form": form,
            "title": _("Tambah pengguna"),
            "intro": _(
                "Kata sandi sementara dibuat otomatis dan ditampilkan sekali; pengguna wajib "
                "menggantinya saat pertama masuk."
            ),
            "back": reverse("acc-user-list"),
        },
    )


def _show_password(
    request: AuthedHttpRequest, user: User, password: str, *, created: bool
) -> HttpResponse:
    """The temporary password, shown in this response only (pages are never cached)."""
    return render(
        request,
        "accounts/user_password.html",
        {"account": user, "password": password, "created": created},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    account = access.get_user_for_user(request.user, user_id)
    if account.pemda is None:  # users_for_user lists accounts of a Pemda only
        raise Http404
    initial = {
        "full_name": account.first_name,
        "email": account.email,
        "role": account.role,
        "opds": list(account.opds.all()),
    }
    form = UserForm(request.POST or None, initial=initial, pemda=account.pemda, editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.user_update(
                by=request.user,
                user=account,
                role=d["role"],
                opds=d["opds"],
                full_name=d["full_name"],
                email=d["email"],
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("Akun %(u)s disimpan.") % {"u": account.username})
            return redirect("acc-user-list")
    history = account.history.select_related("history_user").order_by("-history_date")[:20]  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/user_edit.html",
        {"form": form, "account": account, "history": history, "is_self": account == request.user},
    )


@login_required
@require_POST
def user_reset_password(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    account = access.get_user_for_user(request.user, user_id)
    password = services.user_reset_password(by=request.user, user=account)
    return _show_password(request, account, password, created=False)


@login_required
@require_POST
def user_set_active(request: AuthedHttpRequest, user_id: int) -> HttpResponse:
    account = access.get_user_for_user(request.user, user_id)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(by=request.user, user=account, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("acc-user-edit", user_id=account.pk)
    if active:
        messages.success(request, _("Akun %(u)s diaktifkan.") % {"u": account.username})
    else:
        messages.success(request, _("Akun %(u)s dinonaktifkan.") % {"u": account.username})
    return redirect("acc-user-list")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    form.fields["old_password"].label = _("Kata sandi sekarang")
    form.fields["new_password1"].label = _("Kata sandi baru")
    form.fields["new_password2"].label = _("Ulangi kata sandi baru")
    if request.method == "POST" and form.is_valid():
        user = services.user_change_password(
            user=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Kata sandi diganti."))
        return redirect("web-home")
    intro = ""
    if request.user.must_change_password:
        intro = _("Kata sandi Anda sementara: ganti dulu sebelum melanjutkan.")
    return render(
        request,
        "web/form.html",
        {
            "form": form,
            "title": _("Ganti kata sandi"),
            "intro": intro,
            "back": reverse("web-home"),
        },
    )
