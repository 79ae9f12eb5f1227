"""Rule history since JP began (July 2015): worked examples computed by hand from the
regulations, with the citation in each test. Every value comes from a dated row of
data/rules.csv; these tests pin the rows and the arithmetic together.
"""

from __future__ import annotations

import json
import unittest
from dataclasses import replace
from datetime import date

from django.test import TestCase

from lindung.rulebook import engine
from lindung.rulebook.engine import QuoteError, benefit_jkk_death, benefit_jkm, quote_pu
from lindung.rulebook.rules import RuleSet, file_ruleset, read_csv
from lindung.tests.test_cli import lindung

R = file_ruleset()


def by_program(quote: engine.Quote) -> dict[str, engine.Line]:
    return {line.program: line for line in quote.lines}


def jp(wage: int, month: date) -> tuple[int, int, int]:
    line = quote_pu(R, wage=wage, month=month, programs=("JP",)).lines[0]
    return line.base, line.employer, line.worker


class JpCapHistoryTest(unittest.TestCase):
    def test_one_month_of_each_year_above_the_cap(self) -> None:
        """PP 45/2015 Pasal 28(3): JP is 2 % (employer) + 1 % (worker) of the wage up to the
        cap (Pasal 29). Wage Rp12.000.000 is above every cap, so each share is of the cap:
        2015 (Pasal 29(2)) 7.000.000 -> 140.000 + 70.000; 2016 7.335.300 -> 146.706 + 73.353;
        2017 7.703.500 -> 154.070 + 77.035; 2018 8.094.000 -> 161.880 + 80.940;
        2019 8.512.400 -> 170.248 + 85.124; 2020 8.939.700 -> 178.794 + 89.397;
        2021 8.754.600 -> 175.092 + 87.546 (the 2020 GDP fell)."""
        cases = {
            date(2015, 9, 1): (7_000_000, 140_000, 70_000),
            date(2016, 5, 1): (7_335_300, 146_706, 73_353),
            date(2017, 6, 1): (7_703_500, 154_070, 77_035),
            date(2018, 4, 1): (8_094_000, 161_880, 80_940),
            date(2019, 7, 1): (8_512_400, 170_248, 85_124),
            date(2020, 3, 1): (8_939_700, 178_794, 89_397),
            date(2021, 3, 1): (8_754_600, 175_092, 87_546),
        }
        for month, expected in cases.items():
            with self.subTest(month=month):
                self.assertEqual(jp(12_000_000, month), expected)

    def test_a_wage_below_the_cap_is_used_whole(self) -> None:
        """Rp5.000.000 is below every cap since 2015: 2 % = 100.000, 1 % = 50.000."""
        for year in range(2015, 2022):
            with self.subTest(year=year):
                self.assertEqual(jp(5_000_000, date(year, 9, 1)), (5_000_000, 100_000, 50_000))

    def test_each_cap_starts_in_march_and_the_last_ends_where_2022_begins(self) -> None:
        """Rp7.200.000 in February 2016 is above the 2015 cap (7.000.000: 140.000 + 70.000)
        and in March 2016 below the 2016 cap (its own 2 % = 144.000, 1 % = 72.000).
        February 2022 still uses 8.754.600, March 2022 the 2022 cap 9.077.600."""
        self.assertEqual(jp(7_200_000, date(2016, 2, 1)), (7_000_000, 140_000, 70_000))
        self.assertEqual(jp(7_200_000, date(2016, 3, 1)), (7_200_000, 144_000, 72_000))
        self.assertEqual(jp(12_000_000, date(2022, 2, 1))[0], 8_754_600)
        self.assertEqual(jp(12_000_000, date(2022, 3, 1))[0], 9_077_600)

    def test_rows_tile_without_gaps_or_overlaps(self) -> None:
        rows = sorted((r for r in read_csv() if r.key == "pu.jp.cap"), key=lambda r: r.valid_from)
        self.assertEqual(rows[0].valid_from, date(2015, 7, 1))
        for earlier, later in zip(rows, rows[1:], strict=False):
            self.assertIsNotNone(earlier.valid_to)
            self.assertEqual(earlier.valid_to.toordinal() + 1, later.valid_from.toordinal())  # type: ignore[union-attr]
        self.assertEqual(R.get("pu.jp.cap", date(2021, 6, 1)).confidence, "SINGLE-SOURCE")

    def test_old_caps_are_not_flagged_as_carried_forward(self) -> None:
        q = quote_pu(R, wage=12_000_000, month=date(2019, 2, 1), programs=("JP",))
        self.assertEqual(q.warnings, [])


