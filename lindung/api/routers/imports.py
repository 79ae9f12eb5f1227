"""Imports over the API: upload, batch status, batch rows, commit (same pipeline and jobs)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindung.api.errors import FormInvalid
from lindung.api.pagination import Listing, PageNumbers
from lindung.imports import access, services
from lindung.imports.models import ImportBatch, ImportRow
from lindung.registry import access as registry_access

router = Router(tags=["imports"])


class BatchOut(Schema):
    batch: int
    kind: str
    status: str
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    ended: int
    to_end: int
    to_end_ids: list[int]
    errors: int
    skipped: int
    message: str
    layout: dict[str, Any]


class RowOut(Schema):
    sheet: str
    row: int
    outcome: str
    skip: str
    cells: list[str]
    errors: list[dict[str, str]]


class CommitIn(Schema):
    valid_only: bool = False
    end_missing: bool = False
    end_ids: list[int] | None = None


def _out(batch: ImportBatch) -> dict[str, Any]:
    c = batch.counts or {}
    return {
        "batch": batch.pk,
        "kind": batch.kind,
        "status": batch.status,
        "file": batch.original_name,
        "rows": c.get("rows", 0),
        "created": c.get("created", 0),
        "updated": c.get("updated", 0),
        "unchanged": c.get("unchanged", 0),
        # Ended by the commit; before it, how many the commit would end (with end_missing).
        "ended": c.get("ended", 0) if batch.status == "committed" else 0,
        "to_end": 0 if batch.status == "committed" else c.get("to_end", 0),
        "to_end_ids": [] if batch.status == "committed" else c.get("to_end_ids", []),
        "errors": c.get("error", 0),
        "skipped": c.get("skipped", 0),
        "message": batch.message,
        "layout": batch.layout,
    }


@router.post("/imports", response={202: BatchOut})
def upload(
    request: HttpRequest,
    kind: Form[str],
    file: File[UploadedFile],
    opd: Form[str] = "",
    pemda: Form[str] = "",
    create_missing_opds: Form[bool] = False,
    as_of: Form[date | None] = None,
    cohort: Form[str] = "",
) -> tuple[int, dict[str, Any]]:
    """Upload a file; it is checked in the background. Poll GET /imports/{batch}.

    `as_of` is the date the worker list describes (default today).
    """
    user: Any = request.user
    if kind not in ImportBatch.Kind.values:
        choices = ", ".join(ImportBatch.Kind.values)
        raise FormInvalid({"kind": [f"Jenis data “{kind}” tidak dikenal. Pilihan: {choices}."]})
    if kind not in access.kinds_for_user(user):
        raise PermissionDenied
    target = registry_access.pemdas_for_user(user).filter(code=pemda).first() if pemda else None
    target = target or (user.pemda if user.pemda_id else None)
    if target is None:
        raise FormInvalid({"pemda": ["Kode Pemda wajib diisi."]})
    opd_obj = None
    if opd:
        opd_obj = registry_access.opds_for_user(user).filter(pemda=target, code=opd).first()
        if opd_obj is None:
            raise FormInvalid({"opd": [f"OPD {opd} tidak dikenal atau di luar wewenang Anda."]})
    elif kind == "workers" and user.role == "operator_opd":
        raise FormInvalid({"opd": ["Operator OPD wajib menyebut kode OPD-nya."]})
    cohort_id = None
    if kind in access.COHORT_KINDS:
        found = access.cohorts_for_import(user, kind).filter(pemda=target, pk=_id(cohort))
        cohort_id = found.values_list("pk", flat=True).first()
        if cohort_id is None:
            raise FormInvalid(
                {"cohort": [f"Kohort “{cohort}” tidak ada di Pemda {target.code} atau di luar "
                            "wewenang Anda; kirim id kohort tujuan."]}
            )  # fmt: skip
    try:
        batch = services.batch_upload(
            user=user, pemda=target, kind=kind, source=file, original_name=file.name or "berkas",
            opd=opd_obj, cohort_id=cohort_id, create_missing_opds=create_missing_opds,
            as_of=as_of,
        )  # fmt: skip
    except services.ImportRefused as exc:
        raise FormInvalid({exc.field or "file": [exc.message]}) from None
    batch.refresh_from_db()
    return 202, _out(batch)


def _id(text: str) -> int:
    """A positive id from a form field, or 0 (matches nothing)."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else 0


@router.get("/imports/{batch_id}", response=BatchOut)
def status(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    batch = access.get_batch_for_user(request.user, batch_id)  # type: ignore[arg-type]
    return _out(services.batch_refresh(batch))


@router.get("/imports/{batch_id}/rows", response=list[RowOut])
@paginate(PageNumbers)
def rows(request: HttpRequest, batch_id: int, outcome: str = "") -> Listing:
    batch = access.get_batch_for_user(request.user, batch_id)  # type: ignore[arg-type]
    qs = batch.rows.order_by("id")
    if outcome:
        if outcome not in ImportRow.Outcome.values:
            raise FormInvalid({"outcome": [f"Pilihan: {', '.join(ImportRow.Outcome.values)}."]})
        qs = qs.filter(outcome=outcome)
    return Listing(
        qs,
        lambda r: {
            "sheet": r.sheet,
            "row": r.number,
            "outcome": r.outcome,
            "skip": r.skip,
            "cells": r.cells,
            "errors": r.errors,
        },
    )


@router.post("/imports/{batch_id}/commit", response={202: BatchOut})
def commit(request: HttpRequest, batch_id: int, payload: CommitIn) -> tuple[int, dict[str, Any]]:
    """Save a checked batch in the background.

    With `end_missing`, the engagements missing from the list end; `end_ids` narrows
    them to the ones listed (from `to_end_ids`).
    """
    batch = access.get_batch_for_user(request.user, batch_id)  # type: ignore[arg-type]
    try:
        services.batch_commit(
            batch=batch,
            valid_only=payload.valid_only,
            end_missing=payload.end_missing,
            end_ids=payload.end_ids,
        )
    except services.ImportRefused as exc:
        raise FormInvalid({exc.field or "status": [exc.message]}) from None
    batch.refresh_from_db()
    return 202, _out(batch)
