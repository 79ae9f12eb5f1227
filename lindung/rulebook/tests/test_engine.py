"""Worked examples computed by hand from the regulations, with the citation in each test.

Rates come from the shipped rule file (data/rules.csv); these tests pin the arithmetic and the
rule rows together, so a wrong row or a wrong rounding fails here.
"""

from __future__ import annotations

import unittest
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.rulebook.engine import (
    QuoteError,
    benefit_jkk_death,
    benefit_jkm,
    quote_bpu,
    quote_jakon,
    quote_jakon_wages,
    quote_pu,
)
from lindung.rulebook.rules import file_ruleset

R = file_ruleset()


def by_program(quote):  # type: ignore[no-untyped-def]
    return {line.program: line for line in quote.lines}


class PenerimaUpahTest(unittest.TestCase):
    def test_jkk_for_each_risk_group(self) -> None:
        """PP 44/2015 Pasal 16(1): 0.24/0.54/0.89/1.27/1.74 % of Rp2.000.000."""
        expected = {1: 4_800, 2: 10_800, 3: 17_800, 4: 25_400, 5: 34_800}
        for group, amount in expected.items():
            with self.subTest(group=group):
                q = quote_pu(
                    R, wage=2_000_000, month=date(2026, 3, 1), risk_group=group, programs=("JKK",)
                )
                self.assertEqual(by_program(q)["JKK"].employer, amount)
                self.assertEqual(by_program(q)["JKK"].worker, 0)

    def test_non_asn_worked_example_of_the_reference(self) -> None:
        """Reference 1.6: honorarium Rp2.000.000, group I: JKK 4.800 + JKM 6.000;
        JHT 3.7 % = 74.000 employer and 2 % = 40.000 worker (PP 46/2015 Pasal 16(1))."""
        q = quote_pu(R, wage=2_000_000, month=date(2026, 1, 1), programs=("JKK", "JKM", "JHT"))
        lines = by_program(q)
        self.assertEqual(lines["JKK"].employer + lines["JKM"].employer, 10_800)
        self.assertEqual((lines["JHT"].employer, lines["JHT"].worker), (74_000, 40_000))
        self.assertEqual((q.employer_total, q.worker_total, q.total), (84_800, 40_000, 124_800))
        self.assertIn("PP 44/2015 Pasal 18(1)", lines["JKM"].legal_basis)

    def test_rounding_is_half_up_to_whole_rupiah(self) -> None:
        """0.89 % x Rp3.456.789 = 30.765,42 -> 30.765; 0.30 % x Rp1.234.500 = 3.703,5 -> 3.704."""
        q = quote_pu(R, wage=3_456_789, month=date(2026, 3, 1), risk_group=3, programs=("JKK",))
        self.assertEqual(q.lines[0].employer, 30_765)
        q = quote_pu(R, wage=1_234_500, month=date(2026, 3, 1), programs=("JKM",))
        self.assertEqual(q.lines[0].employer, 3_704)

    def test_jp_cap_changes_each_march(self) -> None:
        """PP 45/2015 Pasal 28(3)-29: 2 % + 1 % of the wage up to the cap of that month.
        Wage Rp12.000.000: Feb 2024 cap 9.559.600 (B/77/022023) -> 191.192 + 95.596;
        Mar 2024 cap 10.042.300 (B/1387/022024) -> 200.846 + 100.423;
        Feb 2026 cap 10.547.400 (B/726/022025) -> 210.948 + 105.474;
        Mar 2026 cap 11.086.300 (B/1226/022026) -> 221.726 + 110.863."""
        cases = {
            date(2024, 2, 1): (9_559_600, 191_192, 95_596),
            date(2024, 3, 1): (10_042_300, 200_846, 100_423),
            date(2026, 2, 1): (10_547_400, 210_948, 105_474),
            date(2026, 3, 1): (11_086_300, 221_726, 110_863),
            date(2022, 6, 1): (9_077_600, 181_552, 90_776),
        }
        for month, (base, employer, worker) in cases.items():
            with self.subTest(month=month):
                jp = by_program(quote_pu(R, wage=12_000_000, month=month, programs=("JP",)))["JP"]
                self.assertEqual((jp.base, jp.employer, jp.worker), (base, employer, worker))

    def test_jp_below_the_cap_uses_the_whole_wage(self) -> None:
        jp = quote_pu(R, wage=5_000_000, month=date(2026, 3, 1), programs=("JP",)).lines[0]
        self.assertEqual((jp.base, jp.employer, jp.worker), (5_000_000, 100_000, 50_000))

    def test_jp_cap_is_flagged_when_carried_past_a_year(self) -> None:
        q = quote_pu(R, wage=12_000_000, month=date(2027, 4, 1), programs=("JP",))
        self.assertEqual(q.lines[0].base, 11_086_300)
        self.assertTrue(any("Batas upah JP" in w for w in q.warnings))
        q = quote_pu(R, wage=12_000_000, month=date(2026, 12, 1), programs=("JP",))
        self.assertEqual(q.warnings, [])

    def test_a_month_before_the_rule_tables_is_an_error(self) -> None:
        with self.assertRaises(QuoteError) as ctx:
            quote_pu(R, wage=5_000_000, month=date(2015, 6, 1), programs=("JP",))
        self.assertEqual(ctx.exception.field, "month")
        self.assertIn("2015-07", ctx.exception.message)
        with self.assertRaises(QuoteError):
            quote_pu(R, wage=5_000_000, month=date(2010, 1, 1), programs=("JKK",))

    def test_pp7_2025_discount_inside_and_outside_its_months_and_sectors(self) -> None:
        """PP 7/2025 (Feb-Jul 2025) and PP 36/2025 Pasal 10A (to Jan 2026): 50 % JKK
        discount for six labour-intensive sectors with >= 50 workers. Group III, Rp2.000.000:
        gross 17.800, discount 8.900 (i.e. 0.445 %)."""

        def jkk(month: date, sector: str | None, workers: int | None) -> tuple[int, int]:
            line = quote_pu(
                R, wage=2_000_000, month=month, risk_group=3, programs=("JKK",),
                sector=sector, workers=workers,
            ).lines[0]  # fmt: skip
            return line.employer, line.discount

        self.assertEqual(jkk(date(2025, 3, 1), "textile", 60), (8_900, 8_900))
        self.assertEqual(jkk(date(2025, 9, 1), "furniture", 50), (8_900, 8_900))
        self.assertEqual(jkk(date(2026, 1, 1), "food", 500), (8_900, 8_900))
        self.assertEqual(jkk(date(2025, 1, 1), "textile", 60), (17_800, 0))  # before
        self.assertEqual(jkk(date(2026, 2, 1), "textile", 60), (17_800, 0))  # after
        self.assertEqual(jkk(date(2025, 3, 1), "transport", 60), (17_800, 0))  # sector
        self.assertEqual(jkk(date(2025, 3, 1), "textile", 49), (17_800, 0))  # too few
        line = quote_pu(
            R, wage=2_000_000, month=date(2025, 9, 1), risk_group=3, programs=("JKK",),
            sector="toys", workers=80,
        ).lines[0]  # fmt: skip
        self.assertIn("PP 36/2025 Pasal 10A", line.legal_basis)

    def test_bad_inputs_name_the_field(self) -> None:
        cases = [
            ({"wage": 0}, "wage"),
            ({"wage": -100}, "wage"),
            ({"wage": 1_000_000_001}, "wage"),
            ({"risk_group": 6}, "risk_group"),
            ({"programs": ("JKK", "JKP")}, "programs"),
            ({"sector": "mining"}, "sector"),
        ]
        for override, field in cases:
            kwargs = {"wage": 2_000_000, "month": date(2026, 3, 1), **override}
            with self.subTest(field=field), self.assertRaises(QuoteError) as ctx:
                quote_pu(R, **kwargs)  # type: ignore[arg-type]
            self.assertEqual(ctx.exception.field, field)


