"""Planning and applying the BPJS branch's employer export: upsert by NPP + Divisi.

After the last row the new and changed employers are linked to businesses (NIB, then name
and kecamatan; uncertain ones to the review list) and the Pemda's findings recomputed.
"""

from __future__ import annotations

from typing import Any

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lindung.compliance import rules, services
from lindung.compliance.models import Employer
from lindung.imports.models import ImportBatch, ImportRow

Outcome = ImportRow.Outcome
_FIELDS = ("name", "nib", "kecamatan", "active_workers", "total_wages", "programs",
           "paid_through", "arrears")  # fmt: skip


def _values(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": v["employer_name"],
        "nib": v.get("nib", ""),
        "kecamatan": v.get("kecamatan", ""),
        "active_workers": v.get("active_workers", 0),
        "total_wages": v.get("total_wages"),
        "programs": ",".join(v.get("programs") or ()),
        "paid_through": v.get("paid_through"),
        "arrears": v.get("arrears") or 0,
    }


class EmployerPlanner:
    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.touched: list[int] = []
        self.link: services.LinkReport | None = None
        self.report: services.RecomputeReport | None = None

    def plan(self, drafts: list[Any], *, apply: bool) -> None:
        pemda = self.batch.pemda
        npps = [d.values["npp"] for d in drafts if not d.errors]
        known = {(e.npp, e.divisi): e for e in Employer.objects.filter(pemda=pemda, npp__in=npps)}
        new: list[Employer] = []
        changed: list[Employer] = []
        for d in drafts:
            if d.errors:
                continue
            v = d.values
            fields = _values(v)
            employer = known.get((v["npp"], v.get("divisi", "")))
            if employer is None:
                d.outcome = Outcome.CREATED
                new.append(
                    Employer(pemda=pemda, npp=v["npp"], divisi=v.get("divisi", ""),
                             name_key=rules.business_name_key(fields["name"]), batch=self.batch,
                             **fields)
                )  # fmt: skip
                continue
            diff = {f: val for f, val in fields.items() if getattr(employer, f) != val}
            d.outcome = Outcome.UPDATED if diff else Outcome.UNCHANGED
            if diff:
                for f, val in diff.items():
                    setattr(employer, f, val)
                employer.name_key = rules.business_name_key(employer.name)
                employer.batch = self.batch
                changed.append(employer)
        if apply:
            reason = f"Impor {self.batch.original_name} (#{self.batch.pk})"
            for e in new + changed:
                e._change_reason = reason  # type: ignore[attr-defined]
            created = bulk_create_with_history(
                new, Employer, batch_size=1000, default_user=self.batch.created_by,
                default_change_reason=reason,
            )  # fmt: skip
            bulk_update_with_history(
                changed, Employer, [*_FIELDS, "name_key", "batch"], batch_size=1000,
                default_user=self.batch.created_by, default_change_reason=reason,
            )  # fmt: skip
            self.touched += [e.pk for e in created] + [e.pk for e in changed]

    def finish(self, *, apply: bool) -> None:
        if apply:
            self.link = services.employers_link(pemda=self.batch.pemda)
            self.report = services.findings_recompute(pemda=self.batch.pemda)

    def extra_counts(self) -> dict[str, Any]:
        counts: dict[str, Any] = {}
        if self.link is not None:
            counts |= {"linked_nib": self.link.by_nib, "linked_name": self.link.by_name,
                       "links_to_review": self.link.pending}  # fmt: skip
        if self.report is not None:
            counts |= {"findings_opened": self.report.opened,
                       "findings_resolved": self.report.resolved}  # fmt: skip
        return counts
