from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from lindung.rulebook import engine
from lindung.rulebook.management.commands._quoting import emit, fail
from lindung.rulebook.services import current_ruleset


class Command(BaseCommand):
    # A quote must answer fast (under 300 ms); the full system checks import every view.
    requires_system_checks: list[str] = []
    help = "Hitung iuran satu pekerja-bulan: PU, BPU, atau proyek jasa konstruksi (Jakon)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="segment", required=True)
        pu = sub.add_parser("pu", help="Penerima Upah")
        pu.add_argument("--wage", type=int, required=True, help="Upah per bulan (Rp)")
        pu.add_argument("--risk-group", type=int, default=1, help="Kelompok risiko JKK 1..5")
        pu.add_argument("--programs", default=",".join(engine.DEFAULT_PU))
        pu.add_argument("--sector", help="Sektor usaha: " + ", ".join(engine.SECTORS))
        pu.add_argument("--workers", type=int, help="Jumlah pekerja pemberi kerja")
        bpu = sub.add_parser("bpu", help="Bukan Penerima Upah")
        bpu.add_argument("--income", type=int, required=True, help="Penghasilan per bulan (Rp)")
        bpu.add_argument("--programs", default=",".join(engine.DEFAULT_BPU))
        bpu.add_argument("--sector", help="Sektor: " + ", ".join(engine.SECTORS))
        bpu.add_argument("--funding", default="self", help="self, apbd, apbn, csr, village")
        jakon = sub.add_parser("jakon", help="Proyek jasa konstruksi")
        jakon.add_argument("--contract-value", type=int, help="Nilai kontrak tanpa PPN (Rp)")
        jakon.add_argument(
            "--wages", type=int, help="Total upah pekerja per bulan, bila diketahui"
        )
        for p in (pu, bpu, jakon):
            p.add_argument("--month", required=True, help="Bulan iuran YYYY-MM")
            p.add_argument("--json", action="store_true", help="Cetak satu objek JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = engine.run_quote(current_ruleset(), options["segment"], options)
        except engine.QuoteError as exc:
            fail(self, exc, options["json"])
            return
        emit(self, result, options["json"])
