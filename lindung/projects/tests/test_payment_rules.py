"""Overpayment and "Lunas" rules, figures by hand (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import TestCase

from lindung.projects import rules

STAGES = [Decimal(50), Decimal(25), Decimal(25)]
# The iuran of the project: Rp1.238.500, nothing paid yet.
IURAN = 1_238_500


class PaymentProblemsTest(TestCase):
    def problems(self, amount: int, left: int | None, confirmed: bool = False, why: str = ""):  # type: ignore[no-untyped-def]
        return rules.payment_problems(
            amount=amount, outstanding=left, confirmed=confirmed, reason=why
        )

    def test_up_to_the_outstanding_amount_needs_no_confirmation(self) -> None:
        self.assertEqual(self.problems(1, IURAN), {})
        self.assertEqual(self.problems(IURAN, IURAN), {})

    def test_one_rupiah_more_needs_a_confirmation(self) -> None:
        self.assertEqual(self.problems(IURAN + 1, IURAN), {"amount": rules.MSG_OVERPAY})
        # The payment: Rp2.000.000.000 against Rp1.238.500.
        self.assertEqual(self.problems(2_000_000_000, IURAN), {"amount": rules.MSG_OVERPAY})

    def test_a_confirmation_needs_a_reason(self) -> None:
        self.assertEqual(
            self.problems(IURAN + 1, IURAN, confirmed=True, why="  "),
            {"overpayment_reason": rules.MSG_OVERPAY_REASON},
        )
        self.assertEqual(self.problems(IURAN + 1, IURAN, confirmed=True, why="Denda"), {})

    def test_nothing_outstanding_makes_any_payment_an_overpayment(self) -> None:
        self.assertEqual(self.problems(1, 0), {"amount": rules.MSG_OVERPAY})

    def test_an_unknown_outstanding_amount_needs_a_confirmation(self) -> None:
        self.assertEqual(self.problems(1, None), {"amount": rules.MSG_OVERPAY_UNPRICED})
        self.assertEqual(self.problems(1, None, confirmed=True, why="Tarif lama"), {})

    def test_the_message_names_the_amounts(self) -> None:
        params = {"amount": "Rp2.000.000.000", "outstanding": "Rp1.238.500",
                  "excess": "Rp1.998.761.500"}  # fmt: skip
        self.assertTrue(
            (rules.MSG_OVERPAY % params).startswith(
                "Pembayaran Rp2.000.000.000 melebihi sisa iuran Rp1.238.500 "
                "(lebih Rp1.998.761.500)."
            )
        )

    def test_outstanding_is_never_negative(self) -> None:
        self.assertEqual(rules.outstanding(iuran_total=IURAN, paid=619_250), 619_250)
        self.assertEqual(rules.outstanding(iuran_total=IURAN, paid=2_000_000_000), 0)


class FullyPaidMatchesTheTerminsTest(TestCase):
    """ "Lunas" exactly when the gate of the last termin (every stage paid) is open."""

    def test_status_and_last_gate_agree_around_the_total(self) -> None:
        # 1.238.500 x 50% = 619.250; x 25% = 309.625; the last stage 309.625.
        self.assertEqual(rules.stage_amounts(IURAN, STAGES), [619_250, 309_625, 309_625])
        for paid in (0, 619_250, 928_875, IURAN - 1, IURAN, 2_000_000_000):
            with self.subTest(paid=paid):
                status = rules.project_status(
                    registered_on=date(2025, 4, 1), deadline=date(2025, 4, 14), paid=paid,
                    iuran_total=IURAN, stage_percents=STAGES,
                )  # fmt: skip
                last = rules.termin_gate(
                    termin=3, termins=3, registered=True, iuran_total=IURAN,
                    stage_percents=STAGES, paid=paid,
                )  # fmt: skip
                self.assertEqual(status == rules.Status.FULLY_PAID, last.open)
                self.assertEqual(paid >= IURAN, last.open)

    def test_an_unregistered_project_is_never_lunas(self) -> None:
        status = rules.project_status(
            registered_on=None, deadline=date(2025, 4, 14), paid=2_000_000_000,
            iuran_total=IURAN, stage_percents=STAGES,
        )  # fmt: skip
        self.assertEqual(status, rules.Status.NOT_REGISTERED)
