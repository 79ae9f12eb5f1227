"""A run whose worker died frees its Pemda; a run that crashes leaves no NIKs on disk."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.utils import timezone

from lindung.reconciliation import engine, services
from lindung.reconciliation.models import Run
from lindung.reconciliation.tests.scenario import AS_OF, Scenario
from lindung.tests.base import BaseTestCase


class RunLeaseTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        Scenario(cls.pemda, cls.opd, cls.other_opd, [cls.worker, cls.other_worker])

    def setUp(self) -> None:
        # A temporary folder of its own: parallel test processes number their runs alike.
        own = tempfile.mkdtemp(prefix="lease-test-")
        self.enterContext(mock.patch.object(tempfile, "tempdir", own))

    def leftovers(self, run: Run) -> list[Path]:
        return list(Path(tempfile.gettempdir()).glob(f"lindung-recon-{run.pk}-*"))

    def test_a_dead_run_is_failed_its_files_removed_and_a_new_run_starts(self) -> None:
        dead = services.run_create(pemda=self.pemda, as_of=AS_OF, user=None)
        leftover = Path(tempfile.mkdtemp(prefix=f"lindung-recon-{dead.pk}-"))
        (leftover / "eng.csv").write_text("3375010101900001")
        Run.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
        run = services.reconcile(pemda=self.pemda, as_of=AS_OF, user=None)
        self.assertEqual(run.status, Run.Status.DONE)
        dead.refresh_from_db()
        self.assertEqual(dead.status, Run.Status.FAILED)
        self.assertIn("proses latar belakang mati", dead.message)
        self.assertFalse(leftover.exists())
        self.assertIsNotNone(run.heartbeat_at)

    def test_a_live_run_still_holds_the_slot(self) -> None:
        services.run_create(pemda=self.pemda, as_of=AS_OF, user=None)
        with self.assertRaisesMessage(services.ReconcileError, "sedang berjalan"):
            services.run_create(pemda=self.pemda, as_of=AS_OF, user=None)

    def test_the_page_reads_a_dead_run_as_failed(self) -> None:
        dead = services.run_create(pemda=self.pemda, as_of=AS_OF, user=None)
        Run.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
        self.client.force_login(self.admin)
        body = self.client.get(f"/api/v1/reconciliation/runs/{dead.pk}").json()
        self.assertEqual(body["status"], "failed")

    def test_a_crash_in_the_engine_fails_the_run_and_removes_its_files(self) -> None:
        run = services.run_create(pemda=self.pemda, as_of=AS_OF, user=None)
        with (
            mock.patch.object(engine, "fuzzy_pass", side_effect=RuntimeError("boom")),
            self.assertRaises(RuntimeError),
            self.assertLogs("lindung.reconciliation.services", "ERROR"),
        ):
            services.run_execute(run)
        run.refresh_from_db()
        self.assertEqual(run.status, Run.Status.FAILED)
        self.assertEqual(self.leftovers(run), [])
        # The slot is free again at once.
        self.assertEqual(
            services.reconcile(pemda=self.pemda, as_of=AS_OF, user=None).status, Run.Status.DONE
        )
