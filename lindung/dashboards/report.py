"""The rakor report: one set of facts, printed as PDF (WeasyPrint) or XLSX (openpyxl)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lindung.budget.planner import BudgetResult, Scenario, plan_budget
from lindung.dashboards import charts, panels, queries
from lindung.dashboards.models import Target
from lindung.dashboards.panels import GroupRow
from lindung.lib.display import bulan, tanggal, waktu
from lindung.lib.xlsx import Sheet, write_workbook
from lindung.reconciliation import queries as recon
from lindung.reconciliation.models import Result, Run
from lindung.reconciliation.rules import Category
from lindung.registry.access import WorkerScope
from lindung.registry.models import Opd, Pemda
from lindung.rulebook.services import current_ruleset
from lindung.workforce import queries as workforce

TOP_GAPS = 10
BUDGET_SCENARIO = Scenario(name="JKK + JKM + JHT", programs=("JKK", "JKM", "JHT"))


class NoRun(ValueError):
    """The Pemda has no finished reconciliation to report on."""


@dataclass
class RakorData:
    pemda: Pemda
    run: Run
    made_at: datetime
    dash: queries.Dashboard
    targets: list[queries.TargetRow]
    gaps: list[dict[str, Any]]  # the OPDs with the largest gaps, with their budget
    budget: BudgetResult | None
    panels: list[panels.Panel]
    citywide: dict[str, Any] | None = None  # workforce.queries.citywide_table
    participation: dict[str, int] | None = None  # queries.participation_counts

    @property
    def groups(self) -> list[GroupRow]:
        f = self.dash.figures
        return panels.all_groups(f.workers, f.covered, self.panels)

    @property
    def source(self) -> str:
        batches = ", ".join(f"#{b}" for b in self.run.snapshot) or "–"
        return _(
            "Rekonsiliasi #%(run)s per %(as_of)s: daftar pekerja OPD (registri Lindung) "
            "dengan data kepesertaan BPJS Ketenagakerjaan (impor %(batches)s)."
        ) % {"run": self.run.pk, "as_of": _date(self.run.as_of), "batches": batches}


def _date(day: date) -> str:
    """The one date format of pages: 2 Desember 2026."""
    return tanggal(day)


def rakor_data(pemda: Pemda, *, made_at: datetime | None = None) -> RakorData:
    run = recon.latest_done(pemda.pk)
    if run is None:
        raise NoRun(
            _(
                "Belum ada rekonsiliasi yang selesai untuk %(pemda)s; "
                "laporan rakor belum bisa dibuat."
            )
            % {"pemda": pemda.name}
        )
    scope = WorkerScope(pemda.pk, None, can_write=False, can_manage_opds=False, masked=True)
    dash = queries.dashboard(run, scope, Result.objects.filter(run=run))
    targets = queries.measure_targets(
        Target.objects.filter(pemda=pemda), dash.figures, run, dash.points
    )
    gaps = [o for o in dash.opds if o["gap"] > 0][:TOP_GAPS]
    budget = None
    if gaps:
        year = (made_at or timezone.now()).year
        budget = plan_budget(
            current_ruleset(),
            opds=Opd.objects.filter(pk__in=[o["opd_id"] for o in gaps]),
            year=year,
            scenario=BUDGET_SCENARIO,
        )
        apbd = {b.opd_id: b.apbd for b in budget.by_opd}
        gaps = [
            {**o, "gap_year": o["gap_iuran"] * 12, "apbd_year": apbd.get(o["opd_id"], 0)}
            for o in gaps
        ]
    return RakorData(
        pemda=pemda,
        run=run,
        made_at=made_at or timezone.localtime(),
        dash=dash,
        targets=targets,
        gaps=gaps,
        budget=budget,
        panels=panels.collect(pemda, fresh=True),
        citywide=workforce.citywide_table(pemda),
        participation=queries.participation_counts(
            queries.opd_participation(run, Opd.objects.filter(pemda=pemda))
        ),
    )


def rakor_html(data: RakorData) -> str:
    context = {
        "d": data,
        "f": data.dash.figures,
        "charts": {k: mark_safe(v) for k, v in charts.dashboard_charts(data.dash).items()},  # noqa: S308 - SVG from lindung.lib.charts, which escapes every text
        "categories": [(c, data.dash.figures.counts[c.value]) for c in Category],
        "registered_vs_covered": queries.REGISTERED_VS_COVERED,
        "made": waktu(data.made_at),
        "as_of": _date(data.run.as_of),
    }
    return render_to_string("dashboards/rakor_pdf.html", context)


def rakor_pdf(data: RakorData) -> bytes:
    from weasyprint import HTML  # imported late: Pango loads only when a report is printed

    return HTML(string=rakor_html(data)).write_pdf()  # type: ignore[no-any-return]


def rakor_xlsx(data: RakorData) -> bytes:
    f = data.dash.figures
    header = [
        (_("Laporan rakor cakupan jaminan sosial ketenagakerjaan"), data.pemda.name),
        (_("Tanggal laporan"), waktu(data.made_at)),
        (_("Data per"), _date(data.run.as_of)),
        (_("Nomor rekonsiliasi"), data.run.pk),
        (_("Sumber data"), data.source),
        ("", ""),
        (_("Pekerja non-ASN aktif"), f.workers),
        (_("Terlindungi"), f.covered),
        (_("Cakupan (%)"), f.coverage_pct),
        (_("Tercover (hitungan BPJS)"), f.registered),
        (_("Tercover versi BPJS (%)"), f.registered_pct),
        (str(queries.REGISTERED_VS_COVERED), ""),
        (_("OPD dengan peserta"), (data.participation or {}).get("ada")),
        (_("OPD tanpa peserta"), (data.participation or {}).get("belum")),
        (_("OPD tanpa NPP"), (data.participation or {}).get("tanpa_npp")),
        (_("Belum terlindungi penuh"), f.gap),
        (_("Iuran per bulan untuk menutup kesenjangan (Rp)"), f.gap_iuran),
        (_("Pekerja tanpa data upah (tidak dihitung dalam iuran)"), f.unpriced),
    ]
    if data.budget is not None:
        header.append(
            (
                _("Pekerja tanpa data upah (tidak dihitung dalam anggaran APBD)"),
                data.budget.no_wage,
            )
        )
    summary = Sheet(_("Ringkasan"), [_("Uraian"), _("Nilai")], header)
    cats = Sheet(
        _("Kategori"),
        [_("Kategori rekonsiliasi"), _("Jumlah"), _("Iuran per bulan (Rp)")],
        [(str(c.label), f.counts[c.value], f.iuran[c.value]) for c in Category],
    )
    kinds = Sheet(
        _("Jenis pekerja"),
        [
            _("Jenis"),
            _("SK"),
            _("Pekerja"),
            _("Terlindungi"),
            _("Belum terlindungi"),
            _("Cakupan (%)"),
        ],
        [
            (str(k.label), _sk(k.has_sk), k.workers, k.covered, k.gap, k.coverage_pct)
            for k in data.dash.kinds
        ],
    )
    opds = Sheet(
        "OPD",
        [
            _("Kode"),
            "OPD",
            _("Pekerja"),
            _("Terlindungi"),
            _("Cakupan (%)"),
            _("Belum terlindungi"),
            _("Belum terdaftar"),
            _("Iuran per bulan untuk menutup kesenjangan (Rp)"),
        ],
        [
            (
                o["opd_code"],
                o["opd_name"],
                o["workers"],
                o[Category.COVERED],
                o["coverage_pct"],
                o["gap"],
                o[Category.NOT_REGISTERED],
                o["gap_iuran"],
            )
            for o in data.dash.opds
        ],
        text_columns={0},
    )
    trend = Sheet(
        _("Tren"),
        [
            _("Per tanggal"),
            _("Nomor rekonsiliasi"),
            _("Pekerja"),
            _("Terlindungi"),
            _("Cakupan (%)"),
        ],
        [
            (_date(p.as_of), p.run_id, p.workers, p.covered, p.coverage_pct)
            for p in data.dash.points
        ],
    )
    targets = Sheet(
        _("Target"),
        [
            _("Segmen"),
            _("Ukuran"),
            _("Target"),
            _("Tercapai pada"),
            _("Capaian"),
            _("Sisa"),
            _("Laju per bulan yang diperlukan"),
            _("Keterangan"),
        ],
        [
            (
                str(t.target.get_segment_display()),
                str(t.target.get_metric_display()),
                float(t.target.value),
                bulan(t.target.due),
                t.current,
                t.progress.remaining if t.progress else None,
                round(t.progress.pace_needed, 1) if t.progress else None,
                t.target.label,
            )
            for t in data.targets
        ],
    )
    gaps = Sheet(
        _("Kesenjangan terbesar"),
        [
            _("Kode"),
            "OPD",
            _("Belum terlindungi"),
            _("Iuran per bulan (Rp)"),
            _("Setahun (Rp)"),
            _("Anggaran APBD setahun seluruh pekerja OPD, JKK+JKM+JHT (Rp)"),
        ],
        [
            (o["opd_code"], o["opd_name"], o["gap"], o["gap_iuran"], o["gap_year"], o["apbd_year"])
            for o in data.gaps
        ],
        text_columns={0},
    )
    sheets = [summary, cats, kinds, opds, trend, targets, gaps]
    sheets.append(
        Sheet(
            str(_("Semua kelompok")),
            [_("Kelompok"), _("Orang"), _("Terlindungi"), "%"],
            [(str(g.label), g.people, g.covered, g.pct) for g in data.groups],
        )
    )
    if data.citywide and data.citywide["entered"]:
        sheets.append(_citywide_sheet(data.citywide))
    for panel in data.panels:
        sheets.append(
            Sheet(
                str(panel.title),
                [_("Uraian"), _("Nilai")],
                [(str(k), v.value) for k, v in panel.rows],
            )
        )
    return write_workbook(sheets)


def _citywide_sheet(table: dict[str, Any]) -> Sheet:
    def figure(f: Any) -> tuple[Any, Any, Any]:
        return (f.people, f.source, _date(f.as_of)) if f else (None, None, None)

    return Sheet(
        str(_("Cakupan seluruh kota")),
        [
            _("Segmen"),
            _("Pekerja di kota"),
            _("Sumber"),
            _("Keadaan per"),
            _("Peserta aktif BPJS"),
            _("Sumber"),
            _("Keadaan per"),
            _("Cakupan (%)"),
        ],
        [
            (str(label), *figure(r.workforce), *figure(r.participants), r.pct)
            for label, r in table["rows"]
        ],
    )


def _sk(has_sk: bool | None) -> str:
    if has_sk is None:
        return _("semua")
    return _("dengan SK") if has_sk else _("tanpa SK")
