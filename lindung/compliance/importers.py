"""Planning and applying a business list (OSS/NIB lists, WLKP exports): upsert by NIB.

Each row updates the business's own fields and, when it carries workers or wages, records
a figure of its source and date (the same source and date again replaces that figure).
Findings are recomputed once, when the commit has written every row.
"""

from __future__ import annotations

from typing import Any

from lindung.compliance import services
from lindung.compliance.models import Business, BusinessFigure
from lindung.imports.models import ImportBatch, ImportRow
from lindung.imports.planners import register
from lindung.lib.dates import today

Outcome = ImportRow.Outcome
_FIELDS = ("name", "kbli", "scale", "kecamatan", "address")


class BusinessPlanner:
    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.day = today()
        self.source = batch.options.get("figure_source") or BusinessFigure.Source.PERIZINAN
        self.reason = f"Impor {batch.original_name} (#{batch.pk})"
        self.touched: set[int] = set()
        self.figures = 0
        self.report: services.RecomputeReport | None = None

    def plan(self, drafts: list[Any], *, apply: bool) -> None:
        nibs = [d.values["nib"] for d in drafts if not d.errors]
        known = {b.nib: b for b in Business.objects.filter(pemda=self.batch.pemda, nib__in=nibs)}
        figures = {
            (f.business_id, f.source, f.on): (f.workers, f.total_wages)
            for f in BusinessFigure.objects.filter(business__in=known.values())
        }
        actor = self.batch.created_by
        for d in drafts:
            if d.errors:
                continue
            v = d.values
            business = known.get(v["nib"])
            fields = {f: v[f] for f in _FIELDS if f in v}
            figure = None
            if "workers" in v or "total_wages" in v:
                figure = (
                    v.get("figure_source") or self.source,
                    v.get("figure_date") or self.day,
                    v.get("workers"),
                    v.get("total_wages"),
                )
            if business is None:
                if "scale" not in v:
                    d.fail("Skala usaha", "required", "Skala usaha wajib untuk badan usaha baru.")
                    continue
                d.outcome = Outcome.CREATED
                if apply:
                    business = services.business_create(
                        actor=actor, pemda=self.batch.pemda, nib=v["nib"], reason=self.reason,
                        recompute=False, **fields,
                    )  # fmt: skip
            else:
                changes = {f: val for f, val in fields.items() if getattr(business, f) != val}
                same_figure = figure is None or figures.get(
                    (business.pk, figure[0], figure[1])
                ) == (figure[2], figure[3])
                d.outcome = Outcome.UNCHANGED if not changes and same_figure else Outcome.UPDATED
                if apply and changes:
                    services.business_update(
                        actor=actor, business=business, reason=self.reason, recompute=False,
                        **changes,
                    )  # fmt: skip
            if apply and business is not None:
                self.touched.add(business.pk)
                if figure is not None:
                    services.figure_add(
                        actor=actor, business=business, source=figure[0], on=figure[1],
                        workers=figure[2], total_wages=figure[3], reason=self.reason,
                        recompute=False,
                    )  # fmt: skip
                    self.figures += 1

    def finish(self, *, apply: bool) -> None:
        if apply and self.touched:
            self.report = services.findings_recompute(
                pemda=self.batch.pemda, business_ids=sorted(self.touched)
            )

    def extra_counts(self) -> dict[str, Any]:
        counts: dict[str, Any] = {"figures": self.figures}
        if self.report is not None:
            counts["findings_opened"] = self.report.opened
            counts["findings_resolved"] = self.report.resolved
        return counts


register(ImportBatch.Kind.BUSINESSES, BusinessPlanner)
