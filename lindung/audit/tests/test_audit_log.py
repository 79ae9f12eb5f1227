"""The Pemda's audit log: changes, exports and NIK lookups, filtered, per role, exported."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from lindung.accounts.models import Role
from lindung.accounts.services import user_create
from lindung.audit import services as audit
from lindung.audit.models import AccessEvent
from lindung.lib.nik import mask_nik
from lindung.registry.models import NikLookup
from lindung.tests.base import BaseTestCase


class AuditLogTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.created, _password = user_create(
            by=cls.admin, pemda=cls.pemda, username="baru", role=Role.PIMPINAN
        )
        NikLookup.objects.create(user=cls.pimpinan, nik=cls.worker.person.nik, source="web")

    def entries(self, query: str = "") -> list[list[str]]:
        response = self.client.get(f"/audit/{query}")
        self.assertEqual(response.status_code, 200)
        return [[str(c) for c in e.__dict__.values()] for e in response.context["entries"]]

    def test_only_the_admin_pemda_and_superusers_read_the_log(self) -> None:
        for name, user in self.personas().items():
            expected = 200 if name in ("admin", "outsider", "root") else 403
            with self.subTest(persona=name):
                self.client.force_login(user)
                self.assertEqual(self.client.get("/audit/").status_code, expected)
                self.assertEqual(self.client.get("/audit/unduh.xlsx").status_code, expected)

    def test_the_log_shows_changes_exports_and_lookups_of_the_own_pemda_only(self) -> None:
        self.client.force_login(self.operator)
        self.client.get(f"/registri/opd/{self.opd.pk}/unduh.xlsx")
        event = AccessEvent.objects.get()
        self.assertEqual(
            (event.user, event.kind, event.opd, event.pemda),
            (self.operator, AccessEvent.Kind.WORKERS, self.opd, self.pemda),
        )
        self.client.force_login(self.admin)
        text = str(self.entries())
        self.assertIn("Pengguna baru dibuat", text)
        self.assertIn("OPD DLH dibuat", text)
        self.assertIn("akun dibuat", text)
        self.assertIn("Unduh daftar pekerja", text)
        self.assertIn("pekerja-DLH-", text)
        self.assertIn(self.worker.person.nik, text)  # the Pimpinan's lookup
        self.assertIn("Pencarian NIK", text)
        self.client.force_login(self.outsider)
        text = str(self.entries())
        self.assertNotIn("pekerja-DLH-", text)
        self.assertNotIn(self.worker.person.nik, text)
        self.assertNotIn("baru", text)

    def test_filters_by_kind_user_opd_and_dates(self) -> None:
        audit.record(self.bpjs, audit.Kind.ACTIONS, "aksi-dindik.xlsx", pemda_id=self.pemda.pk,
                     opd_id=self.other_opd.pk)  # fmt: skip
        audit.record(self.admin, audit.Kind.REPORT, "rakor.pdf", pemda_id=self.pemda.pk)
        self.client.force_login(self.admin)
        by_kind = self.entries("?kind=lookup")
        self.assertEqual([e[2] for e in by_kind], ["Pencarian NIK"])
        by_user = self.entries(f"?user={self.bpjs.pk}")
        self.assertEqual([e[3] for e in by_user], ["aksi-dindik.xlsx"])
        by_opd = {e[3] for e in self.entries(f"?opd={self.other_opd.pk}")}
        self.assertIn("aksi-dindik.xlsx", by_opd)
        self.assertNotIn("rakor.pdf", by_opd)
        self.assertTrue(any("Joko Susilo" in w for w in by_opd))  # the DINDIK engagement
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        self.assertEqual(self.entries(f"?since={tomorrow}"), [])
        today = timezone.localdate().isoformat()
        self.assertEqual(len(self.entries(f"?since={today}&until={today}&kind=report")), 1)
        response = self.client.get(f"/audit/?since={tomorrow}&until={today}")
        self.assertContains(response, "Tanggal akhir tidak boleh sebelum tanggal awal.")

    def test_the_log_pages_on_the_server(self) -> None:
        for i in range(60):
            audit.record(self.admin, audit.Kind.RECORDS, f"f{i}.xlsx", pemda_id=self.pemda.pk)
        self.client.force_login(self.admin)
        first = self.client.get("/audit/?kind=records")
        self.assertEqual(len(first.context["entries"]), 50)
        self.assertEqual(first.context["page"].paginator.count, 60)
        second = self.client.get("/audit/?kind=records&page=2")
        self.assertEqual(len(second.context["entries"]), 10)

    def test_the_export_is_a_workbook_of_the_filtered_log_and_is_itself_on_record(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/audit/unduh.xlsx?kind=lookup")
        self.assertEqual(response.status_code, 200)
        ws = load_workbook(BytesIO(response.content)).active
        rows = list(ws.iter_rows(values_only=True))
        self.assertEqual(rows[0][:4], ("Waktu", "Pengguna", "Jenis", "Apa"))
        self.assertEqual([r[3] for r in rows[1:]], [self.worker.person.nik])
        event = AccessEvent.objects.get(kind=AccessEvent.Kind.AUDIT)
        self.assertEqual(event.user, self.admin)
        self.assertEqual(self.client.get("/audit/unduh.xlsx?since=x").status_code, 400)


class PresentTest(BaseTestCase):
    def test_a_masked_reader_sees_no_whole_nik_and_no_names(self) -> None:
        NikLookup.objects.create(user=self.pimpinan, nik=self.worker.person.nik, source="web")
        from lindung.audit import queries

        rows = queries.entries(queries.Filters(pemda_id=self.pemda.pk))
        text = str(queries.present(rows, masked=True))
        self.assertNotIn(self.worker.person.nik, text)
        self.assertIn(mask_nik(self.worker.person.nik), text)
        self.assertNotIn("Siti Aminah", text)
        self.assertIn("Siti Aminah", str(queries.present(rows, masked=False)))
