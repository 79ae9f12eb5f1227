"""Evidence and findings as people read them."""

from __future__ import annotations

from datetime import date

from django.test import SimpleTestCase

from lindung.compliance.labels import evidence_rows, labelled_findings


class EvidenceRowsTest(SimpleTestCase):
    def test_every_kind_of_value(self) -> None:
        rows = evidence_rows({
            "zz_new_key": 7, "arrears": 1_250_000, "paid_through": "2026-08",
            "below": ["umk", "reported_wage"], "scale": "small", "npp": ["17000082/001"],
            "missing_programs": [], "months_unpaid": 1200, "source": "entah",
        })  # fmt: skip
        self.assertEqual(rows, [
            ("Sumber angka", "entah"),  # a code without a label stays as it is
            ("Skala usaha", "Kecil"),
            ("NPP", "17000082/001"),
            ("Di bawah", "UMK, upah menurut sumber lain"),
            ("Program yang belum diikuti", "–"),
            ("Iuran dibayar sampai bulan", "08-2026"),
            ("Bulan belum dibayar", "1.200"),
            ("Tunggakan", "Rp1.250.000"),
            ("zz_new_key", "7"),  # unknown keys last, never dropped
        ])  # fmt: skip

    def test_findings_by_label(self) -> None:
        found = labelled_findings(
            [{"kind": "PDS_TK", "since": "2026-09-30", "stage": "teguran_2"}]
        )
        self.assertEqual(
            found,
            [{"kind": "PDS Tenaga Kerja", "since": date(2026, 9, 30), "stage": "Teguran II"}],
        )
