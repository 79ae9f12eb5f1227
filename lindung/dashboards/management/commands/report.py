from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindung.dashboards import services
from lindung.dashboards.report import NoRun
from lindung.registry.models import Pemda


class Command(BaseCommand):
    help = (
        "Buat laporan rakor cakupan sebuah Pemda sebagai PDF atau XLSX "
        "(`lindung report rakor --pemda 3375 --out rakor.pdf`)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=["rakor"], help="Jenis laporan.")
        parser.add_argument("--pemda", required=True, help="Kode Kemendagri Pemda.")
        parser.add_argument("--out", required=True, help="Berkas tujuan: .pdf atau .xlsx.")

    def handle(self, *args: Any, **o: Any) -> None:
        out = Path(o["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("pdf", "xlsx"):
            raise CommandError("--out harus berakhiran .pdf atau .xlsx.", returncode=2)
        pemda = Pemda.objects.filter(code=o["pemda"]).first()
        if pemda is None:
            raise CommandError(f"Pemda {o['pemda']} tidak dikenal.", returncode=2)
        report = services.report_create(pemda=pemda, format=fmt, user=None)
        try:
            services.report_execute(report)
        except NoRun as exc:
            raise CommandError(str(exc), returncode=1) from None
        out.write_bytes(bytes(report.content or b""))
        self.stdout.write(
            f"Laporan rakor {pemda.code} {pemda.name}: {out} "
            f"(rekonsiliasi #{report.run_id}, {report.seconds:.1f} dtk)."
        )
