"""Project lists from the procurement office through the import pipeline (XLSX)."""

from __future__ import annotations

from datetime import date

from lindung.imports.tests.files import fill_template, xlsx
from lindung.imports.tests.test_import_workers import ImportCase
from lindung.projects.models import Project
from lindung.projects.tests.factories import make_payment, make_project

HEADER = [
    "No", "Nomor Kontrak", "Nama Paket Pekerjaan", "Satuan Kerja", "Nama Penyedia", "NIB",
    "Nilai Kontrak", "Tanggal SPK", "Tanggal Mulai", "Tanggal Selesai",
]  # fmt: skip


def row(number: str, **changes: object) -> list[object]:
    values = {
        "name": "Rehabilitasi Saluran Drainase Jl. Hayam Wuruk",
        "opd": "DLH",
        "contractor": "CV Karya Batik Konstruksi",
        "nib": "9120001234567",
        "value": "Rp 850.000.000",
        "spk": "21/03/2025",
        "start": "24/03/2025",
        "end": "30/09/2025",
        **changes,
    }
    return [1, number, values["name"], values["opd"], values["contractor"], values["nib"],
            values["value"], values["spk"], values["start"], values["end"]]  # fmt: skip


class ProjectImportTest(ImportCase):
    def test_a_procurement_list_becomes_projects(self) -> None:
        dindik = row("027/DINDIK/SPK/04/2025", opd="Dinas Pendidikan", value=1_200_000_000)
        rows = [row("027/DLH/SPK/03/2025"), dindik]
        code, out = self.run_import(xlsx(self.tmp / "lpse.xlsx", rows, header=HEADER),
                                    kind="projects")  # fmt: skip
        self.assertEqual((code, out["created"], out["errors"]), (0, 2, []))
        project = Project.objects.get(contract_number="027/DLH/SPK/03/2025")
        self.assertEqual(
            (project.opd, project.contract_value, project.spk_date, project.end_date),
            (self.opd, 850_000_000, date(2025, 3, 21), date(2025, 9, 30)),
        )
        self.assertEqual(Project.objects.get(contract_number__contains="DINDIK").opd,
                         self.other_opd)  # fmt: skip

    def test_bad_rows_are_row_errors_and_nothing_is_written(self) -> None:
        rows = [
            row("A-1"),
            row("A-2", value="0"),
            row("A-3", spk="01/10/2025"),
            row("A-4", opd="Dinas Antah Berantah"),
            row("A-1"),
        ]
        code, out = self.run_import(xlsx(self.tmp / "bad.xlsx", rows, header=HEADER),
                                    kind="projects")  # fmt: skip
        self.assertEqual(code, 1)
        messages = {(e["row"], e["message"]) for e in out["errors"]}
        header_row = 5  # three title rows, the header on row 4, a blank row
        self.assertIn((header_row + 2, "Nilai kontrak harus lebih dari Rp0."), messages)
        self.assertIn(
            (header_row + 3, "Tanggal SPK tidak boleh sesudah tanggal selesai."), messages
        )
        self.assertTrue(any("tidak dikenal" in m for r, m in messages if r == header_row + 4))
        self.assertTrue(any("sama dengan baris" in m for r, m in messages if r == header_row + 5))
        self.assertFalse(Project.objects.exists())

    def test_reimport_updates_by_contract_number_and_keeps_payments(self) -> None:
        project = make_project(self.opd, contract_number="A-1", registration_number="JK-1",
                               registered_on=date(2025, 4, 1))  # fmt: skip
        make_payment(project, 762_500)
        path = xlsx(self.tmp / "again.xlsx", [row("A-1", value="900.000.000")], header=HEADER)
        code, out = self.run_import(path, kind="projects")
        self.assertEqual((code, out["updated"], out["created"]), (0, 1, 0))
        project.refresh_from_db()
        self.assertEqual(project.contract_value, 900_000_000)
        self.assertEqual(project.registration_number, "JK-1")
        self.assertEqual(project.payments.count(), 1)
        code, out = self.run_import(path, kind="projects")
        self.assertEqual(out["unchanged"], 1)


class ProjectTemplateTest(ImportCase):
    def test_admin_downloads_a_template_that_imports_as_is(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/impor/templat/projects.xlsx")
        self.assertEqual(response.status_code, 200)
        # The example, typed into the Data sheet (the example sheet itself is never read).
        path = fill_template(response.content, self.tmp / "templat.xlsx")
        self.opd.code = "DPUPR"  # the template's example row names DPUPR
        self.opd.save()
        code, out = self.run_import(path, kind="projects")
        self.assertEqual((code, out["created"]), (0, 1), out)
        self.client.force_login(self.operator)
        self.assertEqual(self.client.get("/impor/templat/projects.xlsx").status_code, 404)
