"""Jobs that crash or die never leave a batch running for good; refused files are not kept."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import IntegrityError
from django.test import override_settings
from django.utils import timezone

from lindung.imports import control, leases, pipeline, services
from lindung.imports.models import ImportBatch, ImportRow
from lindung.imports.tests.files import worker_rows, write_csv
from lindung.imports.workers import WorkerPlanner
from lindung.registry.models import Person
from lindung.tests.base import BaseTestCase

LONG_AGO = timedelta(hours=1)


class LeaseTest(BaseTestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())

    def checked(self, n: int = 2) -> tuple[ImportBatch, list[list[object]]]:
        rows = worker_rows(n)
        batch = services.batch_upload(
            user=self.admin, pemda=self.pemda, kind="workers", opd=self.opd,
            source=write_csv(self.tmp / f"dlh{n}.csv", rows), original_name="dlh.csv",
            queue=False,
        )  # fmt: skip
        pipeline.check(batch)
        batch.refresh_from_db()
        self.assertEqual(batch.status, "preview", batch.message)
        return batch, rows

    def die(self, batch: ImportBatch, status: str) -> None:
        """What a worker killed mid-job leaves behind: running, silent for an hour."""
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=status, heartbeat_at=timezone.now() - LONG_AGO, worker="gone:1"
        )
        batch.refresh_from_db()

    def test_a_dead_commit_frees_its_scope_and_a_retry_succeeds(self) -> None:
        dead, _rows = self.checked(2)
        self.die(dead, "committing")
        batch, rows = self.checked(3)
        result = pipeline.commit(batch)  # asks whether another commit of the OPD runs
        self.assertEqual(result.status, "committed", result.message)
        dead.refresh_from_db()
        self.assertEqual(dead.status, "preview")
        self.assertIn("proses latar belakang mati", dead.message)
        self.assertEqual(pipeline.commit(dead).status, "committed")
        self.assertTrue(Person.objects.filter(nik=rows[0][2]).exists())

    def test_a_live_commit_still_blocks_its_scope(self) -> None:
        busy, _rows = self.checked(2)
        ImportBatch.objects.filter(pk=busy.pk).update(
            status="committing", heartbeat_at=timezone.now() - LONG_AGO
        )
        # Its row is old (the transaction hides later beats) but its control file is fresh.
        control.write_progress(busy.pk, stage="commit", done=2000, total=9000)
        batch, _rows = self.checked(3)
        with self.assertRaisesMessage(pipeline.CommitRefused, "sedang disimpan"):
            pipeline.commit(batch)
        busy.refresh_from_db()
        self.assertEqual(busy.status, "committing")

    def test_the_sweep_fails_a_dead_check_and_leaves_live_ones(self) -> None:
        dead, _rows = self.checked(2)
        self.die(dead, "checking")
        live, _rows = self.checked(3)
        ImportBatch.objects.filter(pk=live.pk).update(
            status="checking", heartbeat_at=timezone.now()
        )
        out = StringIO()
        call_command("imports", "sweep", "--json", stdout=out)
        self.assertEqual(out.getvalue().strip(), '{"imports": 1, "runs": 0}')
        dead.refresh_from_db()
        live.refresh_from_db()
        self.assertEqual((dead.status, live.status), ("failed", "checking"))
        self.assertIn("Unggah berkasnya lagi", dead.message)
        self.assertFalse(ImportRow.objects.filter(batch=dead).exists())

    def test_the_page_and_the_api_settle_a_dead_batch_when_they_read_it(self) -> None:
        batch, _rows = self.checked(2)
        self.die(batch, "committing")
        self.client.force_login(self.admin)
        status = self.client.get(f"/impor/{batch.pk}/status.json").json()
        self.assertEqual((status["status"], status["running"]), ("preview", False))
        self.die(batch, "checking")
        self.assertEqual(self.client.get(f"/api/v1/imports/{batch.pk}").json()["status"], "failed")

    @override_settings(JOB_STALE_SECONDS=600)
    def test_cancel_always_works_on_a_dead_batch(self) -> None:
        batch, _rows = self.checked(2)
        self.die(batch, "checking")
        self.assertEqual(services.batch_cancel(batch=batch), "cancelled")
        batch.refresh_from_db()
        self.assertEqual(batch.status, "cancelled")
        other, _rows = self.checked(3)
        self.die(other, "committing")
        self.assertEqual(services.batch_cancel(batch=other), "cancelled")
        other.refresh_from_db()
        self.assertEqual(other.status, "preview")

    def test_a_check_that_crashes_ends_failed(self) -> None:
        rows = worker_rows(2)
        with mock.patch.object(WorkerPlanner, "plan", side_effect=RuntimeError("boom")):
            batch = services.batch_upload(
                user=self.admin, pemda=self.pemda, kind="workers", opd=self.opd,
                source=write_csv(self.tmp / "x.csv", rows), original_name="x.csv",
            )  # fmt: skip  # queued, runs inline on commit of the test's transaction
            self.captureOnCommitCallbacks(execute=True)
            pipeline.check(batch)
        batch.refresh_from_db()
        self.assertEqual(batch.status, "failed")
        self.assertEqual(batch.message, pipeline.CHECK_CRASHED)

    def test_a_commit_that_crashes_returns_to_preview_with_nothing_written(self) -> None:
        batch, rows = self.checked(2)

        def plan(self: WorkerPlanner, drafts: list[object], *, apply: bool) -> None:
            if apply:
                raise MemoryError
            return original(self, drafts, apply=apply)

        original = WorkerPlanner.plan
        with (
            mock.patch.object(WorkerPlanner, "plan", plan),
            self.assertLogs("lindung.imports.pipeline", "ERROR"),
        ):
            with self.captureOnCommitCallbacks(execute=True):
                services.batch_commit(batch=batch)
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.message), ("preview", pipeline.COMMIT_CRASHED))
        self.assertFalse(Person.objects.filter(nik=rows[0][2]).exists())
        self.assertEqual(pipeline.commit(batch).status, "committed")

    def test_a_nik_taken_by_another_commit_meanwhile_is_a_row_error_not_a_crash(self) -> None:
        batch, rows = self.checked(2)
        # Another import's commit inserted one of these NIKs after this one looked them up:
        # the database's unique key refuses the insert.
        taken = IntegrityError("UNIQUE constraint failed: person_unique_nik_per_pemda")
        with mock.patch("lindung.imports.workers.services.workers_bulk_add", side_effect=taken):
            result = pipeline.commit(batch)
        self.assertEqual(result.status, "preview")
        self.assertIn("NIK ini baru saja didaftarkan oleh impor lain", result.message)
        self.assertFalse(Person.objects.filter(nik=rows[1][2]).exists())  # all or nothing

    def test_an_integrity_error_anywhere_in_a_commit_rolls_it_back(self) -> None:
        batch, _rows = self.checked(2)
        with mock.patch.object(WorkerPlanner, "finish", side_effect=IntegrityError("dup")):
            result = pipeline.commit(batch)
        self.assertEqual(result.status, "preview")
        self.assertIn("baru saja diubah oleh proses lain", result.message)

    def settle_meanwhile(self, batch: ImportBatch, status: str) -> None:
        """What the sweep of another process does to a job it wrongly takes for dead."""
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=status, message=leases.COMMIT_DIED, worker="sweeper:2"
        )

    def test_a_check_taken_for_dead_does_not_overwrite_the_verdict(self) -> None:
        batch = services.batch_upload(
            user=self.admin, pemda=self.pemda, kind="workers", opd=self.opd,
            source=write_csv(self.tmp / "slow.csv", worker_rows(2)), original_name="slow.csv",
            queue=False,
        )  # fmt: skip

        def progress(stage: str, done: int, total: int) -> None:
            self.settle_meanwhile(batch, "failed")

        pipeline.check(batch, progress=progress)
        batch.refresh_from_db()
        self.assertEqual((batch.status, batch.worker), ("failed", "sweeper:2"))

    def test_a_commit_taken_for_dead_writes_nothing(self) -> None:
        batch, rows = self.checked(2)

        def progress(stage: str, done: int, total: int) -> None:
            # Inside the commit's transaction: only the lease check at its end can see it.
            self.settle_meanwhile(batch, "preview")

        with mock.patch.object(leases, "hold", wraps=leases.hold) as hold:
            result = pipeline.commit(batch, progress=progress)
        self.assertEqual(hold.call_count, 1)
        self.assertNotEqual(result.status, "committed")
        self.assertFalse(Person.objects.filter(nik=rows[0][2]).exists())

    def test_every_job_takes_a_lease(self) -> None:
        batch, _rows = self.checked(2)
        self.assertIsNotNone(batch.heartbeat_at)
        self.assertIn(":", batch.worker)
        self.assertFalse(leases.is_dead(batch))


class RefusedFileTest(BaseTestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())

    @override_settings(IMPORT_MAX_BYTES=1000)
    def test_the_api_refuses_a_large_upload_before_storing_it(self) -> None:
        path = write_csv(self.tmp / "besar.csv", worker_rows(50))
        self.client.force_login(self.admin)
        with path.open("rb") as handle:
            response = self.client.post(
                "/api/v1/imports", {"kind": "workers", "file": handle, "opd": self.opd.code}
            )
        self.assertEqual(response.status_code, 422, response.content)
        message = response.json()["fields"]["file"][0]
        self.assertIn("administrator server", message)
        self.assertNotIn("simpan sebagai CSV", message)  # it is a CSV already
        self.assertFalse(ImportBatch.objects.exists())

    @override_settings(IMPORT_MAX_BYTES=1000)
    def test_a_refused_file_is_not_kept_and_the_cli_names_the_setting(self) -> None:
        batch = services.batch_upload(
            user=None, pemda=self.pemda, kind="workers", opd=self.opd,
            source=write_csv(self.tmp / "besar.csv", worker_rows(50)), original_name="b.csv",
            queue=False,
        )  # fmt: skip
        stored = Path(batch.file.path)
        self.assertTrue(stored.exists())
        result = pipeline.check(batch)
        self.assertEqual(result.status, "failed")
        self.assertIn("IMPORT_MAX_BYTES", result.message)
        self.assertFalse(stored.exists())

    def test_an_unreadable_file_is_kept_for_a_new_mapping(self) -> None:
        header = ["No.", "Nama", "Gaji"]
        path = write_csv(self.tmp / "tanpa-nik.csv", [[1, "Budi", 2000000]], header=header)
        batch = services.batch_upload(
            user=None, pemda=self.pemda, kind="workers", opd=self.opd, source=path,
            original_name="t.csv", queue=False,
        )  # fmt: skip
        self.assertEqual(pipeline.check(batch).status, "failed")
        self.assertTrue(Path(batch.file.path).exists())