class BukanPenerimaUpahTest(unittest.TestCase):
    def test_minimum_income_costs_16800(self) -> None:
        """PP 44/2015 Lampiran II: JKK 1 % of Rp1.000.000 + JKM Rp6.800 = Rp16.800; with
        JHT 2 % (PP 46/2015) Rp36.800."""
        q = quote_bpu(R, income=1_000_000, month=date(2025, 6, 1))
        self.assertEqual(q.total, 16_800)
        self.assertEqual(q.worker_total, 16_800)  # the participant pays
        q = quote_bpu(R, income=1_000_000, month=date(2025, 6, 1), programs=("JKK", "JKM", "JHT"))
        self.assertEqual(q.total, 36_800)

    def test_pp50_2025_halves_jkk_and_jkm_not_jht(self) -> None:
        """PP 50/2025: 50 % off JKK + JKM; transport Jan 2026-Mar 2027, others Apr-Dec 2026;
        minimum income -> 5.000 + 3.400 = Rp8.400."""

        def total(month: date, sector: str, funding: str = "self", programs=("JKK", "JKM")) -> int:  # type: ignore[no-untyped-def]
            return quote_bpu(
                R, income=1_000_000, month=month, sector=sector, funding=funding, programs=programs
            ).total

        self.assertEqual(total(date(2026, 2, 1), "transport"), 8_400)
        self.assertEqual(total(date(2026, 2, 1), "other"), 16_800)  # not yet for others
        self.assertEqual(total(date(2026, 6, 1), "other"), 8_400)
        self.assertEqual(total(date(2027, 2, 1), "transport"), 8_400)
        self.assertEqual(total(date(2027, 4, 1), "transport"), 16_800)
        self.assertEqual(total(date(2026, 6, 1), "other", programs=("JKK", "JKM", "JHT")), 28_400)

    def test_apbd_and_apbn_funded_participants_get_no_discount(self) -> None:
        """PP 50/2025 excludes BPU whose JKK/JKM the APBN or APBD pays."""
        for funding in ("apbd", "apbn"):
            q = quote_bpu(
                R, income=1_000_000, month=date(2026, 6, 1), sector="other", funding=funding
            )
            self.assertEqual((q.total, q.employer_total), (16_800, 16_800))
            self.assertEqual(q.payer, funding)
            self.assertTrue(q.warnings)
        q = quote_bpu(R, income=1_000_000, month=date(2026, 6, 1), sector="other", funding="csr")
        self.assertEqual(q.total, 8_400)

    def test_iuran_deducted_from_bansos_is_priced_without_the_discount_and_says_why(self) -> None:
        """PP 50/2025 excludes JKK/JKM paid through the APBN or APBD and does not name bansos,
        which is APBN/APBD money: priced in full (JKK 1% x Rp1.000.000 + JKM Rp6.800 =
        Rp16.800, PP 44/2015 Lampiran II) with a warning that the exclusion is unconfirmed."""
        q = quote_bpu(
            R, income=1_000_000, month=date(2026, 6, 1), sector="other", funding="bansos"
        )
        self.assertEqual(q.total, 16_800)
        self.assertTrue(any("belum dipastikan BPJS" in w for w in q.warnings), q.warnings)
        self.assertTrue(any("bansos" in w for w in q.warnings))
        before = quote_bpu(R, income=1_000_000, month=date(2025, 6, 1), funding="bansos")
        self.assertEqual(before.total, 16_800)  # no discount to exclude before PP 50/2025
        self.assertFalse(any("bansos" in w for w in before.warnings))

    def test_income_below_the_minimum_is_an_error_naming_the_range(self) -> None:
        with self.assertRaises(QuoteError) as ctx:
            quote_bpu(R, income=999_999, month=date(2026, 1, 1))
        self.assertEqual(ctx.exception.field, "income")
        self.assertIn("Rp1.000.000", ctx.exception.message)


