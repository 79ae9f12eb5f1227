"""Every rule of the shipped file has a plain name; values read as money or rates."""

from __future__ import annotations

import unittest

from django.utils import translation

from lindung.rulebook import rules as pure
from lindung.rulebook.labels import QUALIFIER_LABELS, RULE_LABELS, rule_label, rule_value


class RuleLabelTest(unittest.TestCase):
    def test_every_key_and_named_qualifier_of_the_file_has_a_label(self) -> None:
        missing = set()
        for rule in pure.read_csv():
            if rule.key not in RULE_LABELS:
                missing.add(rule.key)
            named = QUALIFIER_LABELS.get(rule.key)
            if named is not None and rule.qualifier not in named:
                missing.add(f"{rule.key} [{rule.qualifier}]")
        self.assertEqual(missing, set())

    def test_labels_name_the_rule_and_its_qualifier(self) -> None:
        with translation.override("id"):
            self.assertEqual(
                rule_label("pu.jkk.rate", "4"), "Tarif JKK penerima upah, kelompok risiko IV"
            )
            self.assertEqual(
                rule_label("pu.jp.rate", "worker"), "Tarif JP penerima upah, bagian pekerja"
            )
            self.assertEqual(
                rule_label("fine.late.rate", "JP"), "Denda keterlambatan iuran per bulan, JP"
            )
            self.assertEqual(rule_label("no.such.key"), "Aturan tanpa nama")

    def test_values_read_as_rupiah_rates_and_days(self) -> None:
        with translation.override("id"):
            self.assertEqual(rule_value("42000000", "rupiah"), "Rp42.000.000")
            self.assertEqual(rule_value("0.24", "percent"), "0,24%")
            self.assertEqual(rule_value("50", "percent"), "50,0%")
            self.assertEqual(rule_value("14", "days"), "14 hari kerja")
            self.assertEqual(rule_value("JKK,JKM", "programs"), "JKK, JKM")
            self.assertEqual(rule_value("1", "flag"), "ya")
