from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from lindung.rulebook import engine
from lindung.rulebook.management.commands._quoting import emit, fail
from lindung.rulebook.services import current_ruleset


class Command(BaseCommand):
    # A quote must answer fast (under 300 ms); the full system checks import every view.
    requires_system_checks: list[str] = []
    help = "Hitung manfaat tunai: JKM, atau JKK bila meninggal karena kecelakaan kerja."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="benefit", required=True)
        jkm = sub.add_parser("jkm", help="Jaminan Kematian")
        death = sub.add_parser("jkk-death", help="JKK: meninggal karena kecelakaan kerja")
        death.add_argument("--wage", type=int, required=True, help="Upah per bulan (Rp)")
        for p in (jkm, death):
            p.add_argument("--month", required=True, help="Bulan kejadian YYYY-MM")
            p.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = engine.run_benefit(current_ruleset(), options["benefit"], options)
        except engine.QuoteError as exc:
            fail(self, exc, options["json"])
            return
        emit(self, result, options["json"])
