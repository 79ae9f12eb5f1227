"""Jakon project rules without the ORM: deadlines, payment stages, status, the termin gate.

Working days skip Saturdays, Sundays and the national holidays given by the caller (the
holiday table is data, see data/holidays.csv). The staged payment schedule comes from the
rule table (`jakon.stage.pct`: 50/25/25 % of the assessed iuran, BPJS TK payment guidance,
docs/regulations.md); the number of working days to register from `jakon.registration.working_days`
(Permenakertrans 44/2015 Pasal 3(3): 14 working days after the SPK).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from lindung.lib.formatting import rupiah, tanggal

HOLIDAY_FILE = Path(__file__).resolve().parent / "data" / "holidays.csv"


class Status:
    """Registration and payment status of a project (values stored nowhere, computed)."""

    FULLY_PAID = "fully_paid"
    ON_TIME = "on_time"
    LATE = "late"
    NOT_REGISTERED = "not_registered"


def is_working_day(day: date, holidays: frozenset[date] | set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset[date] | set[date]) -> date:
    """The date `days` working days after `start` (the start day itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    return day


def working_days_between(start: date, end: date, holidays: frozenset[date] | set[date]) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def read_holidays(path: Path = HOLIDAY_FILE) -> list[tuple[date, str, str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            (date.fromisoformat(r["date"]), r["name"], r["source"], r["confidence"])
            for r in csv.DictReader(handle)
        ]


def stage_amounts(total: int, percents: Sequence[Decimal]) -> list[int]:
    """Split the assessed iuran into stages; the last stage takes the rounding rest.

    Each stage but the last is rounded half up to whole rupiah, so the stages always add
    up to the total.
    """
    amounts = [
        int((Decimal(total) * p / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for p in percents[:-1]
    ]
    return [*amounts, total - sum(amounts)]


def required_stage(termin: int, termins: int, stages: int) -> int:
    """The payment stage that must be paid before termin `termin` of `termins` is paid.

    The first termin needs the first stage (the project is registered and its first
    payment made), the last termin needs every stage (iuran fully paid before the project
    ends), and the termins between need the second stage. With a single termin everything
    is due before it.
    """
    if not 1 <= termin <= termins:
        raise ValueError("termin outside the schedule")
    if termin == termins:
        return stages
    if termin == 1:
        return 1
    return min(2, stages)


@dataclass(frozen=True)
class GateResult:
    termin: int
    open: bool
    registered: bool
    required_stage: int
    required_amount: int
    paid: int
    iuran_total: int
    reasons: list[str] = field(default_factory=list)

    @property
    def shortfall(self) -> int:
        return max(self.required_amount - self.paid, 0)


def termin_gate(
    *,
    termin: int,
    termins: int,
    registered: bool,
    iuran_total: int,
    stage_percents: Sequence[Decimal],
    paid: int,
) -> GateResult:
    """May termin `termin` be paid: registered, and iuran paid up to its required stage?"""
    stage = required_stage(termin, termins, len(stage_percents))
    required = sum(stage_amounts(iuran_total, stage_percents)[:stage])
    reasons = []
    if not registered:
        reasons.append("Proyek belum didaftarkan ke BPJS Ketenagakerjaan.")
    if paid < required:
        cumulative = sum(stage_percents[:stage])
        reasons.append(
            f"Iuran baru dibayar {rupiah(paid)}, sedangkan tahap {stage} ({cumulative}% iuran) "
            f"mensyaratkan {rupiah(required)}; kurang {rupiah(required - paid)}."
        )
    return GateResult(
        termin=termin,
        open=not reasons,
        registered=registered,
        required_stage=stage,
        required_amount=required,
        paid=paid,
        iuran_total=iuran_total,
        reasons=reasons,
    )


def project_status(
    *, registered_on: date | None, deadline: date, paid: int, iuran_total: int
) -> str:
    if registered_on is None:
        return Status.NOT_REGISTERED
    if paid >= iuran_total:
        return Status.FULLY_PAID
    return Status.ON_TIME if registered_on <= deadline else Status.LATE


def overdue_reasons(
    *,
    day: date,
    registered_on: date | None,
    deadline: date,
    end_date: date,
    paid: int,
    iuran_total: int,
) -> list[str]:
    """Why a project is overdue on `day` (empty: it is not)."""
    reasons = []
    if registered_on is None and day > deadline:
        reasons.append(f"Belum terdaftar; batas pendaftaran {tanggal(deadline)} terlewati.")
    if day > end_date and paid < iuran_total:
        reasons.append(
            f"Proyek berakhir {tanggal(end_date)}, iuran belum lunas "
            f"(kurang Rp{iuran_total - paid:,}).".replace(",", ".")
        )
    return reasons
