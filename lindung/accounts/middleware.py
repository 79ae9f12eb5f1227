"""Send a user with a temporary password to the password page before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """After a reset (or a new account), every page but a few leads to "Ganti kata sandi"."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not self._allowed(request.path)
        ):
            return redirect("acc-password-change")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        open_paths = (reverse("acc-password-change"), reverse("acc-logout"), "/i18n/")
        return path.startswith(open_paths) or path.startswith(("/static/", "/api/", "/healthz"))
