"""Compliance data as people read it: findings and their evidence by label, not by code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from lindung.compliance.models import Business, BusinessFigure, Kind, Stage
from lindung.lib.formatting import rupiah, tanggal

# The evidence keys lindung.compliance.rules.assess writes, in the order they are shown.
EVIDENCE_LABELS = {
    "source": _("Sumber angka"),
    "figure_date": _("Tanggal angka"),
    "scale": _("Skala usaha"),
    "reported_workers": _("Pekerja yang dilaporkan"),
    "bpjs_active": _("Pekerja aktif di BPJS TK"),
    "missing_workers": _("Pekerja yang belum didaftarkan"),
    "npp": "NPP",
    "wage_basis": _("Upah dasar perhitungan iuran"),
    "bpjs_average_wage": _("Rata-rata upah yang dilaporkan ke BPJS TK"),
    "reported_average_wage": _("Rata-rata upah menurut sumber lain"),
    "umk": "UMK",
    "below": _("Di bawah"),
    "expected_wage": _("Upah yang seharusnya dilaporkan"),
    "required_programs": _("Program wajib"),
    "held_programs": _("Program yang diikuti"),
    "missing_programs": _("Program yang belum diikuti"),
    "paid_through": _("Iuran dibayar sampai bulan"),
    "months_unpaid": _("Bulan belum dibayar"),
    "threshold_months": _("Batas bulan tunggakan"),
    "arrears": _("Tunggakan"),
    "monthly_jkk_jkm_jht": _("Iuran JKK, JKM dan JHT sebulan"),
    "late_fine_estimate": _("Perkiraan denda keterlambatan"),
}
_MONEY = {
    "wage_basis", "bpjs_average_wage", "reported_average_wage", "umk", "expected_wage",
    "arrears", "monthly_jkk_jkm_jht", "late_fine_estimate",
}  # fmt: skip
_BELOW = {"umk": "UMK", "reported_wage": _("upah menurut sumber lain")}


def evidence_rows(evidence: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of each piece of evidence, known keys first, in a fixed order."""
    keys = [k for k in EVIDENCE_LABELS if k in evidence]
    keys += sorted(k for k in evidence if k not in EVIDENCE_LABELS)
    return [(str(EVIDENCE_LABELS.get(k, k)), _value(k, evidence[k])) for k in keys]


def _value(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if key in _MONEY:
        return rupiah(value)
    if key == "figure_date":
        return tanggal(date.fromisoformat(value))
    if key == "paid_through":
        year, month = str(value).split("-")
        return f"{month}-{year}"
    if key == "source":
        return _label(BusinessFigure.Source, value)
    if key == "scale":
        return _label(Business.Scale, value)
    if key == "below":
        return ", ".join(str(_BELOW.get(v, v)) for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, int):
        return str(intcomma(value))
    return str(value)


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def labelled_findings(findings: Iterable[dict[str, str]]) -> list[dict[str, Any]]:
    """A permit answer's findings for a page: kind and stage by their labels, since a date."""
    return [
        {
            "kind": Kind(f["kind"]).label,
            "since": date.fromisoformat(f["since"]),
            "stage": Stage(f["stage"]).label,
        }
        for f in findings
    ]