class JakonTest(unittest.TestCase):
    def test_tier_boundaries(self) -> None:
        """PP 44/2015 Lampiran I / Permenaker 5/2021, marginal tiers: cumulative JKK+JKM at
        each tier top is Rp240.000 / 1.000.000 / 1.750.000 / 6.550.000."""
        cases = {
            100_000_000: (210_000, 30_000),
            500_000_000: (890_000, 110_000),
            1_000_000_000: (1_540_000, 210_000),
            5_000_000_000: (5_940_000, 610_000),
        }
        for value, (jkk, jkm) in cases.items():
            with self.subTest(value=value):
                lines = by_program(quote_jakon(R, contract_value=value, month=date(2026, 1, 1)))
                self.assertEqual((lines["JKK"].employer, lines["JKM"].employer), (jkk, jkm))

    def test_inside_tiers(self) -> None:
        """Reference 3.2 example, Rp850 juta: JKK 890.000 + 0.13 % x 350 juta = 1.345.000;
        JKM 110.000 + 0.02 % x 350 juta = 180.000; total 1.525.000. Rp50 juta: 105.000 +
        15.000. Rp10 miliar: JKK 5.940.000 + 0.09 % x 5 miliar = 10.440.000; JKM 610.000 +
        0.01 % x 5 miliar = 1.110.000."""
        cases = {
            850_000_000: (1_345_000, 180_000),
            50_000_000: (105_000, 15_000),
            10_000_000_000: (10_440_000, 1_110_000),
        }
        for value, (jkk, jkm) in cases.items():
            with self.subTest(value=value):
                q = quote_jakon(R, contract_value=value, month=date(2026, 1, 1))
                self.assertEqual(
                    (by_program(q)["JKK"].employer, by_program(q)["JKM"].employer), (jkk, jkm)
                )
                self.assertEqual(q.total, jkk + jkm)

    def test_wage_known_alternative(self) -> None:
        """Permenaker 44/2015: JKK 1.74 % + JKM 0.30 % of Rp50.000.000 = 870.000 + 150.000."""
        q = quote_jakon_wages(R, wages=50_000_000, month=date(2026, 1, 1))
        self.assertEqual([line.employer for line in q.lines], [870_000, 150_000])

    def test_zero_or_negative_contract_value_is_an_error(self) -> None:
        for value in (0, -1):
            with self.assertRaises(QuoteError) as ctx:
                quote_jakon(R, contract_value=value, month=date(2026, 1, 1))
            self.assertEqual(ctx.exception.field, "contract_value")


