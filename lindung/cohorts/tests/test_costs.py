"""Cohort costs as hand-computed worked examples (no database; shipped rule file)."""

from __future__ import annotations

from datetime import date
from unittest import TestCase

from lindung.cohorts import costs
from lindung.rulebook.rules import file_ruleset


class ElectionCostTest(TestCase):
    def test_reference_worked_example_honorarium_two_million(self) -> None:
        # docs/regulations.md example: honorarium Rp2.000.000, risk group I: JKK 0,24% = 4.800 +
        # JKM 0,30% = 6.000 (PP 44/2015 Pasal 16(1), 18(1)) = Rp10.800 a month; programs
        # JKK + JKM for panitia ad hoc (Surat Mendagri 2024, Inpres 2/2021).
        [row] = costs.election_role_costs(
            file_ruleset(),
            term_start=date(2024, 5, 1),
            term_end=date(2024, 5, 31),
            roles=[("ppk", 2_000_000, 1)],
        )
        self.assertEqual(row.per_member_month, 10_800)
        self.assertEqual(row.term_total, 10_800)
        self.assertIn("PP 44/2015", row.legal_basis)
        self.assertIn("Inpres 2/2021", row.legal_basis)

    def test_term_cost_per_role_over_three_contribution_months(self) -> None:
        # Pilkada 2024 honoraria (docs/regulations.md): PPK member Rp2.200.000, KPPS member
        # Rp1.100.000. Term 1 Oct - 15 Dec 2024 touches Oct, Nov, Dec: 3 months.
        # PPK: 5.280 + 6.600 = 11.880 x 3 months x 5 members = 178.200.
        # KPPS: 2.640 + 3.300 = 5.940 x 3 months x 7 members = 124.740.
        ppk, kpps = costs.election_role_costs(
            file_ruleset(),
            term_start=date(2024, 10, 1),
            term_end=date(2024, 12, 15),
            roles=[("ppk", 2_200_000, 5), ("kpps", 1_100_000, 7)],
        )
        self.assertEqual((ppk.per_member_month, ppk.term_total), (11_880, 178_200))
        self.assertEqual((kpps.per_member_month, kpps.term_total), (5_940, 124_740))

    def test_roles_priced_over_their_own_terms(self) -> None:
        # Pilkada 2024: PPK serve the cohort's eight months (Apr - Nov 2024), KPPS one month
        # (Nov 2024). Honoraria as above: PPK Rp2.200.000 -> 11.880 a month x 8 months x 5
        # members = 475.200; KPPS Rp1.100.000 -> 5.940 x 1 month x 7 members = 41.580.
        ppk, kpps = costs.election_role_costs(
            file_ruleset(),
            term_start=date(2024, 4, 1),
            term_end=date(2024, 11, 30),
            roles=[
                ("ppk", 2_200_000, 5),
                ("kpps", 1_100_000, 7, date(2024, 11, 1), date(2024, 11, 30)),
            ],
        )
        self.assertEqual((ppk.months, ppk.term_total), (8, 475_200))
        self.assertEqual((kpps.months, kpps.term_total), (1, 41_580))


class InformalCostTest(TestCase):
    def cost(self, *, sector: str, funding: str, incomes: list[int], month: date, year: int):  # type: ignore[no-untyped-def]
        return costs.informal_cost(
            file_ruleset(), incomes=incomes, sector=sector, funding=funding, month=month, year=year
        )

    def test_csr_funded_fishers_get_the_pp_50_2025_discount(self) -> None:
        # PP 44/2015 Lampiran II: JKK 1% of Rp1.000.000 = 10.000 + JKM 6.800 = 16.800.
        # PP 50/2025: 50% off JKK and JKM for non-transport BPU, Apr-Dec 2026 -> 8.400.
        # Ten fishers in May 2026: 84.000 (84.000 discount).
        # Year 2026: Jan-Mar 3 x 16.800 + Apr-Dec 9 x 8.400 = 50.400 + 75.600 = 126.000
        # a member, 1.260.000 for ten.
        result = self.cost(
            sector="other", funding="csr", incomes=[1_000_000] * 10, month=date(2026, 5, 1),
            year=2026,
        )  # fmt: skip
        self.assertEqual((result.month_total, result.month_discount), (84_000, 84_000))
        self.assertEqual(result.year_total, 1_260_000)
        self.assertEqual(result.year_discount, 10 * 9 * 8_400)

    def test_apbd_funded_fishers_pay_full_price(self) -> None:
        # PP 50/2025 excludes BPU whose JKK/JKM the APBD or APBN pays: 16.800 every month.
        result = self.cost(
            sector="other", funding="apbd", incomes=[1_000_000] * 10, month=date(2026, 5, 1),
            year=2026,
        )  # fmt: skip
        self.assertEqual((result.month_total, result.month_discount), (168_000, 0))
        self.assertEqual(result.year_total, 10 * 12 * 16_800)
        self.assertTrue(any("APBD" in w for w in result.warnings))

    def test_ojek_drivers_are_discounted_jan_2026_to_mar_2027(self) -> None:
        # PP 50/2025, transport: contribution months Jan 2026 - Mar 2027.
        # 2026: 12 x 8.400 = 100.800. 2027: 3 x 8.400 + 9 x 16.800 = 25.200 + 151.200.
        y2026 = self.cost(
            sector="transport", funding="self", incomes=[1_000_000], month=date(2026, 1, 1),
            year=2026,
        )  # fmt: skip
        y2027 = self.cost(
            sector="transport", funding="self", incomes=[1_000_000], month=date(2027, 4, 1),
            year=2027,
        )  # fmt: skip
        self.assertEqual((y2026.month_total, y2026.year_total), (8_400, 100_800))
        self.assertEqual((y2027.month_total, y2027.year_total), (16_800, 176_400))

    def test_income_above_minimum(self) -> None:
        # Rp1.500.000: JKK 15.000 -> 7.500 after 50%, JKM 6.800 -> 3.400: 10.900 in May 2026;
        # Rp16.800 + 5.000 = 21.800 in March 2026 before the discount starts.
        may = self.cost(
            sector="other", funding="self", incomes=[1_500_000], month=date(2026, 5, 1),
            year=2026,
        )  # fmt: skip
        march = self.cost(
            sector="other", funding="self", incomes=[1_500_000], month=date(2026, 3, 1),
            year=2026,
        )  # fmt: skip
        self.assertEqual(may.month_total, 10_900)
        self.assertEqual(march.month_total, 21_800)