class CovidReliefTest(unittest.TestCase):
    """PP 49/2020: contribution months August 2020 - January 2021."""

    def test_pu_september_2020(self) -> None:
        """Wage Rp5.000.000, JKK group I, a large business:
        JKK 0,24 % = 12.000, 99 % off (Pasal 3(2) huruf b) -> 120;
        JKM 0,30 % = 15.000, 99 % off (Pasal 9) -> 150;
        JHT 3,7 % + 2 % = 185.000 + 100.000, no relief;
        JP 2 % + 1 % of the wage (below the 2020 cap 8.939.700) = 100.000 + 50.000 owed;
        Pasal 17(2): 1 % of it due now (1.000 + 500), 99 % deferred (99.000 + 49.500).
        Owed 435.270, due now 286.770, deferred 148.500. Deadline the 30th (Pasal 4(1)),
        fine 0,5 % a month (Pasal 23(1))."""
        q = quote_pu(R, wage=5_000_000, month=date(2020, 9, 1), scale="large")
        lines = by_program(q)
        self.assertEqual((lines["JKK"].employer, lines["JKK"].discount), (120, 11_880))
        self.assertEqual((lines["JKM"].employer, lines["JKM"].discount), (150, 14_850))
        self.assertEqual((lines["JHT"].employer, lines["JHT"].worker), (185_000, 100_000))
        self.assertEqual((lines["JP"].employer, lines["JP"].worker), (100_000, 50_000))
        self.assertEqual(lines["JP"].deferred, 148_500)
        self.assertEqual((q.total, q.deferred_total, q.due_now), (435_270, 148_500, 286_770))
        text = " ".join(q.warnings)
        self.assertIn("ditunda Rp148.500", text)
        self.assertIn("dibayar bulan ini Rp1.500", text)
        self.assertIn("penyelenggara negara", text)  # state employers: unclear
        self.assertIn("tanggal 30 (PP 49/2020 Pasal 4(1))", text)
        self.assertIn("0,5% per bulan", text)
        self.assertIn("PP 49/2020", lines["JKK"].legal_basis)
        self.assertEqual(q.to_dict()["due_now"], 286_770)

    def test_the_jp_deferral_needs_a_medium_or_large_scale(self) -> None:
        """Pasal 18: only medium and large businesses (that meet its conditions) defer JP."""
        for scale in (None, "small"):
            with self.subTest(scale=scale):
                q = quote_pu(
                    R, wage=5_000_000, month=date(2021, 1, 1), programs=("JP",), scale=scale
                )
                self.assertEqual((q.deferred_total, q.due_now), (0, 150_000))
                self.assertIn("boleh menunda 99% iuran JP", q.warnings[0])
        q = quote_pu(R, wage=5_000_000, month=date(2021, 1, 1), programs=("JP",), scale="medium")
        self.assertEqual(q.due_now, 1_500)

    def test_the_relief_ends_with_january_2021(self) -> None:
        for month in (date(2020, 7, 1), date(2021, 2, 1)):
            with self.subTest(month=month):
                q = quote_pu(R, wage=5_000_000, month=month, scale="large")
                lines = by_program(q)
                self.assertEqual((lines["JKK"].employer, lines["JKM"].employer), (12_000, 15_000))
                self.assertEqual(q.deferred_total, 0)
                self.assertEqual(q.warnings, [])

    def test_bpu_october_2020(self) -> None:
        """Declared income Rp1.000.000: JKK 1 % = 10.000, 99 % off -> 100; JKM Rp6.800,
        99 % off -> Rp68 (Pasal 9); 168 in all. JHT 2 % = 20.000 is not relieved."""
        q = engine.quote_bpu(R, income=1_000_000, month=date(2020, 10, 1))
        self.assertEqual([(x.worker, x.discount) for x in q.lines], [(100, 9_900), (68, 6_732)])
        self.assertEqual(q.total, 168)
        q = engine.quote_bpu(
            R, income=1_000_000, month=date(2020, 10, 1), programs=("JKK", "JKM", "JHT")
        )
        self.assertEqual(q.total, 20_168)
        q = engine.quote_bpu(R, income=1_000_000, month=date(2020, 10, 1), funding="apbd")
        self.assertEqual(q.employer_total, 168)
        self.assertIn("APBD atau APBN", q.warnings[0])  # unclear: said so, not guessed
        q = engine.quote_bpu(R, income=2_000_000, month=date(2020, 10, 1), programs=("JHT",))
        self.assertEqual(len(q.warnings), 1)  # only the income-bracket note

    def test_bpu_quotes_say_the_income_brackets_are_not_modelled(self) -> None:
        q = engine.quote_bpu(R, income=1_750_000, month=date(2026, 1, 1))
        self.assertIn("belum dimodelkan", q.warnings[-1])

    def test_jakon_december_2020(self) -> None:
        """Contract Rp850 juta: normally JKK 1.345.000 and JKM 180.000 (marginal tiers).
        PP 49/2020 Pasal 11-12: 1 % of each rate, i.e. JKK 0,0021 % x 100 juta + 0,0017 % x
        400 juta + 0,0013 % x 350 juta = 2.100 + 6.800 + 4.550 = 13.450 and JKM 0,0003 % x
        100 juta + 0,0002 % x 750 juta = 300 + 1.500 = 1.800; 15.250 in all.
        From known wages Rp50 juta: JKK 1,74 % = 870.000 -> 8.700, JKM 0,30 % = 150.000
        -> 1.500."""
        q = engine.quote_jakon(R, contract_value=850_000_000, month=date(2020, 12, 1))
        self.assertEqual([x.employer for x in q.lines], [13_450, 1_800])
        self.assertEqual(q.total, 15_250)
        self.assertIn("sisa tagihan", q.warnings[0])
        q = engine.quote_jakon_wages(R, wages=50_000_000, month=date(2020, 12, 1))
        self.assertEqual([x.employer for x in q.lines], [8_700, 1_500])
        q = engine.quote_jakon(R, contract_value=850_000_000, month=date(2021, 2, 1))
        self.assertEqual((q.total, q.warnings), (1_525_000, []))


