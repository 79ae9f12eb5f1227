"""XLSX of the budget planner: a summary sheet and one sheet per scenario."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from lindung.budget.planner import BudgetResult
from lindung.lib.xlsx import Sheet, write_workbook


def _scenario_rows(result: BudgetResult) -> Iterator[list[Any]]:
    programs = list(result.employer)
    for o in result.by_opd:
        yield [
            o.code,
            o.name,
            o.workers,
            *[o.employer[p] for p in programs],
            *[o.worker[p] for p in programs],
            o.apbd,
            o.deduction,
            o.no_wage,
        ]


def budget_workbook(results: list[BudgetResult]) -> bytes:
    summary = Sheet(
        _("Ringkasan"),
        [
            _("Skenario"),
            _("Tahun"),
            _("Program"),
            _("Iuran pekerja dibayar"),
            _("Pekerja"),
            _("Beban APBD (Rp)"),
            _("Potong gaji (Rp)"),
            _("Total iuran (Rp)"),
            _("Pekerja tanpa data upah (tidak dihitung)"),
        ],
        [
            [
                r.scenario.name,
                r.year,
                ", ".join(r.scenario.programs),
                _("APBD") if r.scenario.worker_share == "apbd" else _("Potong gaji"),
                r.workers,
                r.apbd,
                r.deduction,
                r.total,
                r.no_wage,
            ]
            for r in results
        ],
    )
    sheets = [summary]
    for i, r in enumerate(results, start=1):
        programs = list(r.employer)
        headers = [
            _("Kode OPD"),
            _("Nama OPD"),
            _("Pekerja"),
            *[_("%(p)s pemberi kerja") % {"p": p} for p in programs],
            *[_("%(p)s pekerja") % {"p": p} for p in programs],
            _("Beban APBD (Rp)"),
            _("Potong gaji (Rp)"),
            _("Pekerja tanpa data upah (tidak dihitung)"),
        ]
        sheets.append(Sheet(f"{i}. {r.scenario.name}"[:31], headers, _scenario_rows(r)))
    return write_workbook(sheets)
