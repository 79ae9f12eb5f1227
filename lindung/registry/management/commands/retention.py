from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lindung.lib.dates import today
from lindung.registry import retention
from lindung.registry.models import Pemda


class Command(BaseCommand):
    help = (
        "Retensi data pribadi (UU 27/2022): anonimkan orang yang tidak punya penugasan "
        "selama N bulan (NIK, nama, tanggal lahir, jenis kelamin, nomor HP)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--older-than-months", type=int, required=True, metavar="N")
        parser.add_argument("--pemda", default="", help="Kode Pemda; kosong: semua Pemda")
        parser.add_argument(
            "--dry-run", action="store_true", help="Hanya hitung; tidak ada yang diubah."
        )

    def handle(self, *args: Any, **o: Any) -> None:
        months = o["older_than_months"]
        if months < 1:
            raise CommandError("--older-than-months harus minimal 1.")
        pemda_id = None
        if o["pemda"]:
            pemda = Pemda.objects.filter(code=o["pemda"]).first()
            if pemda is None:
                raise CommandError(f"Pemda {o['pemda']} tidak ada.")
            pemda_id = pemda.pk
        people = retention.due(older_than_months=months, today=today(), pemda_id=pemda_id)
        if o["dry_run"]:
            self.stdout.write(
                f"{people.count()} orang akan dianonimkan (uji coba, tanpa perubahan)."
            )
            return
        with transaction.atomic():
            done = retention.anonymise(people, older_than_months=months)
            rows = retention.forget_everywhere(done)
        self.stdout.write(
            f"{len(done)} orang dianonimkan; {rows} baris hasil rekonsiliasi dan keputusan "
            "tinjauan diperbarui."
        )
