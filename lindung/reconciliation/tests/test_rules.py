"""Pure rules: names without titles, NIK relations, pair scores, NPP links (no database)."""

from __future__ import annotations

from unittest import TestCase

import duckdb

from lindung.bpjs import matcher
from lindung.reconciliation import rules


class NameTest(TestCase):
    EXAMPLES = {
        "Drs. H. Ahmad Fauzi, S.Pd., M.Si.": "ahmad fauzi",
        "Hj. Siti Aminah, A.Md.Kep": "siti aminah",
        "SITI AMINAH": "siti aminah",
        "Budi Santoso SE": "budi santoso",
        "Ma'ruf Amin S.Kom": "maruf amin",
        "dr. Rina Wulandari": "rina wulandari",
        "Ns. Dewi A.Md": "dewi",
        "  Eko   Prasetyo ,S.T. ": "eko prasetyo",
        "": "",
    }

    def test_titles_and_punctuation_removed(self) -> None:
        for raw, expected in self.EXAMPLES.items():
            with self.subTest(raw=raw):
                self.assertEqual(rules.person_name_key(raw), expected)

    def test_duckdb_expression_agrees_with_python(self) -> None:
        con = duckdb.connect()
        for raw, expected in self.EXAMPLES.items():
            got = con.execute(f"SELECT {rules.person_name_key_sql('?')}", [raw]).fetchone()[0]
            self.assertEqual(got, expected, raw)

    def test_name_parts_that_look_like_titles_inside_words_stay(self) -> None:
        self.assertEqual(rules.person_name_key("Hendra Hidayat"), "hendra hidayat")
        self.assertEqual(rules.person_name_key("Sehat Drajat"), "sehat drajat")


class NikRelationTest(TestCase):
    def test_relations(self) -> None:
        a = "3375011203900001"
        self.assertEqual(rules.nik_relation(a, "3375011203900002"), "one_digit")
        self.assertEqual(rules.nik_relation(a, "3375011230900001"), "transposition")
        self.assertIsNone(rules.nik_relation(a, a))
        self.assertIsNone(rules.nik_relation(a, "3375011230900002"))
        self.assertIsNone(rules.nik_relation(a, "337501120390000"))
        # Two neighbouring digits differ, but they were not swapped: 12 -> 24.
        self.assertIsNone(rules.nik_relation("3375011203900012", "3375011203900024"))
        self.assertIsNone(rules.nik_relation("3375011203900012", "3375011203900031"))


class MarkedDigitsTest(TestCase):
    def test_differing_places_are_marked(self) -> None:
        marks = rules.marked_digits("3375011203900001", "3375011230900001")
        self.assertEqual([i for i, (_c, d) in enumerate(marks) if d], [8, 9])
        self.assertEqual("".join(c for c, _d in marks), "3375011203900001")


class ScoreTest(TestCase):
    def test_weights(self) -> None:
        # NIK one digit apart, same name and birth date: certain (clamped to 1).
        self.assertEqual(rules.pair_score(nik_close=True, name_similarity=1, birth="same"), 1.0)
        # Same name and birth date, unrelated NIK: exactly the default threshold.
        score = rules.pair_score(nik_close=False, name_similarity=1, birth="same")
        self.assertEqual(score, rules.DEFAULT_THRESHOLD)
        # Close NIK, other name, other birth date: a coincidence, below the threshold.
        self.assertEqual(
            rules.pair_score(nik_close=True, name_similarity=0.5, birth="different"), 0.25
        )
        self.assertEqual(rules.pair_score(nik_close=True, name_similarity=0.9, birth=""), 0.75)

    def test_sql_score_agrees(self) -> None:
        con = duckdb.connect()
        for nik, sim, same, diff in [
            (True, 1.0, True, False), (False, 1.0, True, False), (True, 0.5, False, True),
            (True, 0.9, False, False), (False, 0.86, False, True),
        ]:  # fmt: skip
            birth = "same" if same else "different" if diff else "unknown"
            expr = rules.score_sql(str(nik), str(sim), str(same), str(diff))
            got = con.execute(f"SELECT {expr}").fetchone()[0]
            self.assertAlmostEqual(
                got, rules.pair_score(nik_close=nik, name_similarity=sim, birth=birth)
            )


class LinkTest(TestCase):
    OPDS = [(1, "Dinas Lingkungan Hidup", "DLH"), (2, "Dinas Pendidikan", "DINDIK")]
    PLACE = ["Pekalongan"]

    def test_same_name_after_normalisation_links(self) -> None:
        for employer in (
            "DINAS LINGKUNGAN HIDUP KOTA PEKALONGAN",
            "PEMKOT PEKALONGAN - DINAS LINGKUNGAN HIDUP",
        ):
            self.assertEqual(matcher.best_link(employer, self.OPDS, self.PLACE), (1, 1.0))

    def test_acronym_or_code_is_only_proposed(self) -> None:
        self.assertEqual(matcher.best_link("DLH KOTA PEKALONGAN", self.OPDS, self.PLACE), (1, 0.9))
        self.assertEqual(matcher.best_link("DINDIK PEKALONGAN", self.OPDS, self.PLACE), (2, 0.9))

    def test_a_similar_name_is_proposed_with_its_ratio(self) -> None:
        opds = [*self.OPDS, (3, "Badan Lingkungan", "BL")]  # near too, but less alike
        opd, score = matcher.best_link("DINAS LINGKUNGAN HIDUP & KEBERSIHAN", opds, self.PLACE)
        self.assertEqual(opd, 1)
        self.assertTrue(matcher.LINK_PROPOSE <= score < matcher.LINK_AUTO, score)

    def test_names_that_say_nothing_are_not_linked(self) -> None:
        self.assertEqual(matcher.best_link("", self.OPDS, self.PLACE), (None, 0.0))
        # An OPD named only by government words and the place cannot be matched by name.
        index = matcher.LinkIndex([(9, "Pemerintah Kota Pekalongan", "PEMKOT")], self.PLACE)
        self.assertEqual(index.names, {})

    def test_unrelated_employer_is_not_linked(self) -> None:
        opd, score = matcher.best_link("PT BATIK PESISIR NUSANTARA", self.OPDS, self.PLACE)
        self.assertIsNone(opd)
        self.assertLess(score, matcher.LINK_PROPOSE)

    def test_category_precedence(self) -> None:
        order = [c.value for c in rules.Category]
        self.assertEqual(order[0], "covered")
        self.assertLess(rules.Category.rank("other_employer"), rules.Category.rank("inactive"))
        self.assertNotIn(rules.Category.UNKNOWN_TO_CITY, rules.Category.for_engagements())
