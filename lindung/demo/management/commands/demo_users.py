from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.registry.models import Opd, Pemda

# One account per role for the demo city; passwords are printed because they are demo-only.
DEMO_USERS = [
    ("admin", "", None),
    ("admin_pemda", Role.ADMIN_PEMDA, None),
    ("operator_dlh", Role.OPERATOR_OPD, ["DLH"]),
    ("petugas_bpjs", Role.PETUGAS_BPJS, None),
    ("disnaker", Role.DISNAKER, None),
    ("perizinan", Role.PERIZINAN, None),
    ("pimpinan", Role.PIMPINAN, None),
]


class Command(BaseCommand):
    help = "Buat satu akun demo per peran untuk Pemda demo dan cetak kata sandinya."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--pemda", default="3375")

    def handle(self, *args: Any, **options: Any) -> None:
        pemda = Pemda.objects.filter(code=options["pemda"]).first()
        if pemda is None:
            raise CommandError(
                f"Pemda {options['pemda']} belum ada; jalankan `lindung demo` dulu."
            )
        self.stdout.write("Akun demo (nama pengguna / kata sandi / peran):")
        for username, role, opd_codes in DEMO_USERS:
            password = f"lindung-{username.replace('_', '-')}"
            opds = list(Opd.objects.filter(pemda=pemda, code__in=opd_codes or []))
            user_upsert(
                username=username,
                password=password,
                pemda=None if not role else pemda,
                role=role,
                opds=opds,
                superuser=not role,
            )
            label = Role(role).label if role else "Superuser (semua Pemda, admin Django)"
            scope = f" [{', '.join(o.code for o in opds)}]" if opds else ""
            self.stdout.write(f"  {username:<14} {password:<24} {label}{scope}")