class BenefitHistoryTest(unittest.TestCase):
    def test_jkm_death_in_2018_is_24_million(self) -> None:
        """PP 44/2015 Pasal 34: santunan kematian Rp16.200.000 + santunan berkala
        24 x Rp200.000 = Rp4.800.000 + biaya pemakaman Rp3.000.000 = Rp24.000.000."""
        b = benefit_jkm(R, day=date(2018, 6, 15))
        self.assertEqual([c.amount for c in b.components], [16_200_000, 4_800_000, 3_000_000])
        self.assertEqual(b.total, 24_000_000)
        self.assertTrue(all("PP 44/2015" in c.legal_basis for c in b.components))
        self.assertIn("Rp12.000.000 untuk paling banyak 1 anak", b.notes[0])

    def test_jkk_death_in_2017(self) -> None:
        """PP 44/2015 Lampiran III, wage Rp3.000.000: 60 % x 80 x 3.000.000 = 144.000.000,
        above the floor; + pemakaman 3.000.000 + berkala 4.800.000 = 151.800.000."""
        b = benefit_jkk_death(R, wage=3_000_000, day=date(2017, 5, 10))
        self.assertEqual(
            [(c.name, c.amount) for c in b.components],
            [
                ("Santunan kematian (48 x upah)", 144_000_000),
                ("Biaya pemakaman", 3_000_000),
                ("Santunan berkala", 4_800_000),
            ],
        )
        self.assertEqual(b.total, 151_800_000)
        self.assertFalse(b.minimum["applied"])  # type: ignore[index]

    def test_the_boundary_is_the_day_pp82_2019_was_promulgated(self) -> None:
        """A death on 1 December 2019 uses PP 44/2015 (JKM 24 juta); on 2 December 2019
        PP 82/2019 (20 + 12 + 10 = 42 juta). JKK at Rp400.000: 48 x 400.000 = 19.200.000,
        under either floor: 24.000.000 + 3.000.000 + 4.800.000 = 31.800.000 on the 1st,
        42.000.000 + 10.000.000 + 12.000.000 = 64.000.000 on the 2nd."""
        self.assertEqual(benefit_jkm(R, day=date(2019, 12, 1)).total, 24_000_000)
        self.assertEqual(benefit_jkm(R, day=date(2019, 12, 2)).total, 42_000_000)
        self.assertEqual(
            benefit_jkk_death(R, wage=400_000, day=date(2019, 12, 1)).total, 31_800_000
        )
        self.assertEqual(
            benefit_jkk_death(R, wage=400_000, day=date(2019, 12, 2)).total, 64_000_000
        )

    def test_a_month_in_which_the_rules_change_asks_for_the_date(self) -> None:
        with self.assertRaises(QuoteError) as ctx:
            engine.run_benefit(R, "jkm", {"month": "2019-12"})
        self.assertEqual(ctx.exception.field, "date")
        self.assertIn("2019-12-02", ctx.exception.message)
        self.assertEqual(engine.run_benefit(R, "jkm", {"month": "2019-11"}).total, 24_000_000)
        self.assertEqual(engine.run_benefit(R, "jkm", {"date": "2019-12-31"}).total, 42_000_000)
        with self.assertRaises(QuoteError) as ctx:
            engine.run_benefit(R, "jkm", {"date": "2019-12"})
        self.assertEqual(ctx.exception.field, "date")
        with self.assertRaises(QuoteError) as ctx:
            benefit_jkm(R, day=date(2015, 6, 30))
        self.assertIn("baru mulai 2015-07", ctx.exception.message)


