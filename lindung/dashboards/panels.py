"""Panels of other apps shown on the dashboard and in the rakor report.

Each provider is a function `<app>.queries.<name>(pemda) -> dict`, imported directly (a
rename fails at import, never drops a panel silently), and a summariser turning that dict
into a few labelled figures. A provider that fails at run time is logged and shown as
unavailable, so that a secondary panel never hides the coverage figures.
`EXPECTED_PANELS` in the dashboard tests lists the panels the page and the rakor report show.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from lindung.cohorts.queries import cohorts_panel
from lindung.compliance.queries import compliance_panel
from lindung.lib.formatting import rupiah
from lindung.projects.queries import projects_panel
from lindung.reconciliation.queries import coverage_pct
from lindung.registry.models import Pemda

log = logging.getLogger(__name__)
SLOW_SECONDS = 0.5


@dataclass
class Panel:
    key: str
    title: Any
    rows: list[tuple[Any, Figure]] = field(default_factory=list)  # (label, figure)
    url: str = ""
    failed: bool = False
    # People this panel's app protects: (label, people, covered), for the all-groups table.
    groups: list[tuple[Any, int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class GroupRow:
    label: Any
    people: int
    covered: int

    @property
    def pct(self) -> float:
        return coverage_pct(self.covered, self.people)


def all_groups(workers: int, covered: int, panels: list[Panel]) -> list[GroupRow]:
    """The Pemda's coverage over every group it protects, each shown, then the total.

    OPD non-ASN workers come from the reconciliation run; election staff and informal
    cohort members from their apps' panels. A person in two groups counts in both.
    """
    rows = [GroupRow(_("Pekerja non-ASN OPD"), workers, covered)]
    rows += [GroupRow(*g) for p in panels if not p.failed for g in p.groups]
    total = GroupRow(
        _("Semua kelompok"), sum(r.people for r in rows), sum(r.covered for r in rows)
    )
    return [*rows, total]


@dataclass(frozen=True)
class Figure:
    """A panel's number: shown formatted on pages, written to spreadsheets as a number."""

    value: int
    money: bool = False

    def __str__(self) -> str:
        return rupiah(self.value) if self.money else f"{self.value:,}".replace(",", ".")


def _n(value: Any) -> Figure:
    return Figure(int(value or 0))


def _rp(value: Any) -> Figure:
    return Figure(int(value or 0), money=True)


def _compliance(d: dict[str, Any]) -> tuple[list[tuple[Any, Figure]], str]:
    status = d.get("by_status", {})
    return [
        (_("Badan usaha"), _n(d.get("businesses"))),
        (_("Tidak patuh"), _n(status.get("non_compliant"))),
        (_("Pekerja badan usaha belum terlindungi"), _n(d.get("workers_unprotected"))),
        (_("Temuan lewat tenggat"), _n(d.get("overdue"))),
        (_("Tunggakan iuran dalam proses"), _rp(d.get("iuran_open"))),
    ], str(d.get("url", ""))


def _projects(d: dict[str, Any]) -> tuple[list[tuple[Any, Figure]], str]:
    return [
        (_("Proyek konstruksi"), _n(d.get("projects"))),
        (_("Sudah didaftarkan"), _n(d.get("registered"))),
        (_("Terlambat didaftarkan"), _n(d.get("overdue"))),
        (_("Iuran belum dibayar"), _rp(d.get("outstanding"))),
    ], str(d.get("list_url", ""))


def _cohorts(d: dict[str, Any]) -> tuple[list[tuple[Any, Figure]], str]:
    election, informal = d.get("election", {}), d.get("informal", {})
    return [
        (_("Panitia ad hoc"), _n(election.get("members"))),
        (_("Panitia ad hoc terdaftar"), _n(election.get("registered"))),
        (_("Pekerja informal (BPU) dalam kelompok"), _n(informal.get("members"))),
        (_("Pekerja informal terdaftar"), _n(informal.get("registered"))),
    ], str(informal.get("url") or election.get("url") or "")


def _cohort_groups(d: dict[str, Any]) -> list[tuple[Any, int, int]]:
    election, informal = d.get("election", {}), d.get("informal", {})
    return [
        (_("Panitia ad hoc"), int(election.get("members") or 0),
         int(election.get("registered") or 0)),
        (_("Pekerja informal (BPU) dalam kelompok"), int(informal.get("members") or 0),
         int(informal.get("registered") or 0)),
    ]  # fmt: skip


# Providers whose figures are people to protect, for the all-groups coverage table.
GROUPS: dict[str, Callable[[dict[str, Any]], list[tuple[Any, int, int]]]] = {
    "cohorts": _cohort_groups,
}

Summariser = Callable[[dict[str, Any]], tuple[list[tuple[Any, Figure]], str]]

Provider = Callable[[Pemda], dict[str, Any]]

# (key, title, provider, summariser): add a provider here to show its panel.
PROVIDERS: list[tuple[str, Any, Provider, Summariser]] = [
    ("compliance", _("Kepatuhan badan usaha"), compliance_panel, _compliance),
    ("projects", _("Proyek jasa konstruksi"), projects_panel, _projects),
    ("cohorts", _("Panitia ad hoc dan pekerja informal"), cohorts_panel, _cohorts),
]


PANEL_SECONDS = 300  # other apps' figures may be up to five minutes old on the dashboard


def collect(pemda: Pemda, *, fresh: bool = False) -> list[Panel]:
    """Every available panel; cached per Pemda unless `fresh` (the rakor report)."""
    key = f"dash:panels:{pemda.pk}"
    if not fresh:
        cached = cache.get(key)
        if cached is not None:
            return list(cached)
    panels = _collect(pemda)
    cache.set(key, panels, PANEL_SECONDS)
    return panels


def _collect(pemda: Pemda) -> list[Panel]:
    panels = []
    for key, title, provider, summarise in PROVIDERS:
        started = time.perf_counter()
        try:
            data = provider(pemda)
            rows, url = summarise(data)
            groups = GROUPS[key](data) if key in GROUPS else []
        except Exception:
            log.exception("dashboard panel %s failed for Pemda %s", key, pemda.pk)
            panels.append(Panel(key, title, failed=True))
            continue
        seconds = time.perf_counter() - started
        if seconds > SLOW_SECONDS:
            log.warning("dashboard panel %s took %.1f s for Pemda %s", key, seconds, pemda.pk)
        panels.append(Panel(key, title, rows, url, groups=groups))
    return panels
