"""Headings and rows of real lists, decided without a database (pure modules)."""

from __future__ import annotations

from unittest import TestCase

from lindung.imports.columns import SYNONYMS
from lindung.imports.headers import assign, canonical, find_header, is_column_numbers
from lindung.imports.rowkinds import RowSorter

WORKERS = SYNONYMS["workers"]


class HeadingTest(TestCase):
    def test_headings_from_real_files_map_to_their_field(self) -> None:
        cases = {
            "HONOR/BULAN (Rp)": "monthly_wage",
            "Gaji (Rp.)": "monthly_wage",
            "Jml Honor per Bln": "monthly_wage",
            "Besaran Honor": "monthly_wage",
            "No. Induk Kependudukan (NIK)": "nik",
            "Nama Tenaga Non ASN": "name",
            "Tgl. Lhr": "birth_date",
            "Tempat, Tanggal Lahir": "birth_date",
            "TTL": "birth_date",
            "Tempat/Tgl Lahir": "birth_date",
            "TMT Berhenti": "end_date",
            "Tgl Berakhir": "end_date",
            "Tangal Lahir": "birth_date",  # a typo
        }
        for heading, field in cases.items():
            with self.subTest(heading=heading):
                [match] = assign(WORKERS, [heading])
                self.assertIsNotNone(match)
                assert match is not None
                self.assertEqual(match.field, field)

    def test_an_exact_synonym_is_surer_than_a_near_heading(self) -> None:
        exact, near = assign(WORKERS, ["Gaji", "Nama Tenaga Non ASN Pemkot"])
        assert exact is not None and near is not None
        self.assertEqual((exact.confidence, exact.how), (1.0, "synonym"))
        self.assertLess(near.confidence, 0.95)
        self.assertEqual(near.how, "similar")

    def test_columns_that_hold_something_else_stay_unmapped(self) -> None:
        matches = assign(WORKERS, ["No", "Tempat Lahir", "Status Perkawinan", "Alamat", "NIK"])
        self.assertEqual([m.field if m else "" for m in matches], ["", "", "", "", "nik"])

    def test_each_field_goes_to_one_column_and_a_user_choice_wins(self) -> None:
        matches = assign(WORKERS, ["Gaji", "Honor", "Kode"], {"honor": "monthly_wage"})
        self.assertEqual([m.field if m else "" for m in matches], ["", "monthly_wage", ""])
        self.assertEqual(canonical("Jml Honor per Bln (Rp)"), ("honor",))

    def test_a_two_row_header_is_read_as_one(self) -> None:
        rows = [
            ["DAFTAR TENAGA NON ASN"],
            ["No", "Nama Lengkap", "Data Kependudukan", None, "Kepegawaian", None],
            [None, None, "NIK", "Tgl Lahir", "Status", "TMT"],
            [1, 2, 3, 4, 5, 6],
        ]
        header = find_header(WORKERS, "nik", rows)
        assert header is not None
        self.assertEqual((header.row, header.rows), (3, 2))
        self.assertEqual(
            header.fields, ["", "name", "nik", "birth_date", "category", "start_date"]
        )
        self.assertTrue(is_column_numbers(rows[3]))
        self.assertFalse(is_column_numbers([1, "Budi", "3375010507900001"]))

    def test_no_header_without_the_key_column(self) -> None:
        self.assertIsNone(find_header(WORKERS, "nik", [["Nama", "Gaji"], ["Budi", 1]]))
        loose = find_header(WORKERS, "", [["Nama", "Gaji"], ["Budi", 1]])
        assert loose is not None
        self.assertEqual(loose.fields, ["name", "monthly_wage"])


class RowSorterTest(TestCase):
    def sorter(self) -> RowSorter:
        headers = ["No", "Nama", "NIK", "Gaji"]
        return RowSorter(headers, ["", "name", "nik", "monthly_wage"], "nik")

    def test_rows_that_are_not_people_get_their_reason(self) -> None:
        s = self.sorter()
        rows = [
            (["A. TENAGA ADMINISTRASI"], "section"),
            (["II", "PETUGAS KEBERSIHAN"], "section"),
            ([1, "Budi", "3375010507900001", 1_500_000], None),
            ([2, "Siti", "12345678", "Rp 1.500.000"], None),  # a broken NIK: still a person
            ([None, "JUMLAH", None, 3_000_000], "totals"),
            (["No", "Nama", "NIK", "Gaji"], "header"),
            ([None, None, None, None], "blank"),
            ([7, None, None, None], "blank"),  # a numbered row left empty
            ([None, "Budi Tanpa NIK", None, 1_500_000], None),  # a person with a problem
            ([None, None, None, "Pekalongan, 5 November 2026"], "signature"),
            ([None, None, None, "Kepala Dinas"], "signature"),
            ([None, None, None, "Drs. SUPARDI, M.M."], "signature"),
            ([None, None, "NIP. 19700101 199003 1 002", None], "signature"),
        ]
        for cells, reason in rows:
            with self.subTest(cells=cells):
                self.assertEqual(s.skip_reason(cells), reason)

    def test_a_note_under_the_table_is_not_a_person(self) -> None:
        s = self.sorter()
        self.assertEqual(s.skip_reason(["Catatan: data per 1 November"]), "note")
        self.assertIsNone(s.skip_reason([None, "Budi Santoso"]))