class JkkMinimumTest(unittest.TestCase):
    def test_both_readings_are_shown_and_the_one_used_named(self) -> None:
        """PP 82/2019: 48 x Rp500.000 = 24.000.000 is under the floor. Read as the JKM cash
        total (the row: Rp42 juta) the santunan is 42.000.000; read as the JKM santunan
        kematian (Rp20 juta) it would be 24.000.000 (48 x upah)."""
        b = benefit_jkk_death(R, wage=500_000, day=date(2026, 1, 1))
        self.assertEqual(b.components[0].name, "Santunan kematian (minimum: total tunai JKM)")
        self.assertEqual(b.components[0].amount, 42_000_000)
        minimum = b.minimum
        assert minimum is not None
        self.assertEqual((minimum["used"], minimum["applied"]), ("jkm_total", True))
        self.assertEqual(
            [(r["reading"], r["amount"], r["lump_sum"]) for r in minimum["readings"]],
            [("jkm_total", 42_000_000, 42_000_000), ("jkm_lump_sum", 20_000_000, 24_000_000)],
        )
        self.assertIn("Bacaan lain, santunan kematian JKM Rp20.000.000", b.notes[0])
        self.assertEqual(json.loads(json.dumps(b.to_dict()))["minimum"]["used"], "jkm_total")

    def test_an_admin_can_switch_to_the_other_reading(self) -> None:
        """With the row set to Rp20 juta (the BPJS text's reading) and wage Rp400.000:
        48 x 400.000 = 19.200.000 < 20.000.000, so the floor applies and is named."""
        rows = [
            replace(r, value="20000000") if r.key == "benefit.jkk.death.minimum" else r
            for r in read_csv()
        ]
        b = benefit_jkk_death(RuleSet(rows), wage=400_000, day=date(2026, 1, 1))
        self.assertEqual(
            b.components[0].name, "Santunan kematian (minimum: santunan kematian JKM)"
        )
        self.assertEqual(b.minimum["used"], "jkm_lump_sum")  # type: ignore[index]

    def test_a_floor_matching_no_reading_and_missing_jkm_rows(self) -> None:
        rows = [
            replace(r, value="30000000") if r.key == "benefit.jkk.death.minimum" else r
            for r in read_csv()
            if r.key not in ("benefit.jkm.periodic", "benefit.scholarship.max_children")
        ]
        b = benefit_jkk_death(RuleSet(rows), wage=400_000, day=date(2026, 1, 1))
        self.assertEqual(b.components[0].name, "Santunan kematian (minimum: nilai tabel aturan)")
        self.assertEqual(b.minimum["used"], "table")  # type: ignore[index]
        self.assertEqual([r["reading"] for r in b.minimum["readings"]], ["jkm_lump_sum"])  # type: ignore[index]
        self.assertEqual(len(b.notes), 1)  # no scholarship row, no scholarship note
        rows = [r for r in rows if r.key != "benefit.jkm.lump_sum"]
        b = benefit_jkk_death(RuleSet(rows), wage=400_000, day=date(2026, 1, 1))
        self.assertEqual(b.minimum["readings"], [])  # type: ignore[index]


