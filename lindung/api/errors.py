"""One error shape for the whole API: {"error": message, "fields": {name: [messages]}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class FormInvalid(Exception):
    """A shared Django form refused the payload."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields


def _fields_from_django(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


# pydantic's messages for the common mistakes, in the API's language; others pass through.
_SCHEMA_MESSAGES = {
    "missing": "Wajib diisi.",
    "int_parsing": "Harus bilangan bulat.",
    "int_type": "Harus bilangan bulat.",
    "int_from_float": "Harus bilangan bulat.",
    "float_parsing": "Harus angka.",
    "float_type": "Harus angka.",
    "bool_parsing": "Harus true atau false.",
    "bool_type": "Harus true atau false.",
    "string_type": "Harus teks.",
    "date_parsing": "Tanggal harus berformat YYYY-MM-DD dan ada di kalender.",
    "date_from_datetime_parsing": "Tanggal harus berformat YYYY-MM-DD dan ada di kalender.",
    "date_type": "Tanggal harus berformat YYYY-MM-DD dan ada di kalender.",
    "list_type": "Harus daftar.",
    "dict_type": "Harus objek.",
    "model_attributes_type": "Harus objek.",
}


def schema_message(err: dict[str, Any]) -> str:
    return _SCHEMA_MESSAGES.get(str(err.get("type")), str(err.get("msg")))


def install(api: NinjaAPI) -> None:
    def reply(request: HttpRequest, status: int, error: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"error": error, **extra}, status=status)

    @api.exception_handler(NinjaValidationError)
    def _schema(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query")]
            fields.setdefault(".".join(loc) or "__all__", []).append(schema_message(err))
        return reply(request, 422, "Data tidak valid.", fields=fields)

    @api.exception_handler(FormInvalid)
    def _form(request: HttpRequest, exc: FormInvalid) -> HttpResponse:
        return reply(request, 422, "Data tidak valid.", fields=exc.fields)

    @api.exception_handler(ValidationError)
    def _model(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return reply(request, 422, "Data tidak valid.", fields=_fields_from_django(exc))

    @api.exception_handler(Http404)
    def _missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return reply(request, 404, "Tidak ditemukan.", fields={})

    @api.exception_handler(PermissionDenied)
    def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return reply(request, 403, "Akses ditolak untuk peran Anda.", fields={})

    @api.exception_handler(AuthenticationError)
    def _unauth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return reply(request, 401, "Token tidak valid atau belum masuk.", fields={})

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own: a body that is not JSON is bad input like any other (422).
        if exc.status_code == 400:
            return reply(request, 422, "Isi permintaan bukan JSON yang sah.", fields={})
        return reply(request, exc.status_code, str(exc.message), fields={})
