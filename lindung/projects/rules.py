"""Jakon project rules without the ORM: deadlines, payment stages, status, the termin gate.

Working days come from the one calendar (`lindung.lib.calendar`), with the days off of the
rulebook's holiday table. The staged payment schedule comes from the
rule table (`jakon.stage.pct`: 50/25/25 % of the assessed iuran, BPJS TK payment guidance,
docs/regulations.md); the number of working days to register from `jakon.registration.working_days`
(Permenakertrans 44/2015 Pasal 3(3): 14 working days after the SPK).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lindung.lib.formatting import rupiah, tanggal


def _(message: str) -> str:
    """Mark a message for translation (makemessages finds `_`); services translate it."""
    return message


class Status:
    """Registration and payment status of a project (values stored nowhere, computed)."""

    FULLY_PAID = "fully_paid"
    ON_TIME = "on_time"
    LATE = "late"
    NOT_REGISTERED = "not_registered"


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


def is_fully_paid(*, paid: int, iuran_total: int, stage_percents: Sequence[Decimal]) -> bool:
    """Every payment stage is covered, so the gate of every termin (the last too) opens.

    The same sum the termin gate asks of the last termin: "Lunas" never disagrees with
    the termin schedule.
    """
    return paid >= sum(stage_amounts(iuran_total, stage_percents))


def project_status(
    *,
    registered_on: date | None,
    deadline: date,
    paid: int,
    iuran_total: int,
    stage_percents: Sequence[Decimal] = (Decimal(100),),
) -> str:
    """Not registered, fully paid (every stage, see is_fully_paid), or registered on time/late.

    An unregistered project is never "Lunas", whatever was paid: its termin gates stay shut.
    """
    if registered_on is None:
        return Status.NOT_REGISTERED
    if is_fully_paid(paid=paid, iuran_total=iuran_total, stage_percents=stage_percents):
        return Status.FULLY_PAID
    return Status.ON_TIME if registered_on <= deadline else Status.LATE


MSG_OVERPAY = _(
    "Pembayaran %(amount)s melebihi sisa iuran %(outstanding)s (lebih %(excess)s). "
    'Periksa jumlahnya; bila memang benar, centang "Saya yakin, bayar lebih" dan tulis '
    "alasannya."
)
MSG_OVERPAY_UNPRICED = _(
    "Iuran proyek ini tidak dapat dihitung, jadi sisa iuran tidak diketahui. Bila jumlah "
    'ini benar, centang "Saya yakin, bayar lebih" dan tulis alasannya.'
)
MSG_OVERPAY_REASON = _("Tulis alasan membayar lebih dari sisa iuran.")


def outstanding(*, iuran_total: int, paid: int) -> int:
    """Iuran still to pay (never negative: an overpayment leaves nothing outstanding)."""
    return max(iuran_total - paid, 0)


def payment_problems(
    *, amount: int, outstanding: int | None, confirmed: bool, reason: str
) -> dict[str, str]:
    """Field -> message when a payment may not be recorded as given (empty: it may).

    A payment above what is outstanding (`outstanding` None: unknown, the rules cannot
    price the project) needs the user's confirmation with a reason; a confirmation
    without a reason is refused too. Messages carry %(amount)s, %(outstanding)s and
    %(excess)s for the caller to fill in after translating.
    """
    over = outstanding is None or amount > outstanding
    if not over:
        return {}
    if not confirmed:
        return {"amount": MSG_OVERPAY if outstanding is not None else MSG_OVERPAY_UNPRICED}
    if not reason.strip():
        return {"overpayment_reason": MSG_OVERPAY_REASON}
    return {}


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
