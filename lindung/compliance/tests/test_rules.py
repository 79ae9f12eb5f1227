"""Pure compliance rules against worked examples computed by hand (no database).

Rates from the shipped rule table: JKK group I 0.24% and JKM 0.30% (PP 44/2015 Pasal 16(1),
18(1)), JHT 3.7% + 2% (PP 46/2015 Pasal 16(1)), JP 2% + 1% (PP 45/2015 Pasal 28(3));
compulsory programs by scale from Perpres 109/2013 Pasal 6(3); late fine 2% a month
for JKK, JKM and JHT (PP 44/2015, PP 46/2015).
"""

from __future__ import annotations

import unittest
from datetime import date

from lindung.compliance import rules as r
from lindung.rulebook.rules import file_ruleset, read_holidays

RULES = file_ruleset()
DAYS_OFF = {row.date for row in read_holidays()}
TODAY = date(2026, 11, 20)  # a Friday, after the 15th: October's iuran is overdue


def assess(scale: str, figures=(), employers=(), umk=None, today=TODAY):  # type: ignore[no-untyped-def]
    facts = r.BusinessFacts(scale=scale, figures=tuple(figures), employers=tuple(employers))
    return r.assess(facts, rules=RULES, today=today, umk=umk)


def only(result: r.Assessment, kind: str) -> r.Detected:
    found = [f for f in result.findings if f.kind == kind]
    assert len(found) == 1, result.kinds
    return found[0]


class NamesAndNibTest(unittest.TestCase):
    def test_legal_forms_and_punctuation_are_dropped(self) -> None:
        self.assertEqual(r.business_name_key("P.T. Batik Jaya, Tbk."), "batik jaya")
        self.assertEqual(r.business_name_key("CV. Sinar  Abadi"), "sinar abadi")
        self.assertEqual(r.business_name_key("UD Maju-Jaya"), "maju jaya")
        self.assertEqual(r.business_name_key("Batik Jaya"), r.business_name_key("PT BATIK JAYA"))

    def test_a_name_that_only_contains_pt_inside_a_word_keeps_it(self) -> None:
        self.assertEqual(r.business_name_key("Optik Cahaya"), "optik cahaya")

    def test_nib_has_13_digits(self) -> None:
        self.assertEqual(r.parse_nib("9120 0012 34567"), "9120001234567")
        for bad in ("912000123456", "91200012345678", "9120A01234567", "", None):
            with self.subTest(bad=bad), self.assertRaises(r.NibError):
                r.parse_nib(bad)

    def test_sector_is_the_kbli_division(self) -> None:
        self.assertEqual(r.sector_label(r.sector_of("13134")), "Industri tekstil (termasuk batik)")
        self.assertEqual(r.sector_label(r.sector_of("99999")), "KBLI 99")
        self.assertEqual(r.sector_label(r.sector_of("")), "Tanpa KBLI")


