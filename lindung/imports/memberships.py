"""Planning and applying a BPJS TK membership export: a new snapshot per scope."""

from __future__ import annotations

from typing import Any

from lindung.bpjs import services as bpjs_services
from lindung.bpjs.models import Membership
from lindung.imports.models import ImportBatch, ImportRow

Outcome = ImportRow.Outcome
_FIELDS = ("kpj", "name", "birth_date", "npp", "divisi", "employer_name", "segment",
           "reported_wage", "status", "last_paid_month", "member_since")  # fmt: skip


def scope_of(values: dict[str, Any]) -> str:
    """An export covers one employer (NPP + Divisi) or, without an NPP, one segment."""
    if values.get("npp"):
        return f"npp:{values['npp']}/{values.get('divisi', '')}"
    return f"segment:{values.get('segment') or 'PU'}"


class MembershipPlanner:
    """Each row becomes a Membership of the new snapshot; older rows of its scope retire."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.scopes: set[str] = set()
        self.previous: dict[tuple[str, str], tuple[Any, ...]] | None = None

    def _load_previous(self) -> dict[tuple[str, str], tuple[Any, ...]]:
        if self.previous is None:
            rows = Membership.objects.filter(pemda=self.batch.pemda, is_current=True)
            self.previous = {
                (m.scope, m.nik): tuple(getattr(m, f) for f in _FIELDS) + (m.programs,)
                for m in rows.iterator(chunk_size=5000)
            }
        return self.previous

    def plan(self, drafts: list[Any], *, apply: bool) -> None:
        previous = self._load_previous()
        fresh = []
        for d in drafts:
            if d.errors:
                continue
            v = d.values
            scope = scope_of(v)
            self.scopes.add(scope)
            programs = ",".join(v.get("programs") or ())
            now = tuple(v.get(f) if v.get(f) is not None else _empty(f) for f in _FIELDS) + (
                programs,
            )
            before = previous.get((scope, v["nik"]))
            d.outcome = (
                Outcome.CREATED
                if before is None
                else Outcome.UNCHANGED
                if before == now
                else Outcome.UPDATED
            )
            if apply:
                fresh.append(
                    Membership(
                        pemda=self.batch.pemda, batch=self.batch, scope=scope, nik=v["nik"],
                        programs=programs, is_current=True,
                        **{f: v.get(f) if v.get(f) is not None else _empty(f) for f in _FIELDS},
                    )
                )  # fmt: skip
        if apply and fresh:
            bpjs_services.memberships_add(rows=fresh)

    def finish(self, *, apply: bool) -> None:
        if apply and self.scopes:
            bpjs_services.memberships_retire(
                pemda=self.batch.pemda, scopes=self.scopes, keep_batch=self.batch
            )

    def extra_counts(self) -> dict[str, Any]:
        return {"scopes": sorted(self.scopes)}


def _empty(field: str) -> Any:
    return (
        None if field in ("birth_date", "reported_wage", "last_paid_month", "member_since") else ""
    )