class BenefitTest(unittest.TestCase):
    def test_jkm_pays_42_million(self) -> None:
        """PP 82/2019: santunan kematian 20 juta + berkala 12 juta + pemakaman 10 juta."""
        b = benefit_jkm(R, day=date(2026, 1, 1))
        self.assertEqual([c.amount for c in b.components], [20_000_000, 12_000_000, 10_000_000])
        self.assertEqual(b.total, 42_000_000)

    def test_jkk_death_is_48_times_wage_plus_funeral_and_periodic(self) -> None:
        """PP 82/2019 Lampiran III: 60 % x 80 x Rp2.000.000 = 96 juta + 10 juta + 12 juta."""
        self.assertEqual(
            benefit_jkk_death(R, wage=2_000_000, day=date(2026, 1, 1)).total, 118_000_000
        )

    def test_jkk_death_has_a_floor(self) -> None:
        """48 x Rp500.000 = 24 juta is below the floor of 42 juta -> 42 + 10 + 12 = 64 juta."""
        b = benefit_jkk_death(R, wage=500_000, day=date(2026, 1, 1))
        self.assertEqual(b.components[0].amount, 42_000_000)
        self.assertEqual(b.total, 64_000_000)

    def test_benefits_before_jkm_began_are_not_in_the_tables(self) -> None:
        with self.assertRaises(QuoteError) as ctx:
            benefit_jkm(R, day=date(2015, 6, 30))
        self.assertEqual(ctx.exception.field, "date")


class PropertyTest(unittest.TestCase):
    @settings(deadline=None)
    @given(
        wage=st.integers(1, 50_000_000),
        extra=st.integers(1, 5_000_000),
        group=st.sampled_from([1, 2, 3, 4, 5]),
        month=st.dates(date(2022, 3, 1), date(2027, 12, 1)),
    )
    def test_totals_never_decrease_as_wage_grows(
        self, wage: int, extra: int, group: int, month: date
    ) -> None:
        low = quote_pu(R, wage=wage, month=month.replace(day=1), risk_group=group)
        high = quote_pu(R, wage=wage + extra, month=month.replace(day=1), risk_group=group)
        self.assertLessEqual(low.total, high.total)
        self.assertLessEqual(low.employer_total, high.employer_total)

    @settings(deadline=None)
    @given(wage=st.integers(1, 1_000_000_000), month=st.dates(date(2022, 3, 1), date(2028, 12, 1)))
    def test_jp_base_never_exceeds_the_cap_of_that_month(self, wage: int, month: date) -> None:
        month = month.replace(day=1)
        jp = quote_pu(R, wage=wage, month=month, programs=("JP",)).lines[0]
        cap = int(R.get("pu.jp.cap", month).amount)
        self.assertLessEqual(jp.base, cap)
        self.assertEqual(jp.base, min(wage, cap))

    @settings(max_examples=100, deadline=None)
    @given(
        boundary=st.sampled_from([100_000_000, 500_000_000, 1_000_000_000, 5_000_000_000]),
        step=st.integers(1, 1000),
    )
    def test_jakon_is_continuous_at_tier_boundaries(self, boundary: int, step: int) -> None:
        month = date(2026, 1, 1)
        below = quote_jakon(R, contract_value=boundary - step, month=month).total
        at = quote_jakon(R, contract_value=boundary, month=month).total
        above = quote_jakon(R, contract_value=boundary + step, month=month).total
        # Rates are at most 0.24 %, so a step of s rupiah moves the total by at most
        # 0.0024 s plus one rupiah of rounding per program.
        self.assertLessEqual(below, at)
        self.assertLessEqual(at, above)
        self.assertLessEqual(above - below, 2 * step * 0.0024 + 2)
