import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from lindung.rulebook.cli import add_benefit_arguments, run
from lindung.rulebook.services import current_ruleset


class Command(BaseCommand):
    help = "Hitung manfaat tunai: JKM, atau JKK bila meninggal karena kecelakaan kerja."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_benefit_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        status = run("benefit", options, current_ruleset(), self.stdout, self.stderr)
        if status:
            sys.exit(status)
