"""An import error never names an OPD the uploader cannot see (issue 15)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from lindung.imports.models import ImportRow
from lindung.imports.pipeline import check, create_batch
from lindung.tests.base import BaseTestCase


class OtherOpdNameTest(BaseTestCase):
    def message(self, user: object) -> str:
        other = self.other_worker.person  # active at Dinas Pendidikan
        batch = create_batch(
            pemda=self.pemda, kind="workers", original_name="dlh.csv", user=user,
            source=ContentFile(f"NIK;Nama;Gaji\n{other.nik};{other.name};2000000\n".encode(),
                               name="dlh.csv"),
            options={"opd_id": self.opd.pk},
        )  # fmt: skip
        check(batch)
        row = batch.rows.get(outcome=ImportRow.Outcome.ERROR)
        return " ".join(e["message"] for e in row.errors)

    def test_an_operator_is_told_another_opd_without_its_name(self) -> None:
        text = self.message(self.operator)
        self.assertIn("NIK masih aktif di OPD lain", text)
        self.assertNotIn("Dinas Pendidikan", text)

    def test_an_admin_who_reads_every_opd_sees_its_name(self) -> None:
        self.assertIn("NIK masih aktif di Dinas Pendidikan", self.message(self.admin))
