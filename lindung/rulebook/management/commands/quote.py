import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from lindung.rulebook.cli import add_quote_arguments, run
from lindung.rulebook.services import current_ruleset


class Command(BaseCommand):
    help = "Hitung iuran satu pekerja-bulan: PU, BPU, atau proyek jasa konstruksi (Jakon)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_quote_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        status = run("quote", options, current_ruleset(), self.stdout, self.stderr)
        if status:
            sys.exit(status)
