from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lindung.accounts import services
from lindung.accounts.models import Credential, User


class Command(BaseCommand):
    help = "Buat, daftar, atau cabut token API pribadi (Authorization: Bearer TOKEN)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Buat token baru dan cetak nilainya sekali.")
        create.add_argument("--user", required=True)
        create.add_argument("--name", default="")
        listing = sub.add_parser("list", help="Daftar token milik pengguna.")
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help="Cabut token.")
        revoke.add_argument("--user", required=True)
        revoke.add_argument("--id", type=int, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Pengguna “{options['user']}” tidak ditemukan.")
        if options["action"] == "create":
            self.stdout.write(services.token_create(user=user, name=options["name"]))
        elif options["action"] == "list":
            for t in Credential.objects.personal().filter(user=user).order_by("pk"):
                state = "dicabut" if t.revoked_at else "aktif"
                self.stdout.write(f"{t.pk}\t{t.name}\t{t.created_at:%Y-%m-%d}\t{state}")
        else:
            try:
                services.token_revoke(user=user, token_id=options["id"])
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            self.stdout.write("Token dicabut.")
