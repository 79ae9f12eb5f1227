"""The list behind a dashboard figure as XLSX (NIK as text; masked for masked roles)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lindung.dashboards.queries import STATUS_LABELS, Selection
from lindung.lib.nik import mask_nik
from lindung.lib.xlsx import workbook_bytes
from lindung.reconciliation.models import Result, Run
from lindung.registry.models import Engagement, Opd

KIND_LABELS = dict(Engagement.Category.choices)


def title(sel: Selection, opd: Opd | None) -> str:
    parts = [str(STATUS_LABELS[sel.status])]
    if sel.kind:
        parts.append(str(KIND_LABELS.get(sel.kind, sel.kind)))
    if sel.has_sk is not None:
        parts.append(_("dengan SK") if sel.has_sk else _("tanpa SK"))
    if opd is not None:
        parts.append(opd.name)
    return " · ".join(parts)


def _rows(qs: QuerySet[Result], masked: bool) -> Iterator[list[Any]]:
    labels = dict(Result._meta.get_field("category").choices or [])  # type: ignore[arg-type]
    for r in qs.iterator(chunk_size=2000):
        eng = r.engagement
        name = eng.person.name if eng is not None else (r.membership.name if r.membership else "")
        yield [
            mask_nik(r.nik) if masked else r.nik,
            name,
            r.opd.code if r.opd else "",
            r.opd.name if r.opd else "",
            str(KIND_LABELS.get(eng.category, "")) if eng else "",
            (_("ya") if eng.has_sk else _("tidak")) if eng else "",
            str(labels.get(r.category, r.category)),
            *(() if masked else (r.city_wage, r.reported_wage, r.iuran)),
        ]


def records_workbook(
    run: Run, qs: QuerySet[Result], *, sel: Selection, opd: Opd | None, masked: bool
) -> tuple[str, bytes]:
    headers = [
        "NIK", _("Nama"), _("Kode OPD"), "OPD", _("Jenis"), _("SK"), _("Kategori"),
    ]  # fmt: skip
    if not masked:  # money per person lets one divide by the rate: masked roles see totals only
        headers += [_("Upah kota"), _("Upah dilaporkan"), _("Iuran per bulan")]
    data = workbook_bytes(
        title=_("Daftar"), headers=headers, rows=_rows(qs, masked), text_columns={0, 2}
    )
    suffix = f"-{opd.code}" if opd else ""
    return f"dasbor-{run.pk}-{sel.status}{suffix}.xlsx", data