class RuleSetHelpersTest(unittest.TestCase):
    def test_qualifiers_and_changes_within(self) -> None:
        self.assertEqual(R.qualifiers("pu.jp.deferral", date(2020, 9, 1)), ["large", "medium"])
        self.assertEqual(R.qualifiers("pu.jp.deferral", date(2021, 9, 1)), [])
        self.assertEqual(
            R.changes_within("benefit.", date(2019, 12, 1), date(2019, 12, 31)),
            [date(2019, 12, 2)],
        )
        self.assertEqual(R.changes_within("benefit.", date(2019, 11, 1), date(2019, 11, 30)), [])

    def test_a_row_starting_mid_month_is_named_by_day(self) -> None:
        """No self-contradiction such as "starts 2019-12; month 2019-12 is before it"."""
        rows = [r for r in read_csv() if not r.valid_from < date(2019, 12, 2)]
        with self.assertRaises(QuoteError) as ctx:
            benefit_jkm(RuleSet(rows), day=date(2019, 12, 1))
        self.assertIn("baru mulai 2019-12-02; tanggal 2019-12-01", ctx.exception.message)
        self.assertEqual(engine.parse_day(date(2019, 12, 2)), date(2019, 12, 2))

    def test_every_row_fits_the_database_columns(self) -> None:
        for r in read_csv():
            with self.subTest(key=r.key, start=r.valid_from):
                self.assertLessEqual(len(r.legal_basis), 200)
                self.assertLessEqual(len(r.note), 300)
                self.assertLessEqual(len(r.key), 60)


class HistoryCliTest(TestCase):
    def test_quote_and_benefit_through_the_cli(self) -> None:
        """The 2018 quote that used to exit 2 (no JP cap before 2022) now answers:
        wage Rp12.000.000 in May 2018, cap 8.094.000: JP 161.880 + 80.940."""
        result = lindung(
            "quote", "pu", "--wage", "12000000", "--month", "2018-05", "--programs", "JP",
            "--json",
        )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        line = json.loads(result.stdout)["lines"][0]
        self.assertEqual(
            (line["base"], line["employer"], line["worker"]), (8_094_000, 161_880, 80_940)
        )
        result = lindung(
            "quote", "pu", "--wage", "5000000", "--month", "2020-09", "--scale", "medium",
            "--json",
        )  # fmt: skip
        body = json.loads(result.stdout)
        self.assertEqual(
            (body["total"], body["due_now"], body["deferred_total"]), (435_270, 286_770, 148_500)
        )
        result = lindung(
            "quote", "pu", "--wage", "5000000", "--month", "2020-09", "--scale", "medium"
        )
        self.assertIn("Dibayar bulan ini Rp286.770, ditunda Rp148.500", result.stdout)
        result = lindung("benefit", "jkm", "--date", "2019-12-01", "--json")
        self.assertEqual(json.loads(result.stdout)["total"], 24_000_000)
        result = lindung("benefit", "jkm", "--month", "2019-12", "--json")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(json.loads(result.stdout)["field"], "date")
        result = lindung("benefit", "jkk-death", "--wage", "400000", "--date", "2018-03-01")
        self.assertIn("Santunan kematian (minimum: total tunai JKM)", result.stdout)
        self.assertIn("Bacaan lain, santunan kematian JKM Rp16.200.000", result.stdout)


class UpgradeTest(TestCase):
    def test_an_existing_install_gets_the_history_by_sync_without_conflicts(self) -> None:
        """Every history row is new (none edits a row of the previous release), so
        `lindung rules sync` adds them and reports nothing as "differs from file"."""
        from lindung.rulebook.models import RuleValue
        from lindung.rulebook.services import current_ruleset, rules_sync

        new = [r for r in read_csv() if r.valid_to is not None and r.valid_to < date(2022, 3, 1)]
        self.assertGreater(len(new), 30)
        for r in new:
            RuleValue.objects.filter(
                key=r.key, qualifier=r.qualifier, valid_from=r.valid_from
            ).delete()
        report = rules_sync()
        self.assertEqual((report.created, report.updated, report.differing), (len(new), 0, []))
        q = engine.run_quote(current_ruleset(), "pu", {"wage": 12_000_000, "month": "2018-05"})
        self.assertEqual(by_program(q)["JP"].base, 8_094_000)
