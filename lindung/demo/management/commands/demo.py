import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindung.demo.registry import build_demo
from lindung.registry.models import Pemda


class Command(BaseCommand):
    help = "Bangun kota demo sintetis yang deterministik (default: 3375 Kota Pekalongan)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--pemda", default="3375", help="Kode Kemendagri 4 digit.")
        parser.add_argument("--workers", type=int, default=4000, help="Jumlah pekerja non-ASN.")
        parser.add_argument("--seed", type=int, default=1, help="Benih acak (hasil sama).")
        parser.add_argument(
            "--businesses", type=int, default=400, help="Jumlah badan usaha (kepatuhan)."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Lewati bila basis data sudah berisi Pemda."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Pemda.objects.exists():
            self.stdout.write("Basis data sudah berisi data; demo tidak dimuat ulang.")
            return
        if not 1 <= options["workers"] <= 10_000_000:
            raise CommandError("--workers harus antara 1 dan 10.000.000.")
        started = time.monotonic()
        try:
            result = build_demo(
                code=options["pemda"], workers=options["workers"], seed=options["seed"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo {result.pemda.code} {result.pemda.name}: {result.opds} OPD, "
            f"{result.workers} pekerja ({result.ended} penugasan sudah berakhir) "
            f"dalam {time.monotonic() - started:.1f} dtk."
        )
        self._coverage_history(result.pemda, options["seed"])
        self._membership_snapshot(result.pemda, options["seed"])
        self._projects_and_cohorts(result.pemda, options["seed"])
        self._first_reconciliation(result.pemda)
        self._businesses(result.pemda, options["businesses"], options["seed"])

    def _businesses(self, pemda: Pemda, count: int, seed: int) -> None:
        from lindung.demo.compliance import build_compliance_demo

        done = build_compliance_demo(pemda=pemda, businesses=count, seed=seed)
        self.stdout.write(
            f"Badan usaha: {done.businesses}, NPP: {done.employers} ({done.pending_links} "
            f"tautan menunggu pemeriksaan), temuan kepatuhan: {done.findings}."
        )

    def _coverage_history(self, pemda: Pemda, seed: int) -> None:
        from lindung.demo.dashboards import build_history

        runs = build_history(pemda=pemda, months=5, seed=seed)
        self.stdout.write(f"Riwayat cakupan: {len(runs)} rekonsiliasi bulanan sebelumnya.")

    def _membership_snapshot(self, pemda: Pemda, seed: int) -> None:
        from lindung.demo.reconciliation import build_snapshot
        from lindung.lib.dates import today

        rows = build_snapshot(pemda=pemda, as_of=today(), seed=seed)
        self.stdout.write(f"Data kepesertaan BPJS TK (sintetis): {rows} baris.")

    def _first_reconciliation(self, pemda: Pemda) -> None:
        from lindung.lib.dates import today
        from lindung.reconciliation.services import reconcile

        run = reconcile(pemda=pemda, as_of=today(), user=None)
        self.stdout.write(
            f"Rekonsiliasi #{run.pk}: {run.covered} dari {run.workers} pekerja terlindungi."
        )

    def _projects_and_cohorts(self, pemda: Pemda, seed: int) -> None:
        from lindung.demo.cohorts import build_cohorts
        from lindung.demo.projects import build_projects
        from lindung.lib.dates import today

        projects = build_projects(pemda=pemda, today=today(), seed=seed)
        cohorts = build_cohorts(pemda=pemda, today=today(), seed=seed)
        self.stdout.write(
            f"Proyek konstruksi: {projects.projects} ({projects.registered} terdaftar); "
            f"panitia ad hoc: {cohorts.election_members}; pekerja informal: "
            f"{cohorts.informal_members}; kepesertaan kohort: {cohorts.memberships}."
        )
