from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lindung.registry.services import pemda_setup


class Command(BaseCommand):
    help = "Buat Pemda (tenant) dengan kode Kemendagri; aman dijalankan ulang."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--code", required=True, help="Kode Kemendagri, mis. 3375")
        parser.add_argument("--name", required=True, help='Nama, mis. "Kota Pekalongan"')

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pemda, created = pemda_setup(code=options["code"], name=options["name"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        verb = "dibuat" if created else "sudah ada"
        self.stdout.write(f"Pemda {pemda.code} {pemda.name} {verb}.")