class FindingsTest(unittest.TestCase):
    def test_pwbd_small_business_without_npp(self) -> None:
        # Small: JKK, JKM, JHT (Perpres 109/2013 Pasal 6(3)). Average wage 3,000,000:
        # JKK 7,200 + JKM 9,000 + JHT 111,000 + 60,000 = 187,200 a worker; x 10 = 1,872,000.
        result = assess("small", [r.Figure(10, 30_000_000, "wlkp", date(2026, 1, 31))])
        found = only(result, r.PWBD)
        self.assertEqual(found.iuran, 1_872_000)
        self.assertEqual(found.evidence["required_programs"], ["JKK", "JKM", "JHT"])
        self.assertEqual(result.kinds, [r.PWBD])

    def test_no_workers_reported_and_no_npp_is_no_finding(self) -> None:
        self.assertEqual(assess("small").kinds, [])

    def test_pds_tk_fewer_active_than_reported(self) -> None:
        # Medium: 4 programs. 50 reported, 30 active: 20 missing at 3,000,000:
        # 7,200 + 9,000 + 171,000 + JP 90,000 (3%, under the cap) = 277,200; x 20 = 5,544,000.
        result = assess(
            "medium",
            [r.Figure(50, 150_000_000, "wlkp", date(2026, 1, 31))],
            [r.EmployerFacts("17081342", "001", 30, 90_000_000, ("JKK", "JKM", "JHT", "JP"),
                             date(2026, 10, 1))],
            umk=2_600_000,
        )  # fmt: skip
        found = only(result, r.PDS_TK)
        self.assertEqual(found.evidence["missing_workers"], 20)
        self.assertEqual(found.iuran, 5_544_000)
        self.assertEqual(result.kinds, [r.PDS_TK])
        self.assertEqual((result.reported_workers, result.bpjs_workers), (50, 30))

    def test_pds_upah_below_umk_and_below_reported_wage(self) -> None:
        # BPJS average 2,000,000; UMK 2,600,000; WLKP average 2,800,000: expected 2,800,000.
        # At 2.8 jt: 6,720 + 8,400 + 103,600 + 56,000 = 174,720; at 2 jt: 124,800.
        # Difference 49,920 x 20 workers = 998,400 a month.
        result = assess(
            "small",
            [r.Figure(20, 56_000_000, "wlkp", date(2026, 1, 31))],
            [r.EmployerFacts("1", "", 20, 40_000_000, ("JKK", "JKM", "JHT"), date(2026, 10, 1))],
            umk=2_600_000,
        )
        found = only(result, r.PDS_UPAH)
        self.assertEqual(found.evidence["below"], ["reported_wage", "umk"])
        self.assertEqual(found.evidence["expected_wage"], 2_800_000)
        self.assertEqual(found.iuran, 998_400)

    def test_pds_upah_below_umk_only(self) -> None:
        result = assess(
            "micro",
            [r.Figure(5, None, "perizinan", date(2026, 1, 31))],
            [r.EmployerFacts("1", "", 5, 10_000_000, ("JKK", "JKM"), date(2026, 10, 1))],
            umk=2_600_000,
        )
        # Micro: JKK + JKM only. 0.54% of (2,600,000 - 2,000,000) = 3,240 a worker; x 5.
        found = only(result, r.PDS_UPAH)
        self.assertEqual(found.evidence["below"], ["umk"])
        self.assertEqual(found.iuran, 16_200)

    def test_pds_program_medium_with_two_of_four(self) -> None:
        # Missing JHT 171,000 + JP 90,000 = 261,000 a worker at 3,000,000; x 40 = 10,440,000.
        result = assess(
            "medium",
            [r.Figure(40, 120_000_000, "wlkp", date(2026, 1, 31))],
            [r.EmployerFacts("1", "", 40, 120_000_000, ("JKK", "JKM"), date(2026, 10, 1))],
            umk=2_600_000,
        )
        found = only(result, r.PDS_PROGRAM)
        self.assertEqual(found.evidence["missing_programs"], ["JHT", "JP"])
        self.assertEqual(found.iuran, 10_440_000)

    def test_micro_without_jht_is_not_pds_program(self) -> None:
        # JHT is optional for micro businesses (Perpres 109/2013 Pasal 6(3)).
        result = assess(
            "micro",
            [r.Figure(3, 9_000_000, "wlkp", date(2026, 1, 31))],
            [r.EmployerFacts("1", "", 3, 9_000_000, ("JKK", "JKM"), date(2026, 10, 1))],
            umk=2_600_000,
        )
        self.assertEqual(result.kinds, [])

    def test_arrears_with_late_fine(self) -> None:
        # Paid through June; on 20 Nov October is overdue: July-October = 4 months > 3.
        # Monthly JKK 60,000 + JKM 75,000 + JHT 1,425,000 = 1,560,000 (10 x 2,500,000).
        # 2% a month of delay = 31,200; delays July 4, Aug 3, Sep 2, Oct 1 = 10 -> 312,000.
        employer = r.EmployerFacts(
            "1", "", 10, 25_000_000, ("JKK", "JKM", "JHT"), date(2026, 6, 1), 4_680_000
        )
        result = assess(
            "small", [r.Figure(10, 25_000_000, "wlkp", date(2026, 1, 31))], [employer],
            umk=2_400_000,
        )  # fmt: skip
        found = only(result, r.ARREARS)
        self.assertEqual(found.evidence["months_unpaid"], 4)
        self.assertEqual(found.evidence["monthly_jkk_jkm_jht"], 1_560_000)
        self.assertEqual(found.evidence["late_fine_estimate"], 312_000)
        self.assertEqual(found.iuran, 4_680_000)
        self.assertEqual(result.kinds, [r.ARREARS])

    def test_three_months_unpaid_is_not_yet_arrears(self) -> None:
        # On 10 Nov October is not yet due: July-September = 3, not more than 3.
        employer = r.EmployerFacts("1", "", 10, 25_000_000, ("JKK", "JKM", "JHT"),
                                   date(2026, 6, 1))  # fmt: skip
        result = assess("small", [], [employer], today=date(2026, 11, 10))
        self.assertEqual(result.kinds, [])

    def test_conflicting_figures_newest_is_used_never_summed(self) -> None:
        older = r.Figure(40, None, "wlkp", date(2026, 1, 31))
        newer = r.Figure(25, None, "inspeksi", date(2026, 6, 15))
        self.assertEqual(r.newest([older, newer]), newer)
        result = assess("small", [older, newer], [r.EmployerFacts("1", "", 20, None, ("JKK",))])
        self.assertEqual(only(result, r.PDS_TK).evidence["missing_workers"], 5)
        self.assertEqual(result.reported_workers, 25)

    def test_status_is_never_compliant_without_data(self) -> None:
        self.assertEqual(r.permit_status(has_data=False, active_kinds=[]), r.UNKNOWN)
        self.assertEqual(r.permit_status(has_data=True, active_kinds=[]), r.COMPLIANT)
        self.assertEqual(r.permit_status(has_data=True, active_kinds=[r.PWBD]), r.NON_COMPLIANT)


