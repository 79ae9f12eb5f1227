"""Cohort member lists through the import pipeline: CLI, page and API, real XLSX/CSV files."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError

from lindung.cohorts.importers import role_choice
from lindung.cohorts.models import ElectionMember, ElectionRole, InformalMember
from lindung.cohorts.tests.factories import make_election, make_informal, make_informal_member
from lindung.imports import access, pipeline
from lindung.imports.models import ImportBatch
from lindung.imports.tests.files import fill_template, write_csv, xlsx
from lindung.imports.tests.test_import_workers import ImportCase
from lindung.tests.factories import make_valid_nik

ELECTION_HEADER = ["No.", "NIK", "Nama Lengkap", "Jabatan dalam KPPS"]
INFORMAL_HEADER = ["No", "No. KTP", "Nama", "Penghasilan per Bulan"]


def election_rows(*roles: str) -> list[list[object]]:
    return [[i + 1, make_valid_nik(), f"Anggota {i + 1}", role] for i, role in enumerate(roles)]


def informal_rows(*incomes: object) -> list[list[object]]:
    return [[i + 1, make_valid_nik(), f"Nelayan {i + 1}", inc] for i, inc in enumerate(incomes)]


class CohortImportCase(ImportCase):
    def setUp(self) -> None:
        super().setUp()
        self.election = make_election(self.pemda)
        for role, honorarium in (("kpps", 1_100_000), ("pps", 1_300_000)):
            ElectionRole.objects.create(cohort=self.election, role=role, honorarium=honorarium)
        self.informal = make_informal(self.pemda)

    def cli(self, path: object, kind: str, cohort: int) -> tuple[int, dict[str, object]]:
        return self.run_import(path, "--cohort", str(cohort), kind=kind)


class ElectionMemberImportTest(CohortImportCase):
    def test_a_kpps_list_becomes_members_with_their_roles(self) -> None:
        rows = election_rows("Ketua KPPS", "anggota  kpps", "P P S", "Panitia Pemungutan Suara")
        path = xlsx(self.tmp / "kpps.xlsx", rows, header=ELECTION_HEADER)
        code, out = self.cli(path, "election_members", self.election.pk)
        self.assertEqual((code, out["status"], out["created"], out["errors"]),
                         (0, "committed", 4, []))  # fmt: skip
        roles = dict(ElectionMember.objects.values_list("nik", "role__role"))
        self.assertEqual([roles[r[1]] for r in rows], ["kpps", "kpps", "pps", "pps"])
        member = ElectionMember.objects.get(nik=rows[0][1])
        self.assertEqual(member.name, "Anggota 1")
        self.assertIn("Impor kpps.xlsx", member.history.first().history_change_reason)

    def test_an_unknown_role_is_a_row_error_naming_the_cohorts_roles(self) -> None:
        rows = election_rows("KPPS", "Juru Masak", "PPK")
        path = write_csv(self.tmp / "kpps.csv", rows, header=ELECTION_HEADER)
        code, out = self.cli(path, "election_members", self.election.pk)
        self.assertEqual(code, 1)
        errors = {e["row"]: e for e in out["errors"]}
        self.assertEqual(set(errors), {3, 4})
        self.assertEqual(errors[3]["code"], "role_unknown")
        self.assertIn("'Juru Masak' tidak dikenal", errors[3]["message"])
        self.assertIn("peran kohort ini: KPPS, PPS", errors[3]["message"])
        self.assertEqual(errors[4]["code"], "role_not_in_cohort")  # a role, not this cohort's
        self.assertFalse(ElectionMember.objects.exists())

    def test_reimporting_changes_nothing_and_a_new_role_is_an_update(self) -> None:
        rows = election_rows("KPPS", "PPS")
        path = xlsx(self.tmp / "kpps.xlsx", rows, header=ELECTION_HEADER)
        self.cli(path, "election_members", self.election.pk)
        history = ElectionMember.history.count()
        code, out = self.cli(path, "election_members", self.election.pk)
        self.assertEqual((code, out["created"], out["updated"], out["unchanged"]), (0, 0, 0, 2))
        self.assertEqual(ElectionMember.history.count(), history)
        rows[0][3] = "PPS"
        path = xlsx(self.tmp / "kpps2.xlsx", rows, header=ELECTION_HEADER)
        code, out = self.cli(path, "election_members", self.election.pk)
        self.assertEqual((code, out["updated"], out["unchanged"]), (0, 1, 1))
        self.assertEqual(ElectionMember.objects.get(nik=rows[0][1]).role.role, "pps")
        self.assertEqual(ElectionMember.history.count(), history + 1)

    def test_a_missing_or_foreign_cohort_is_refused_before_anything_is_written(self) -> None:
        path = write_csv(self.tmp / "kpps.csv", election_rows("KPPS"), header=ELECTION_HEADER)
        foreign = make_election(self.other_pemda)
        for args in ((), ("--cohort", str(foreign.pk)), ("--cohort", str(self.informal.pk + 99))):
            with self.subTest(args=args), self.assertRaises(CommandError) as caught:
                self.run_import(path, *args, kind="election_members")
            self.assertIn("ohort", str(caught.exception))
        self.assertFalse(ImportBatch.objects.exists())

    def test_role_text_is_matched_forgiving_case_spacing_and_position(self) -> None:
        cases = {"kpps": "kpps", "Anggota KPPS": "kpps", "Wakil Ketua PPK": "ppk",
                 "Panwaslu Kec.": "panwaslu_kec", "Panwascam": "panwaslu_kec",
                 "pengawas  TPS": "ptps", "PKD": "pkd", "Lainnya": "other",
                 "Satpam": None}  # fmt: skip
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(role_choice(text), expected)


class InformalMemberImportTest(CohortImportCase):
    def test_a_bpu_list_becomes_members_and_a_low_income_is_a_row_error(self) -> None:
        rows = informal_rows("Rp 1.500.000", 2_000_000, "Rp 900.000")
        path = xlsx(self.tmp / "nelayan.xlsx", rows, header=INFORMAL_HEADER)
        code, out = self.cli(path, "informal_members", self.informal.pk)
        self.assertEqual(code, 1)
        [error] = out["errors"]
        self.assertEqual((error["row"], error["code"]), (8, "income_below_minimum"))
        self.assertIn("Penghasilan paling rendah Rp1.000.000", error["message"])
        self.assertFalse(InformalMember.objects.exists())  # all or nothing
        code, out = self.run_import(
            path, "--cohort", str(self.informal.pk), "--valid-only", kind="informal_members"
        )
        self.assertEqual(out["created"], 2)
        self.assertEqual(
            dict(InformalMember.objects.values_list("nik", "declared_income")),
            {rows[0][1]: 1_500_000, rows[1][1]: 2_000_000},
        )

    def test_reimporting_the_same_file_changes_nothing(self) -> None:
        known = make_informal_member(self.informal, income=1_000_000, name="Nelayan 1")
        rows = informal_rows(1_000_000, 1_200_000)
        rows[0][1] = known.nik
        path = write_csv(self.tmp / "bpu.csv", rows, header=INFORMAL_HEADER)
        code, out = self.cli(path, "informal_members", self.informal.pk)
        self.assertEqual((code, out["created"], out["unchanged"]), (0, 1, 1))
        history = InformalMember.history.count()
        code, out = self.cli(path, "informal_members", self.informal.pk)
        self.assertEqual((code, out["created"], out["updated"], out["unchanged"]), (0, 0, 0, 2))
        self.assertEqual(InformalMember.history.count(), history)


class CohortImportWebTest(CohortImportCase):
    def upload(self, user: object, data: dict[str, object]) -> object:
        self.client.force_login(user)
        return self.client.post("/impor/", data)

    def test_the_cohort_page_links_to_the_import_with_kind_and_cohort_chosen(self) -> None:
        self.client.force_login(self.admin)
        page = self.client.get(f"/kohort/pemilu/{self.election.pk}/")
        link = f"/impor/?kind=election_members&amp;cohort={self.election.pk}"
        self.assertContains(page, link)
        self.assertContains(page, "Impor daftar anggota")
        form = self.client.get(link.replace("&amp;", "&")).context["form"]
        self.assertEqual(form["kind"].value(), "election_members")
        self.assertEqual(form["cohort"].value(), f"election_members:{self.election.pk}")
        page = self.client.get(f"/kohort/informal/{self.informal.pk}/")
        self.assertContains(page, f"/impor/?kind=informal_members&amp;cohort={self.informal.pk}")
        self.client.force_login(self.bpjs)  # reads cohorts, does not manage them
        self.assertNotContains(
            self.client.get(f"/kohort/pemilu/{self.election.pk}/"), "Impor daftar anggota"
        )

    def test_admin_uploads_both_kinds_and_commits(self) -> None:
        rows = election_rows("KPPS", "PPS")
        path = write_csv(self.tmp / "kpps.csv", rows, header=ELECTION_HEADER)
        with path.open("rb") as handle:
            response = self.upload(self.admin, {
                "kind": "election_members", "file": handle,
                "cohort": f"election_members:{self.election.pk}",
            })  # fmt: skip
        batch = ImportBatch.objects.latest("pk")
        self.assertRedirects(response, f"/impor/{batch.pk}/")
        self.assertEqual((batch.status, batch.counts["created"]), ("preview", 2))
        self.assertEqual(batch.options["cohort_id"], self.election.pk)
        self.assertIsNone(batch.options["opd_id"])
        self.client.post(f"/impor/{batch.pk}/simpan/", {})
        self.assertEqual(self.election.members.count(), 2)
        path = xlsx(self.tmp / "bpu.xlsx", informal_rows(1_500_000), header=INFORMAL_HEADER)
        with path.open("rb") as handle:  # a bare id, as in ?cohort=ID
            self.upload(self.admin, {"kind": "informal_members", "file": handle,
                                     "cohort": str(self.informal.pk)})  # fmt: skip
        batch = ImportBatch.objects.latest("pk")
        self.client.post(f"/impor/{batch.pk}/simpan/", {})
        self.assertEqual(self.informal.members.get().declared_income, 1_500_000)

    def test_a_missing_foreign_or_mismatched_cohort_is_a_form_error(self) -> None:
        foreign = make_election(self.other_pemda)
        path = write_csv(self.tmp / "kpps.csv", election_rows("KPPS"), header=ELECTION_HEADER)
        for cohort, message in (
            ("", "Pilih kohort tujuan"),
            (f"election_members:{foreign.pk}", "Kohort tidak ditemukan"),
            (str(foreign.pk), "Kohort tidak ditemukan"),
            (f"informal_members:{self.informal.pk}", "tidak sesuai dengan jenis data"),
        ):
            with self.subTest(cohort=cohort), path.open("rb") as handle:
                response = self.upload(
                    self.admin, {"kind": "election_members", "file": handle, "cohort": cohort}
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertFalse(ImportBatch.objects.exists())

    def test_other_roles_and_pemdas_cannot_import_or_see_member_lists(self) -> None:
        path = write_csv(self.tmp / "kpps.csv", election_rows("KPPS"), header=ELECTION_HEADER)
        batch = pipeline.create_batch(
            pemda=self.pemda, kind="election_members", source=path, original_name="kpps.csv",
            user=self.admin, options={"cohort_id": self.election.pk},
        )  # fmt: skip
        pipeline.check(batch)
        for persona in ("operator", "bpjs", "disnaker"):
            user = self.personas()[persona]
            with self.subTest(persona=persona), path.open("rb") as handle:
                self.assertNotIn("election_members", access.kinds_for_user(user))
                response = self.upload(user, {
                    "kind": "election_members", "file": handle,
                    "cohort": f"election_members:{self.election.pk}",
                })  # fmt: skip
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.client.get(f"/impor/{batch.pk}/").status_code, 404)
                self.assertEqual(
                    self.client.get("/impor/templat/election_members.xlsx").status_code, 404
                )
        for persona in ("pimpinan", "perizinan"):
            self.client.force_login(self.personas()[persona])
            self.assertEqual(self.client.get(f"/impor/{batch.pk}/").status_code, 403)
        # An admin of another Pemda sees neither the cohort nor its list.
        response = self.upload(self.outsider, {"kind": "election_members",
                                               "cohort": str(self.election.pk)})  # fmt: skip
        self.assertContains(response, "Kohort tidak ditemukan")
        self.assertEqual(self.client.get(f"/impor/{batch.pk}/").status_code, 404)
        self.assertEqual(ImportBatch.objects.count(), 1)
        self.client.force_login(self.admin)
        self.assertEqual(self.client.get(f"/impor/{batch.pk}/").status_code, 200)

    def test_a_batch_is_seen_only_with_its_cohort(self) -> None:
        path = write_csv(self.tmp / "kpps.csv", election_rows("KPPS"), header=ELECTION_HEADER)
        foreign = make_election(self.other_pemda)
        # A batch of this Pemda whose cohort is another Pemda's: no one but root sees it.
        batch = pipeline.create_batch(
            pemda=self.pemda, kind="election_members", source=path, original_name="kpps.csv",
            user=self.admin, options={"cohort_id": foreign.pk},
        )  # fmt: skip
        self.assertFalse(access.batches_for_user(self.admin).filter(pk=batch.pk).exists())
        self.assertTrue(access.batches_for_user(self.root).filter(pk=batch.pk).exists())
        result = pipeline.check(batch)  # and its rows are not written there either
        self.assertEqual(result.errors[0]["code"], "cohort_missing")

    def test_templates_import_as_they_are(self) -> None:
        self.client.force_login(self.admin)
        for kind, cohort in (("election_members", self.election),
                             ("informal_members", self.informal)):  # fmt: skip
            with self.subTest(kind=kind):
                response = self.client.get(f"/impor/templat/{kind}.xlsx")
                self.assertEqual(response.status_code, 200)
                # The example typed into the Data sheet: the example sheet is never read.
                path = fill_template(response.content, self.tmp / f"{kind}.xlsx")
                code, out = self.cli(path, kind, cohort.pk)
                self.assertEqual((code, out["created"]), (0, 1), out)


class CohortImportApiTest(CohortImportCase):
    def post(self, user: object, **data: object) -> object:
        content = write_csv(
            self.tmp / "bpu.csv", informal_rows(1_250_000), header=INFORMAL_HEADER
        ).read_bytes()
        return self.client.post(
            "/api/v1/imports",
            {"kind": "informal_members", "file": SimpleUploadedFile("bpu.csv", content), **data},
            **self.bearer(user),
        )

    def test_upload_with_a_cohort_and_commit(self) -> None:
        response = self.post(self.admin, cohort=str(self.informal.pk))
        self.assertEqual(response.status_code, 202, response.content)
        batch = response.json()["batch"]
        # Queued with the upload; checked once the request's transaction commits.
        status = self.client.get(f"/api/v1/imports/{batch}", **self.bearer(self.admin)).json()
        self.assertEqual((status["status"], status["created"]), ("preview", 1))
        done = self.client.post(
            f"/api/v1/imports/{batch}/commit", {"valid_only": False},
            content_type="application/json", **self.bearer(self.admin),
        )  # fmt: skip
        self.assertEqual(done.json()["status"], "queued")
        self.assertEqual(self.informal.members.count(), 1)

    def test_a_missing_or_foreign_cohort_and_other_roles_are_refused(self) -> None:
        foreign = make_informal(self.other_pemda)
        for cohort in ("", "abc", str(foreign.pk)):
            with self.subTest(cohort=cohort):
                response = self.post(self.admin, cohort=cohort)
                self.assertEqual(response.status_code, 422)
                self.assertIn("cohort", response.json()["fields"])
        self.assertEqual(self.post(self.outsider, cohort=str(self.informal.pk)).status_code, 422)
        self.assertEqual(self.post(self.bpjs, cohort=str(self.informal.pk)).status_code, 403)
        self.assertFalse(ImportBatch.objects.exists())
