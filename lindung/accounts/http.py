from django.http import HttpRequest

from lindung.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """A request behind login_required: `user` is a real User."""

    user: User  # type: ignore[assignment]
