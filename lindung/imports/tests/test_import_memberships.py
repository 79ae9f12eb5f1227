"""BPJS TK membership exports: flexible columns, snapshots per scope, history kept."""

from __future__ import annotations

from datetime import date, timedelta

from lindung.bpjs.models import Membership
from lindung.imports.tests.files import write_csv
from lindung.imports.tests.test_import_workers import ImportCase
from lindung.lib.dates import today
from lindung.tests.factories import make_valid_nik

HEADER = [
    "NIK", "KPJ", "Nama", "NPP", "Divisi", "Nama Perusahaan", "Segmen", "JKK", "JKM", "JHT",
    "JP", "Upah Terlapor", "Status", "Bulan Iuran Terakhir", "Tgl Kepesertaan",
]  # fmt: skip


def member(
    nik: str, *, status: str = "Aktif", wage: str = "2.500.000", jht: str = "Y"
) -> list[str]:
    return [nik, "12345678901", "Budi Santoso", "17081342", "001", "Dinas Lingkungan Hidup", "PU",
            "Y", "Y", jht, "T", wage, status, "Oktober 2026", "01/02/2024"]  # fmt: skip


class MembershipExportTest(ImportCase):
    def test_an_export_becomes_the_current_snapshot(self) -> None:
        niks = [make_valid_nik() for _ in range(3)]
        rows = [member(niks[0]), member(niks[1], status="Non Aktif"), member(niks[2], jht="T")]
        code, out = self.run_import(
            write_csv(self.tmp / "bpjs.csv", rows, header=HEADER), kind="memberships"
        )
        self.assertEqual((code, out["created"]), (0, 3))
        m = Membership.objects.get(nik=niks[0])
        self.assertEqual(
            (m.npp, m.divisi, m.segment, m.programs, m.reported_wage, m.status, m.last_paid_month),
            ("17081342", "001", "PU", "JKK,JKM,JHT", 2_500_000, "aktif", date(2026, 10, 1)),
        )
        self.assertEqual(Membership.objects.get(nik=niks[1]).status, "non_aktif")
        self.assertEqual(Membership.objects.get(nik=niks[2]).programs, "JKK,JKM")

    def test_a_new_export_of_the_same_scope_replaces_the_old_and_keeps_it(self) -> None:
        nik = make_valid_nik()
        self.run_import(
            write_csv(self.tmp / "okt.csv", [member(nik)], header=HEADER), kind="memberships"
        )
        code, out = self.run_import(
            write_csv(self.tmp / "nov.csv", [member(nik, wage="3.000.000")], header=HEADER),
            kind="memberships",
        )
        self.assertEqual(out["updated"], 1)
        current = Membership.objects.get(nik=nik, is_current=True)
        self.assertEqual(current.reported_wage, 3_000_000)
        self.assertEqual(Membership.objects.filter(nik=nik, is_current=False).count(), 1)

    def test_other_scopes_stay_current(self) -> None:
        nik, other = make_valid_nik(), make_valid_nik()
        second = member(other)
        second[3] = "99999999"
        self.run_import(
            write_csv(self.tmp / "a.csv", [member(nik), second], header=HEADER), kind="memberships"
        )
        self.run_import(
            write_csv(self.tmp / "b.csv", [member(nik)], header=HEADER), kind="memberships"
        )
        self.assertTrue(Membership.objects.get(nik=other).is_current)

    def test_programs_in_one_column_and_bad_values(self) -> None:
        header = ["NIK", "Kepesertaan", "Program", "Status", "Terakhir Bayar"]
        niks = [make_valid_nik() for _ in range(2)]
        rows = [
            [niks[0], "BPU", "JKK, JKM", "Aktif", "10/2026"],
            [niks[1], "PU", "JKK,JKN", "Mungkin", "x"],
        ]
        code, out = self.run_import(
            write_csv(self.tmp / "bpu.csv", rows, header=header), kind="memberships"
        )
        self.assertEqual(code, 1)
        self.assertEqual(
            sorted(e["code"] for e in out["errors"]),
            ["month_format", "programs_unknown", "status_format"],
        )
        self.assertFalse(Membership.objects.exists())  # all or nothing


class MemberSinceInTheFutureTest(ImportCase):
    def test_a_registration_date_in_the_future_is_a_row_error(self) -> None:
        niks = [make_valid_nik() for _ in range(2)]
        rows = [member(niks[0]), member(niks[1])]
        rows[1][-1] = (today() + timedelta(days=1)).strftime("%d/%m/%Y")
        code, out = self.run_import(
            write_csv(self.tmp / "bpjs.csv", rows, header=HEADER), kind="memberships"
        )
        self.assertEqual(code, 1)
        self.assertEqual(
            [(e["row"], e["column"], e["code"], e["message"]) for e in out["errors"]],
            [(3, "Tgl Kepesertaan", "member_since_future",
              "Tanggal kepesertaan BPJS tidak boleh di masa depan.")],
        )  # fmt: skip
        self.assertFalse(Membership.objects.exists())
