from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from lindung.rulebook.models import RuleValue
from lindung.rulebook.services import rules_sync


class Command(BaseCommand):
    help = "Tabel aturan: muat baris baru dari data/rules.csv (sync) atau tampilkan (list)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sync = sub.add_parser("sync", help="Tambahkan baris baru dari berkas aturan.")
        sync.add_argument(
            "--overwrite", action="store_true", help="Timpa juga baris yang diubah admin."
        )
        listing = sub.add_parser("list", help="Tampilkan baris aturan.")
        listing.add_argument("--key", default="", help="Awalan kunci, mis. pu.jp")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["action"] == "sync":
            report = rules_sync(overwrite=o["overwrite"])
            self.stdout.write(f"{report.created} baris baru, {report.updated} diperbarui.")
            for text in report.differing:
                self.stdout.write(f"  berbeda dari berkas (dibiarkan): {text}")
            return
        for row in RuleValue.objects.filter(key__startswith=o["key"]):
            until = f"{row.valid_to:%Y-%m-%d}" if row.valid_to else "..."
            self.stdout.write(
                f"{row.key:<34} {row.qualifier:<10} {row.value:>14} {row.unit:<8} "
                f"{row.valid_from:%Y-%m-%d}..{until:<10} {row.legal_basis} [{row.confidence}]"
            )
