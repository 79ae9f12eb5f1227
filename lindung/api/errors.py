"""One error shape for the whole API: {"error": message, "fields": {name: [messages]}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class ErrorOut(Schema):
    """The one error shape: a message, and per field the messages (empty when none)."""

    error: str
    fields: dict[str, list[str]] = {}


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


# Error answers the schema declares, with when each can come (ERROR_SCHEMA is their shape).
_ERRORS = {
    "400": "Karakter kendali (mis. NUL) di alamat, parameter atau isi permintaan.",
    "401": "Token tidak valid atau belum masuk.",
    "403": "Peran Anda tidak boleh memakai ini.",
    "404": "Tidak ditemukan atau di luar wewenang Anda.",
    "422": "Data tidak valid; `fields` menyebut isian yang salah.",
}
# Query parameters that name a Pemda or OPD: one outside the caller's scope is a 404.
_SCOPED_QUERY = {"pemda", "opd"}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare on every operation the error answers it can give, in the one shape.

    The handlers above and the request hygiene middleware answer outside the view, so
    ninja's per-view `response=` does not see them: 400 (control characters) and 401 can come
    from any operation, 403 from a role check, 404 from an id in the path or a Pemda or OPD
    code outside the caller's scope, 422 from any parameter or body. A view's own
    declaration (e.g. 429, or 404 with a message) is kept.
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema())
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    for path, item in schema.get("paths", {}).items():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            params = operation.get("parameters", [])
            codes = ["400", "403"]
            if operation.get("security"):
                codes.append("401")
            if "{" in path or any(
                p.get("in") == "query" and p.get("name") in _SCOPED_QUERY for p in params
            ):
                codes.append("404")
            if params or "requestBody" in operation:
                codes.append("422")
            responses = operation["responses"]
            declared = {str(c) for c in responses}  # ninja's own codes are ints
            for code in codes:
                if code not in declared:
                    responses[int(code)] = {"description": _ERRORS[code], **ref}
            operation["responses"] = dict(sorted(responses.items(), key=lambda kv: str(kv[0])))
    return schema
