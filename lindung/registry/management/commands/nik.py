import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindung.lib.nik import parse_nik


class Command(BaseCommand):
    help = "Periksa sebuah NIK: struktur, kode wilayah, tanggal lahir dan jenis kelamin."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("nik")
        parser.add_argument("--birth-date", help="YYYY-MM-DD, dibandingkan dengan NIK.")
        parser.add_argument("--sex", choices=["L", "P"], help="Dibandingkan dengan NIK.")
        parser.add_argument("--json", action="store_true", help="Cetak satu objek JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        birth = None
        if options["birth_date"]:
            try:
                birth = date.fromisoformat(options["birth_date"])
            except ValueError as exc:
                raise CommandError(
                    "--birth-date harus berformat YYYY-MM-DD.", returncode=2
                ) from exc
        result = parse_nik(options["nik"], birth_date=birth, sex=options["sex"])
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            self.stdout.write(f"NIK {result.nik}: {'valid' if result.valid else 'TIDAK valid'}")
            for line in result.errors:
                self.stdout.write(f"  galat: {line}")
            for line in result.warnings:
                self.stdout.write(f"  peringatan: {line}")
            if result.birth_date:
                self.stdout.write(f"  lahir {result.birth_date}, jenis kelamin {result.sex}")
        if not result.valid:
            raise SystemExit(1)
