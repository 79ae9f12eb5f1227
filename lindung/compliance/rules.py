"""Compliance rules for businesses: pure Python, no ORM.

Which findings a business's figures show (PWBD, PDS TK, PDS Upah, PDS Program, arrears),
the iuran each involves and the late fine, from the rule tables (`RuleSet`); NIB checks
and name normalisation for linking BPJS employers to businesses; the warning workflow
(PP 86/2013) with its deadlines in working days.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lindung.lib.calendar import add_months, add_working_days, month_start, months_apart
from lindung.lib.formatting import tanggal
from lindung.rulebook.engine import QuoteError, percent_of, quote_pu
from lindung.rulebook.rules import RuleSet

NIB_LENGTH = 13

# -- finding kinds and workflow stages --------------------------------------------------------

PWBD = "PWBD"
PDS_TK = "PDS_TK"
PDS_UPAH = "PDS_UPAH"
PDS_PROGRAM = "PDS_PROGRAM"
ARREARS = "ARREARS"
KINDS = (PWBD, PDS_TK, PDS_UPAH, PDS_PROGRAM, ARREARS)

OPEN = "open"
TEGURAN_1 = "teguran_1"
TEGURAN_2 = "teguran_2"
TMP2T = "tmp2t"
RESOLVED = "resolved"
DISMISSED = "dismissed"
STAGES = (OPEN, TEGURAN_1, TEGURAN_2, TMP2T, RESOLVED, DISMISSED)
ACTIVE_STAGES = (OPEN, TEGURAN_1, TEGURAN_2, TMP2T)
FINAL_STAGES = (RESOLVED, DISMISSED)
# PP 86/2013 Pasal 5-9: written warnings (at most two), then TMP2T at BPJS's request.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    OPEN: (TEGURAN_1, RESOLVED, DISMISSED),
    TEGURAN_1: (TEGURAN_2, RESOLVED, DISMISSED),
    TEGURAN_2: (TMP2T, RESOLVED, DISMISSED),
    TMP2T: (RESOLVED, DISMISSED),
    RESOLVED: (),
    DISMISSED: (),
}
# A step that escalates may only follow once the employer's period to comply has run out.
ESCALATIONS = (TEGURAN_2, TMP2T)

COMPLIANT = "compliant"
NON_COMPLIANT = "non_compliant"
UNKNOWN = "unknown"

# KBLI 2020 divisions (first two digits) seen among a city's businesses; others show the code.
KBLI_DIVISIONS = {
    "10": "Industri makanan",
    "11": "Industri minuman",
    "13": "Industri tekstil (termasuk batik)",
    "14": "Industri pakaian jadi",
    "15": "Industri kulit dan alas kaki",
    "16": "Industri kayu",
    "31": "Industri furnitur",
    "41": "Konstruksi gedung",
    "42": "Konstruksi bangunan sipil",
    "43": "Konstruksi khusus",
    "45": "Perdagangan dan reparasi kendaraan",
    "46": "Perdagangan besar",
    "47": "Perdagangan eceran",
    "49": "Angkutan darat",
    "55": "Penyediaan akomodasi",
    "56": "Penyediaan makanan dan minuman",
    "64": "Jasa keuangan",
    "85": "Pendidikan",
    "86": "Kesehatan",
    "96": "Jasa perorangan lainnya",
}


class NibError(ValueError):
    """A NIB that is not 13 digits; the message is for the user, in Indonesian."""


class TransitionError(ValueError):
    """A workflow step that is not allowed from the finding's current stage."""


def parse_nib(raw: object) -> str:
    """The 13 digits of a NIB; spaces and hyphens people type in between are dropped."""
    text = re.sub(r"[\s\-]", "", str(raw if raw is not None else ""))
    if not (len(text) == NIB_LENGTH and text.isascii() and text.isdigit()):
        raise NibError(f"NIB harus {NIB_LENGTH} digit angka (tertulis: “{str(raw)[:30]}”).")
    return text


