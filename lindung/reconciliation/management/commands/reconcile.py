import json
import sys
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindung.lib.dates import today
from lindung.reconciliation import exports, queries, services
from lindung.reconciliation.models import Result, Run
from lindung.reconciliation.queries import run_payload
from lindung.reconciliation.rules import Category, Params
from lindung.registry.models import Opd, Pemda

COUNT_KEYS = [c.value for c in Category]


class Command(BaseCommand):
    help = (
        "Rekonsiliasi pekerja kota dengan data kepesertaan BPJS TK, atau unduh daftar "
        "tindak lanjut (`lindung reconcile export --run ID --list KATEGORI --out F.xlsx`)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", nargs="?", choices=["run", "export"], default="run")
        parser.add_argument("--pemda", help="Kode Kemendagri Pemda.")
        parser.add_argument("--as-of", help="Tanggal rekonsiliasi YYYY-MM-DD (default: hari ini).")
        parser.add_argument("--tolerance", type=int, default=Params.tolerance)
        parser.add_argument("--unpaid-months", type=int, default=Params.unpaid_months)
        parser.add_argument("--threshold", type=float, default=Params.threshold)
        parser.add_argument("--run", type=int, help="Nomor rekonsiliasi (untuk export).")
        parser.add_argument("--list", choices=COUNT_KEYS, help="Kategori daftar (export).")
        parser.add_argument("--opd", help="Kode OPD (export; default: seluruh kota).")
        parser.add_argument("--out", help="Berkas .xlsx tujuan (export).")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["action"] == "export":
            self._export(o)
            return
        if not o["pemda"]:
            raise CommandError("--pemda wajib diisi.", returncode=2)
        pemda = Pemda.objects.filter(code=o["pemda"]).first()
        if pemda is None:
            raise CommandError(f"Pemda {o['pemda']} tidak dikenal.", returncode=2)
        try:
            as_of = date.fromisoformat(o["as_of"]) if o["as_of"] else today()
        except ValueError:
            raise CommandError("--as-of harus berformat YYYY-MM-DD.", returncode=2) from None
        params = Params(o["tolerance"], o["unpaid_months"], o["threshold"])
        try:
            run = services.reconcile(pemda=pemda, as_of=as_of, user=None, params=params)
        except services.ReconcileError as exc:
            raise CommandError(exc.message, returncode=1) from None
        payload = run_payload(run)
        if o["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"Rekonsiliasi #{run.pk} {pemda.name} per {run.as_of}:")
        for category in Category:
            self.stdout.write(f"  {category.label}: {run.counts.get(category.value, 0)}")
        self.stdout.write(f"  ({run.stats.get('total_s')} dtk)")

    def _export(self, o: dict[str, Any]) -> None:
        if not (o["run"] and o["list"] and o["out"]):
            raise CommandError("export memerlukan --run, --list dan --out.", returncode=2)
        run = Run.objects.filter(pk=o["run"], status=Run.Status.DONE).first()
        if run is None:
            raise CommandError(f"Rekonsiliasi #{o['run']} tidak ada atau belum selesai.", 2)
        opd_id = None
        if o["opd"]:
            opd = Opd.objects.filter(pemda_id=run.pemda_id, code=o["opd"]).first()
            if opd is None:
                raise CommandError(f"OPD {o['opd']} tidak dikenal di Pemda ini.", returncode=2)
            opd_id = opd.pk
        qs = queries.records(Result.objects.filter(run=run), category=o["list"], opd_id=opd_id)
        _name, data = exports.action_list(run, qs, category=o["list"], masked=False)
        Path(o["out"]).write_bytes(data)
        count = qs.count()
        if o["json"]:
            self.stdout.write(json.dumps({"run": run.pk, "list": o["list"], "rows": count}))
        else:
            sys.stderr.write(f"{count} baris ditulis ke {o['out']}\n")
