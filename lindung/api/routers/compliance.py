"""The permit check for the licensing office: a yes/no per NIB, without personal data."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.renderers import JSONRenderer

from lindung.accounts.services import rate_limited
from lindung.api.auth import PERMIT_AUTH
from lindung.api.errors import ErrorOut, FormInvalid
from lindung.compliance import access, rules, services
from lindung.compliance.models import PermitCheck
from lindung.registry.models import Pemda

router = Router(tags=["compliance"])


class FindingOut(Schema):
    kind: str
    since: str
    stage: str


class PermitOut(Schema):
    nib: str
    name: str | None
    status: str
    findings: list[FindingOut]
    checked_at: datetime


class PingOut(Schema):
    ok: bool
    client: str


def permit_response(answer: dict[str, Any]) -> HttpResponse:
    """The 200 answer as PermitOut renders it, without validating it through pydantic.

    The check is the hottest route and its answer's shape is fixed by the service; writing
    it directly saves a schema validation and dump per request. Like the schema, it keeps
    only the kind, start date and stage of each finding. A test holds it byte for byte to
    the schema's rendering.
    """
    body = {
        "nib": answer["nib"],
        "name": answer["name"],
        "status": answer["status"],
        "findings": [
            {"kind": f["kind"], "since": f["since"], "stage": f["stage"]}
            for f in answer["findings"]
        ],
        # The one value the standard encoder cannot write, written as the renderer would.
        "checked_at": _ENCODER.default(answer["checked_at"]),
    }
    return HttpResponse(json.dumps(body), content_type=_JSON_CONTENT_TYPE)


_JSON_CONTENT_TYPE = f"{JSONRenderer.media_type}; charset={JSONRenderer.charset}"
_ENCODER = JSONRenderer.encoder_class()


def _caller(request: HttpRequest, pemda: str | None) -> tuple[int, Any, Any]:
    """(Pemda id, client key, user) of the request; a client key is held to its rate limit."""
    key = getattr(request, "api_key", None)
    if key is not None:
        return key.pemda_id, key, None
    user: Any = request.user
    access.require_permit_checker(user)
    if user.pemda_id is not None:
        return user.pemda_id, None, user
    pemda_id = Pemda.objects.filter(code=pemda or "").values_list("pk", flat=True).first()
    if pemda_id is None:
        raise FormInvalid({"pemda": ["Kode Pemda wajib diisi (superuser)."]})
    return pemda_id, None, user


def _limited(request: HttpRequest) -> tuple[int, dict[str, str]] | None:
    key = getattr(request, "api_key", None)
    if key is not None and rate_limited(key):
        return 429, {"error": "Batas permintaan per menit terlampaui; coba lagi sebentar lagi."}
    return None


@router.get("/compliance/ping", response={200: PingOut, 429: ErrorOut}, auth=PERMIT_AUTH)
def ping(request: HttpRequest) -> Any:
    """Check a key without checking a business (nothing is logged)."""
    refused = _limited(request)
    if refused:
        return refused
    key = getattr(request, "api_key", None)
    if key is not None:
        return {"ok": True, "client": key.name}
    access.require_permit_checker(request.user)  # type: ignore[arg-type]
    return {"ok": True, "client": request.user.get_username()}


# `pemda` (superusers only) is read from the query string by the view rather than declared
# as a parameter: ninja's parameter model cost the hottest route ~15 us a call.
_PEMDA_PARAM = {
    "in": "query", "name": "pemda", "required": False, "schema": {"type": "string"},
    "description": "Kode Pemda; hanya untuk superuser (kunci klien dan staf memakai Pemda-nya).",
}  # fmt: skip


@router.get(
    "/compliance/{nib}",
    response={200: PermitOut, 429: ErrorOut},
    auth=PERMIT_AUTH,
    openapi_extra={"parameters": [_PEMDA_PARAM]},
)
def permit_check(request: HttpRequest, nib: str) -> Any:
    """Is the business with this NIB compliant? "unknown" for a NIB not on record.

    Answers with the business name, the status and the kind, start date and stage of
    each open finding; no worker names, NIK or wages. Every call is logged.
    """
    refused = _limited(request)
    if refused:
        return refused
    pemda_id, key, user = _caller(request, request.GET.get("pemda"))
    try:
        answer = services.permit_check(
            pemda_id=pemda_id, nib=nib, channel=PermitCheck.Channel.API, api_key=key, user=user
        )
    except rules.NibError as exc:
        raise FormInvalid({"nib": [str(exc)]}) from None
    return permit_response(answer)