def sector_of(kbli: str) -> str:
    """The KBLI division of a 5-digit code ("" when unknown)."""
    return kbli[:2] if len(kbli) >= 2 and kbli[:2].isdigit() else ""


def sector_label(division: str) -> str:
    if not division:
        return "Tanpa KBLI"
    return KBLI_DIVISIONS.get(division, f"KBLI {division}")


# -- names -----------------------------------------------------------------------------------

# Legal forms dropped before comparing names (PT, CV, UD, Tbk. and their spellings).
LEGAL_FORMS = frozenset({"pt", "cv", "ud", "tbk", "persero", "pd", "fa"})
_DOTTED_INITIAL = re.compile(r"\b([a-z])\.\s?(?=[a-z]\b)")


def business_name_key(name: str) -> str:
    """A business name reduced for comparison: no legal form, punctuation or case.

    "P.T. Batik Jaya, Tbk." and "Batik Jaya" give the same key, "batik jaya".
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = _DOTTED_INITIAL.sub(r"\1", text)  # "p.t." -> "pt."
    tokens = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(t for t in tokens if t not in LEGAL_FORMS)


# -- facts in, findings out ------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """Workers and total monthly wages of a business as one source reported them."""

    workers: int | None
    total_wages: int | None
    source: str
    on: date
    order: int = 0  # tie-break between figures of the same date: the later entry wins

    @property
    def average_wage(self) -> int | None:
        if self.workers and self.total_wages:
            return self.total_wages // self.workers
        return None


@dataclass(frozen=True)
class EmployerFacts:
    """One NPP (+Divisi) of the branch's employer export."""

    npp: str
    divisi: str = ""
    active_workers: int = 0
    total_wages: int | None = None
    programs: tuple[str, ...] = ()
    paid_through: date | None = None
    arrears: int = 0


@dataclass(frozen=True)
class BusinessFacts:
    scale: str
    figures: tuple[Figure, ...] = ()
    employers: tuple[EmployerFacts, ...] = ()
    risk_group: int = 1


@dataclass
class Detected:
    kind: str
    evidence: dict[str, Any]
    iuran: int  # rupiah per month involved (arrears: the amount owed)


@dataclass
class Assessment:
    findings: list[Detected] = field(default_factory=list)
    reported_workers: int | None = None
    bpjs_workers: int = 0

    @property
    def kinds(self) -> list[str]:
        return [f.kind for f in self.findings]


def newest(figures: Iterable[Figure]) -> Figure | None:
    """The figure used: the newest by date, never a sum of sources."""
    return max(figures, key=lambda f: (f.on, f.order), default=None)


def last_due_month(today: date, due_day: int) -> date:
    """The latest contribution month already past its deadline (15th of the next month)."""
    return add_months(month_start(today), -1 if today.day > due_day else -2)


def months_unpaid(paid_through: date, today: date, due_day: int) -> int:
    return max(0, months_apart(month_start(paid_through), last_due_month(today, due_day)))


def delay_months(month: date, today: date, due_day: int) -> int:
    """Started months of delay of one contribution month, as of today (part months count)."""
    due = add_months(month_start(month), 1)
    return months_apart(due, month_start(today)) + (1 if today.day > due_day else 0)


def _monthly_iuran(
    rules: RuleSet, month: date, *, wage: int, workers: int, programs: tuple[str, ...], risk: int
) -> dict[str, int]:
    """Employer + worker iuran per program for `workers` at `wage` a month (engine rounding)."""
    if wage <= 0 or workers <= 0 or not programs:
        return {}
    try:
        quote = quote_pu(rules, wage=wage, month=month, risk_group=risk, programs=programs)
    except QuoteError:
        return {}
    return {line.program: (line.employer + line.worker) * workers for line in quote.lines}