class WorkflowTest(unittest.TestCase):
    def test_teguran_deadline_is_ten_working_days(self) -> None:
        # PP 86/2013 Pasal 8 (timing UNCONFIRMED, a rule row): Fri 20 Nov + 10 working days.
        self.assertEqual(r.deadline_for(r.TEGURAN_1, TODAY, RULES, DAYS_OFF), date(2026, 12, 4))
        self.assertIsNone(r.deadline_for(r.TMP2T, TODAY, RULES, DAYS_OFF))

    def test_a_warning_before_lebaran_2026_runs_past_cuti_bersama(self) -> None:
        # SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025 (libur nasional dan cuti bersama 2026):
        # cuti bersama Wed 18 Mar, Nyepi Thu 19 Mar, cuti bersama Fri 20, Idul Fitri Sat 21 and
        # Sun 22, cuti bersama Mon 23 and Tue 24 Mar, Good Friday 3 Apr.
        # Teguran I on Tue 17 Mar 2026 + 10 working days: 25, 26, 27, 30, 31 Mar, 1, 2 Apr (7),
        # [3 Apr off], 6, 7, 8 Apr (10). Weekends only would end on Tue 31 Mar, inside no
        # holiday but counting five days the offices are closed.
        warned = date(2026, 3, 17)
        self.assertEqual(r.deadline_for(r.TEGURAN_1, warned, RULES, DAYS_OFF), date(2026, 4, 8))
        self.assertEqual(r.deadline_for(r.TEGURAN_1, warned, RULES, set()), date(2026, 3, 31))

    def test_allowed_steps(self) -> None:
        r.check_transition(r.OPEN, r.TEGURAN_1, on=TODAY, deadline=None)
        r.check_transition(r.TEGURAN_1, r.TEGURAN_2, on=date(2026, 12, 5),
                           deadline=date(2026, 12, 4))  # fmt: skip
        r.check_transition(r.TEGURAN_2, r.TMP2T, on=date(2026, 12, 5), deadline=None)
        r.check_transition(r.TMP2T, r.RESOLVED, on=TODAY, deadline=None)
        r.check_transition(r.OPEN, r.DISMISSED, on=TODAY, deadline=None, reason="Tutup usaha")

    def test_refused_steps(self) -> None:
        cases = [
            (r.OPEN, r.TEGURAN_2, None, ""),  # skips teguran I
            (r.OPEN, r.TMP2T, None, ""),
            (r.TEGURAN_1, r.TEGURAN_2, date(2026, 12, 4), ""),  # period to comply not over
            (r.OPEN, r.DISMISSED, None, "  "),  # dismissal needs a reason
            (r.RESOLVED, r.TEGURAN_1, None, ""),  # closed
            (r.DISMISSED, r.OPEN, None, ""),
            (r.OPEN, "bogus", None, ""),
        ]
        for current, target, deadline, reason in cases:
            with (
                self.subTest(current=current, target=target),
                self.assertRaises(r.TransitionError),
            ):
                r.check_transition(current, target, on=TODAY, deadline=deadline, reason=reason)

    def test_overdue_only_while_active(self) -> None:
        self.assertTrue(r.is_overdue(r.TEGURAN_1, date(2026, 11, 19), TODAY))
        self.assertFalse(r.is_overdue(r.TEGURAN_1, TODAY, TODAY))
        self.assertFalse(r.is_overdue(r.RESOLVED, date(2026, 11, 1), TODAY))
