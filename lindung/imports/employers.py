"""Planning and applying the BPJS branch's employer export: upsert by NPP + Divisi.

After the last row the new and changed employers are linked to businesses (NIB, then name
and kecamatan; uncertain ones to the review list) and the Pemda's findings recomputed.
"""

from __future__ import annotations

from typing import Any

from lindung.bpjs import services as bpjs_services
from lindung.bpjs.models import Employer
from lindung.compliance import services
from lindung.imports.models import ImportBatch, ImportRow

Outcome = ImportRow.Outcome


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
        self.link: bpjs_services.LinkReport | None = None
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
                    bpjs_services.employer_new(pemda=pemda, npp=v["npp"],
                                               divisi=v.get("divisi", ""), batch=self.batch,
                                               **fields)
                )  # fmt: skip
                continue
            diff = {f: val for f, val in fields.items() if getattr(employer, f) != val}
            d.outcome = Outcome.UPDATED if diff else Outcome.UNCHANGED
            if diff:
                for f, val in diff.items():
                    setattr(employer, f, val)
                changed.append(employer)
        if apply:
            self.touched += bpjs_services.employers_import(
                batch=self.batch, new=new, changed=changed
            )

    def finish(self, *, apply: bool) -> None:
        if apply:
            self.link = bpjs_services.business_links_refresh(pemda=self.batch.pemda)
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
