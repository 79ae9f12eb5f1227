"""One error shape for the whole API: {"error": message, "fields": {name: [messages]}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError


class FormInvalid(Exception):
    """A shared Django form refused the payload."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields


def _fields_from_django(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def install(api: NinjaAPI) -> None:
    def reply(request: HttpRequest, status: int, error: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"error": error, **extra}, status=status)

    @api.exception_handler(NinjaValidationError)
    def _schema(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query")]
            fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg")))
        return reply(request, 422, "Data tidak valid.", fields=fields)

    @api.exception_handler(FormInvalid)
    def _form(request: HttpRequest, exc: FormInvalid) -> HttpResponse:
        return reply(request, 422, "Data tidak valid.", fields=exc.fields)

    @api.exception_handler(ValidationError)
    def _model(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return reply(request, 422, "Data tidak valid.", fields=_fields_from_django(exc))

    @api.exception_handler(Http404)
    def _missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return reply(request, 404, "Tidak ditemukan.")

    @api.exception_handler(PermissionDenied)
    def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return reply(request, 403, "Akses ditolak untuk peran Anda.")

    @api.exception_handler(AuthenticationError)
    def _unauth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return reply(request, 401, "Token tidak valid atau belum masuk.")
