"""Pages, API and CLI of the reconciliation, through HTTP and the command line."""

from __future__ import annotations

import io
import json
from io import BytesIO
from pathlib import Path
from tempfile import TemporaryDirectory

from django.core.management import call_command
from openpyxl import load_workbook

from lindung.bpjs.models import Employer
from lindung.reconciliation import services
from lindung.reconciliation.models import Candidate, MatchDecision, Run
from lindung.reconciliation.rules import Category
from lindung.reconciliation.tests.scenario import AS_OF, DINDIK_NPP, Scenario
from lindung.tests.base import BaseTestCase


class ReconciliationWebTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.s = Scenario(cls.pemda, cls.opd, cls.other_opd, [cls.worker, cls.other_worker])

    def start(self) -> Run:
        self.client.force_login(self.bpjs)
        response = self.client.post("/rekonsiliasi/", {"as_of": AS_OF.isoformat()})
        run = Run.objects.get()
        self.assertRedirects(response, f"/rekonsiliasi/{run.pk}/")
        return run

    def test_officer_starts_a_run_from_the_page(self) -> None:
        run = self.start()
        self.assertEqual(run.status, Run.Status.DONE)
        self.assertEqual(run.created_by, self.bpjs)
        page = self.client.get(f"/rekonsiliasi/{run.pk}/").content.decode()
        self.assertIn(f'?kategori=not_registered">{run.counts["not_registered"]}<', page)

    def test_page_refuses_a_future_date_with_a_message(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post("/rekonsiliasi/", {"as_of": "2100-01-01"})
        self.assertContains(response, "tidak boleh di masa depan")
        self.assertFalse(Run.objects.exists())

    def test_operator_sees_only_their_opd(self) -> None:
        run = self.start()
        self.client.force_login(self.operator)
        response = self.client.get(f"/rekonsiliasi/{run.pk}/")
        shown = response.context["figures"]
        dlh = next(e for e in run.by_opd if e["opd_id"] == self.opd.pk)
        self.assertEqual(shown.workers, dlh["workers"])
        self.assertEqual([e["opd_id"] for e in shown.by_opd], [self.opd.pk])
        listed = self.client.get(f"/rekonsiliasi/{run.pk}/daftar/?kategori=other_employer")
        self.assertEqual(listed.context["page"].paginator.count, dlh["other_employer"])
        # The run list and the API's list of runs: the same OPD-only figures.
        self.assertNotEqual({c.value: dlh[c.value] for c in Category}, run.counts)
        rows = self.client.get("/rekonsiliasi/").context["rows"]
        self.assertEqual([(c.value, n) for c, n, _d in rows[0][1]],
                         [(c.value, dlh[c.value]) for c in Category])  # fmt: skip
        api = self.client.get("/api/v1/reconciliation/runs", **self.bearer(self.operator))
        self.assertEqual(api.json()[0]["counts"], {c.value: dlh[c.value] for c in Category})
        # A second run over the same data: no change in the Operator's figures either.
        services.reconcile(pemda=self.pemda, as_of=AS_OF, user=None)
        rows = self.client.get("/rekonsiliasi/").context["rows"]
        self.assertEqual([(n, d) for _c, n, d in rows[0][1]],
                         [(dlh[c.value], 0) for c in Category])  # fmt: skip

    def test_pimpinan_export_is_masked_and_list_to_register_in_upload_layout(self) -> None:
        run = self.start()
        self.client.force_login(self.admin)
        response = self.client.get(f"/rekonsiliasi/{run.pk}/daftar.xlsx?kategori=not_registered")
        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("NIK", "NAMA LENGKAP", "TGL LAHIR (DD-MM-YYYY)"))
        self.assertEqual(len(rows) - 1, run.counts["not_registered"])
        self.assertIn(self.s.missing.person.nik, {r[0] for r in rows})
        self.client.force_login(self.pimpinan)
        response = self.client.get(f"/rekonsiliasi/{run.pk}/daftar.xlsx?kategori=not_registered")
        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
        self.assertNotIn(self.s.missing.person.nik, {r[0] for r in rows})
        self.assertTrue(all("*" in r[0] for r in rows[1:]))

    def test_review_decision_is_recorded_with_who(self) -> None:
        run = self.start()
        candidate = Candidate.objects.filter(run=run).first()
        self.client.force_login(self.operator)
        self.assertEqual(
            self.client.post(
                f"/rekonsiliasi/tinjau/{candidate.pk}/", {"decision": "accept"}
            ).status_code,
            403,
        )
        self.client.force_login(self.bpjs)
        response = self.client.post(
            f"/rekonsiliasi/tinjau/{candidate.pk}/", {"decision": "accept"}
        )
        self.assertRedirects(response, "/rekonsiliasi/tinjau/")
        decision = MatchDecision.objects.get()
        self.assertEqual((decision.accepted, decision.decided_by), (True, self.bpjs))
        queue = self.client.get("/rekonsiliasi/tinjau/")
        self.assertEqual(queue.context["total"], 3)

    def test_unknown_link_and_candidate_are_not_found(self) -> None:
        self.client.force_login(self.admin)
        self.assertEqual(self.client.post("/bpjs/tautan/99999/?jenis=opd").status_code, 404)
        self.assertEqual(self.client.post("/rekonsiliasi/tinjau/99999/").status_code, 404)

    def test_run_list_shows_a_running_run_without_deltas(self) -> None:
        self.start()
        running = services.run_create(pemda=self.pemda, as_of=AS_OF, user=self.bpjs)
        self.client.force_login(self.admin)
        rows = self.client.get("/rekonsiliasi/").context["rows"]
        self.assertEqual(rows[0][0], running)
        self.assertEqual({d for _c, _n, d in rows[0][1]}, {0})

    def test_admin_confirms_a_proposed_link(self) -> None:
        self.start()
        link = Employer.objects.get(npp=DINDIK_NPP)
        self.client.force_login(self.bpjs)
        url = f"/bpjs/tautan/{link.pk}/"
        form = {"jenis": "opd", "decision": "confirm", "opd": self.other_opd.pk}
        self.assertEqual(self.client.post(url, form).status_code, 403)
        self.client.force_login(self.admin)
        # The old page of NPP-OPD links opens the queue of OPD links.
        self.assertRedirects(self.client.get("/rekonsiliasi/tautan/"), "/bpjs/tautan/?jenis=opd")
        self.assertEqual(self.client.get("/bpjs/tautan/?jenis=opd").context["page"][0], link)
        self.client.post(url, {**form, "opd": self.foreign_opd.pk})  # not this Pemda's: refused
        link.refresh_from_db()
        self.assertEqual(link.link, "proposed")
        self.assertRedirects(self.client.post(url, form), "/bpjs/tautan/?jenis=opd")
        link.refresh_from_db()
        self.assertEqual((link.link, link.linked_by), ("confirmed", self.admin))

    def test_api_run_and_records_count_equals_the_figure(self) -> None:
        headers = self.bearer(self.bpjs)
        response = self.client.post(
            "/api/v1/reconciliation/runs", {"as_of": AS_OF.isoformat()},
            content_type="application/json", **headers,
        )  # fmt: skip
        self.assertEqual(response.status_code, 202, response.content)
        # The run executes after the request commits; a client polls it as the docs say.
        body = self.client.get(
            f"/api/v1/reconciliation/runs/{response.json()['run']}", **headers
        ).json()
        self.assertEqual(body["status"], "done")
        self.assertTrue(body["counts"])
        for category, n in body["counts"].items():
            listed = self.client.get(
                f"/api/v1/reconciliation/runs/{body['run']}/records?category={category}",
                **headers,
            ).json()
            self.assertEqual(listed["count"], n, category)
        bad = self.client.get(
            f"/api/v1/reconciliation/runs/{body['run']}/records?category=nope", **headers
        )
        self.assertEqual(bad.status_code, 422)
        self.assertIn("category", bad.json()["fields"])

    def test_api_refuses_a_run_without_snapshot_in_the_error_shape(self) -> None:
        services.reconcile(pemda=self.pemda, as_of=AS_OF, user=None)
        response = self.client.post(
            "/api/v1/reconciliation/runs", {"as_of": "2100-01-01"},
            content_type="application/json", **self.bearer(self.admin),
        )  # fmt: skip
        self.assertEqual(response.status_code, 422)
        self.assertIn("masa depan", response.json()["fields"]["as_of"][0])

    def test_cli_prints_counts_and_exports_a_list(self) -> None:
        out = io.StringIO()
        call_command("reconcile", "--pemda", "3375", "--as-of", AS_OF.isoformat(), "--json",
                     stdout=out)  # fmt: skip
        payload = json.loads(out.getvalue())
        categories = [c.value for c in Category]
        self.assertEqual(list(payload["counts"]), categories)
        self.assertEqual(payload["counts"], dict.fromkeys(categories, 0) | self.s.counts())
        dlh = next(e for e in payload["by_opd"] if e["opd_code"] == "DLH")
        self.assertEqual(
            dlh["workers"],
            sum(dlh[k] for k in payload["counts"] if k != "unknown_to_city"),
        )
        with TemporaryDirectory() as tmp:
            target = Path(tmp) / "daftar.xlsx"
            args = ["export", "--run", str(payload["run"]), "--list", "not_registered"]
            call_command("reconcile", *args, "--out", str(target), stdout=io.StringIO())
            rows = list(load_workbook(target).active.iter_rows(values_only=True))
        self.assertEqual(len(rows) - 1, payload["counts"]["not_registered"])
