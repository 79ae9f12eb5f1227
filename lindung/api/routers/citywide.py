"""City-wide coverage: the published workforce and BPJS totals per segment, and entering them.

Same access helper, form and service as the page; errors in the one API shape.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema

from lindung.api.errors import FormInvalid
from lindung.registry.models import Pemda
from lindung.workforce import access, queries, services
from lindung.workforce.forms import FigureForm
from lindung.workforce.rules import Published, SegmentCoverage

router = Router(tags=["citywide"])


class PublishedOut(Schema):
    people: int
    as_of: date
    source: str


class SegmentOut(Schema):
    segment: str  # "" for the whole city
    workforce: PublishedOut | None
    participants: PublishedOut | None
    coverage_pct: float | None


class CitywideOut(Schema):
    segments: list[SegmentOut]
    total: SegmentOut


class FigureIn(Schema):
    kind: str  # "workforce" (BPS/Disnaker) or "bpjs" (the branch's report)
    segment: str
    people: int
    as_of: date
    source: str


def _pemda(user: Any) -> Pemda:
    access.citywide_scope(user)  # 403 for roles that may not read it
    if user.pemda_id is None:
        raise FormInvalid({"pemda": ["Akun ini tidak terikat pada satu Pemda."]})
    return Pemda.objects.get(pk=user.pemda_id)


def _published(f: Published | None) -> dict[str, Any] | None:
    return None if f is None else {"people": f.people, "as_of": f.as_of, "source": f.source}


def _segment(r: SegmentCoverage) -> dict[str, Any]:
    return {
        "segment": r.segment,
        "workforce": _published(r.workforce),
        "participants": _published(r.participants),
        "coverage_pct": r.pct,
    }


def _answer(pemda: Pemda) -> dict[str, Any]:
    rows, total = queries.citywide(pemda)
    return {"segments": [_segment(r) for r in rows], "total": _segment(total)}


@router.get("/citywide", response=CitywideOut)
def citywide(request: HttpRequest) -> Any:
    return _answer(_pemda(request.user))


@router.post("/citywide/figures", response={201: CitywideOut})
def figure_set(request: HttpRequest, payload: FigureIn) -> Any:
    user: Any = request.user
    pemda = _pemda(user)
    scope = access.citywide_scope(user)
    if payload.kind not in services.KINDS:
        raise FormInvalid({"kind": ["Pilih workforce atau bpjs."]})
    allowed = scope.can_enter_workforce if payload.kind == "workforce" else scope.can_enter_bpjs
    if not allowed:
        raise PermissionDenied
    form = FigureForm(payload.dict(exclude={"kind"}))
    if not form.is_valid():
        raise FormInvalid(
            {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        )
    services.figure_set(actor=user, pemda=pemda, kind=payload.kind, **form.cleaned_data)
    return 201, _answer(pemda)
