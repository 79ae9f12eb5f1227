from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lindung.accounts import services
from lindung.accounts.models import Credential
from lindung.registry.models import Pemda


class Command(BaseCommand):
    help = (
        "Kunci API sistem klien (mis. sistem perizinan DPMPTSP) untuk cek kepatuhan: "
        "create --pemda KODE --name KLIEN (kunci dicetak di baris terakhir, sekali saja), "
        "revoke KUNCI|AWALAN|ID, list [--pemda KODE]."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Buat kunci baru")
        create.add_argument("--pemda", required=True, help="Kode Kemendagri Pemda")
        create.add_argument("--name", required=True, help="Nama sistem klien")
        create.add_argument("--rate", type=int, default=300, help="Batas permintaan per menit")
        revoke = sub.add_parser("revoke", help="Cabut kunci")
        revoke.add_argument("key", help="Kunci lengkap, awalannya (12 karakter) atau ID")
        listing = sub.add_parser("list", help="Daftar kunci")
        listing.add_argument("--pemda", help="Kode Kemendagri Pemda")

    def handle(self, *args: Any, **o: Any) -> None:
        getattr(self, f"_{o['action']}")(o)

    def _create(self, o: dict[str, Any]) -> None:
        pemda = Pemda.objects.filter(code=o["pemda"]).first()
        if pemda is None:
            raise CommandError(f"Pemda {o['pemda']} tidak dikenal.")
        try:
            key, raw = services.client_key_create(
                pemda=pemda, name=o["name"], rate_per_minute=o["rate"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Kunci #{key.pk} untuk {key.name} ({pemda.code} {pemda.name}); simpan sekarang, "
            "kunci tidak dapat ditampilkan lagi:"
        )
        self.stdout.write(raw)

    def _find(self, text: str) -> Credential:
        qs = Credential.objects.client_keys()
        if text.isdigit():
            found = qs.filter(pk=int(text)).first()
        elif len(text) > 12:
            found = qs.filter(digest=Credential.digest_of(text)).first()
        else:
            matches = list(qs.filter(prefix=text)[:2])
            if len(matches) > 1:
                raise CommandError("Awalan itu cocok dengan lebih dari satu kunci; pakai ID.")
            found = matches[0] if matches else None
        if found is None:
            raise CommandError("Kunci tidak ditemukan.")
        return found

    def _revoke(self, o: dict[str, Any]) -> None:
        key = self._find(o["key"])
        try:
            services.credential_revoke(credential=key)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Kunci #{key.pk} ({key.name}) dicabut.")

    def _list(self, o: dict[str, Any]) -> None:
        qs = Credential.objects.client_keys().select_related("pemda").order_by("pemda__code", "pk")
        if o.get("pemda"):
            qs = qs.filter(pemda__code=o["pemda"])
        for key in qs:
            state = f"dicabut {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "aktif"
            self.stdout.write(
                f"#{key.pk}\t{key.pemda.code if key.pemda else ''}\t{key.prefix}…\t{key.name}\t"
                f"{key.rate_per_minute}/menit\t{state}"
            )