def late_fine(
    rules: RuleSet,
    *,
    monthly: dict[str, int],
    paid_through: date,
    today: date,
    due_day: int,
) -> int:
    """Late fine on the unpaid months: each program's rate (fine.late.rate) per month of delay.

    Only programs with a fine rule row are fined; the issue and the tables (PP 44/2015,
    PP 46/2015) give 2% a month for JKK, JKM and JHT.
    """
    total = 0
    month = add_months(month_start(paid_through), 1)
    last = last_due_month(today, due_day)
    while month <= last:
        delay = delay_months(month, today, due_day)
        for program, amount in monthly.items():
            rate = rules.find("fine.late.rate", month_start(today), program)
            if rate is not None:
                total += percent_of(amount, rate.amount) * delay
        month = add_months(month, 1)
    return total


FINED_PROGRAMS = ("JKK", "JKM", "JHT")


def assess(facts: BusinessFacts, *, rules: RuleSet, today: date, umk: int | None) -> Assessment:
    """Every finding the facts show, with its evidence and the iuran involved."""
    month = month_start(today)
    figure = newest(facts.figures)
    employers = facts.employers
    out = Assessment(
        reported_workers=figure.workers if figure else None,
        bpjs_workers=sum(e.active_workers for e in employers),
    )
    required = rules.get("programs.scale", month, facts.scale).programs
    risk = facts.risk_group
    reported = figure.workers if figure and figure.workers is not None else None
    figure_wage = figure.average_wage if figure else None
    source = {"source": figure.source, "figure_date": figure.on.isoformat()} if figure else {}
    if not employers:
        if reported:
            wage = figure_wage or umk or 0
            iuran = sum(
                _monthly_iuran(
                    rules, month, wage=wage, workers=reported, programs=required, risk=risk
                ).values()
            )
            out.findings.append(
                Detected(
                    PWBD,
                    {
                        "reported_workers": reported,
                        **source,
                        "wage_basis": wage,
                        "required_programs": list(required),
                    },
                    iuran,
                )  # fmt: skip
            )
        return out

    active = out.bpjs_workers
    bpjs_wages = sum(e.total_wages or 0 for e in employers)
    bpjs_wage = bpjs_wages // active if active and bpjs_wages else None
    held = tuple(p for p in required if any(p in e.programs for e in employers))
    npps = [f"{e.npp}/{e.divisi}" if e.divisi else e.npp for e in employers]

    if reported is not None and active < reported:
        missing = reported - active
        wage = bpjs_wage or figure_wage or umk or 0
        iuran = sum(
            _monthly_iuran(
                rules, month, wage=wage, workers=missing, programs=required, risk=risk
            ).values()
        )
        out.findings.append(
            Detected(
                PDS_TK,
                {
                    "reported_workers": reported,
                    **source,
                    "bpjs_active": active,
                    "missing_workers": missing,
                    "npp": npps,
                    "wage_basis": wage,
                },
                iuran,
            )  # fmt: skip
        )

    if bpjs_wage is not None:
        floors = {"umk": umk, "reported_wage": figure_wage}
        below = {k: v for k, v in floors.items() if v is not None and bpjs_wage < v}
        if below:
            expected = max(below.values())
            programs = held or required
            now = _monthly_iuran(
                rules, month, wage=bpjs_wage, workers=active, programs=programs, risk=risk
            )
            due = _monthly_iuran(
                rules, month, wage=expected, workers=active, programs=programs, risk=risk
            )
            out.findings.append(
                Detected(
                    PDS_UPAH,
                    {
                        "bpjs_average_wage": bpjs_wage,
                        "umk": umk,
                        "reported_average_wage": figure_wage,
                        "below": sorted(below),
                        "expected_wage": expected,
                        "bpjs_active": active,
                        "npp": npps,
                    },
                    sum(due.values()) - sum(now.values()),
                )  # fmt: skip
            )

    missing_programs = tuple(p for p in required if p not in held)
    if missing_programs and active:
        wage = bpjs_wage or figure_wage or umk or 0
        iuran = sum(
            _monthly_iuran(
                rules, month, wage=wage, workers=active, programs=missing_programs, risk=risk
            ).values()
        )
        out.findings.append(
            Detected(
                PDS_PROGRAM,
                {
                    "scale": facts.scale,
                    "required_programs": list(required),
                    "held_programs": list(held),
                    "missing_programs": list(missing_programs),
                    "npp": npps,
                },
                iuran,
            )  # fmt: skip
        )

    due_day = int(rules.get("deadline.pu.day", month).amount)
    threshold = int(rules.get("compliance.arrears.months", month).amount)
    for e in employers:
        if e.paid_through is None:
            continue
        unpaid = months_unpaid(e.paid_through, today, due_day)
        if unpaid <= threshold:
            continue
        wage = (e.total_wages // e.active_workers) if e.active_workers and e.total_wages else 0
        held_here = tuple(p for p in FINED_PROGRAMS if p in e.programs)
        monthly = _monthly_iuran(
            rules, month, wage=wage, workers=e.active_workers, programs=held_here, risk=risk
        )
        fine = late_fine(
            rules, monthly=monthly, paid_through=e.paid_through, today=today, due_day=due_day
        )
        out.findings.append(
            Detected(
                ARREARS,
                {
                    "npp": f"{e.npp}/{e.divisi}" if e.divisi else e.npp,
                    "paid_through": e.paid_through.strftime("%Y-%m"),
                    "months_unpaid": unpaid,
                    "threshold_months": threshold,
                    "arrears": e.arrears,
                    "monthly_jkk_jkm_jht": sum(monthly.values()),
                    "late_fine_estimate": fine,
                },
                e.arrears or sum(monthly.values()) * unpaid,
            )  # fmt: skip
        )
    return out


def permit_status(*, has_data: bool, active_kinds: Iterable[str]) -> str:
    """What the licensing office is told: never "compliant" without data to judge."""
    if list(active_kinds):
        return NON_COMPLIANT
    return COMPLIANT if has_data else UNKNOWN


# -- workflow --------------------------------------------------------------------------------


def deadline_for(stage: str, on: date, rules: RuleSet, days_off: Collection[date]) -> date | None:
    """The end of the period to comply that a warning gives (sanction.teguran.days).

    The period counts working days: weekends, national holidays and cuti bersama
    (`days_off`, the rulebook's holiday table) do not count.
    """
    qualifier = {TEGURAN_1: "1", TEGURAN_2: "2"}.get(stage)
    if qualifier is None:
        return None
    rule = rules.get("sanction.teguran.days", month_start(on), qualifier)
    return add_working_days(on, int(rule.amount), days_off)


def check_transition(
    current: str, target: str, *, on: date, deadline: date | None, reason: str = ""
) -> None:
    """Refuse a step the workflow does not allow; the message says why, in Indonesian."""
    if target not in STAGES:
        raise TransitionError(f"Tahap “{target}” tidak dikenal.")
    if current in FINAL_STAGES:
        raise TransitionError("Temuan ini sudah ditutup; tidak ada langkah lanjutan.")
    if target not in NEXT_STAGES[current]:
        raise TransitionError(
            f"Dari tahap {STAGE_LABELS[current]} tidak bisa langsung ke {STAGE_LABELS[target]}."
        )
    if target == DISMISSED and not reason.strip():
        raise TransitionError("Alasan wajib diisi untuk mengabaikan temuan.")
    if target in ESCALATIONS and deadline is not None and on <= deadline:
        raise TransitionError(
            f"Tenggat tahap {STAGE_LABELS[current]} baru berakhir {tanggal(deadline)}; "
            "langkah berikutnya hanya setelah tenggat lewat."
        )


def is_overdue(stage: str, deadline: date | None, today: date) -> bool:
    return stage in ACTIVE_STAGES and deadline is not None and deadline < today


STAGE_LABELS = {
    OPEN: "Terbuka",
    TEGURAN_1: "Teguran I",
    TEGURAN_2: "Teguran II",
    TMP2T: "Rekomendasi sanksi TMP2T",
    RESOLVED: "Selesai",
    DISMISSED: "Diabaikan",
}
