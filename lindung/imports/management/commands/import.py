import json
import sys
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindung.cohorts.importers import COHORT_MODELS
from lindung.imports import services
from lindung.imports.columns import SYNONYMS
from lindung.imports.models import ImportBatch
from lindung.imports.values import normalize_header
from lindung.registry.models import Opd, Pemda


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"tanggal '{text}' harus berbentuk YYYY-MM-DD") from None


def _mapping(kind: str, pairs: list[str]) -> dict[str, str]:
    """--map 'HEADER=field' options as {normalized heading: field}."""
    out = {}
    for pair in pairs:
        header, sep, field = pair.partition("=")
        field = field.strip()
        if not sep or not normalize_header(header):
            raise CommandError(
                f"--map '{pair}' harus berbentuk 'JUDUL KOLOM=isian'.", returncode=2
            )
        if field and field not in SYNONYMS[kind]:
            known = ", ".join(SYNONYMS[kind])
            raise CommandError(
                f"Isian '{field}' tidak dikenal untuk {kind}; pilihan: {known}.", returncode=2
            )
        out[normalize_header(header)] = field
    return out


class Command(BaseCommand):
    help = (
        "Impor daftar pekerja OPD, data kepesertaan BPJS TK, data badan usaha (OSS/NIB, WLKP), "
        "data pemberi kerja BPJS TK, daftar proyek konstruksi atau daftar anggota kohort "
        "(--cohort) dari XLSX/XLSM/XLS/ODS/CSV. "
        "Status keluar: 0 tanpa galat baris, 1 ada galat baris, 2 berkas tidak terbaca atau "
        "penyimpanan gagal (tidak ada yang ditulis)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=ImportBatch.Kind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--pemda", required=True, help="Kode Kemendagri Pemda")
        parser.add_argument("--opd", help="Kode OPD: seluruh berkas adalah daftar OPD ini")
        parser.add_argument("--create-missing-opds", action="store_true")
        parser.add_argument(
            "--cohort",
            type=int,
            help="Id kohort tujuan (wajib untuk election_members dan informal_members)",
        )
        parser.add_argument(
            "--source",
            choices=["perizinan", "wlkp", "inspeksi", "lainnya"],
            default="perizinan",
            help="Sumber angka pekerja pada data badan usaha tanpa kolom Sumber",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Hitung saja, tulis apa pun tidak"
        )
        parser.add_argument(
            "--valid-only", action="store_true", help="Simpan baris yang valid walau ada galat"
        )
        parser.add_argument(
            "--end-missing",
            action="store_true",
            help="Akhiri penugasan OPD yang tidak ada lagi di daftar",
        )
        parser.add_argument(
            "--sheet",
            action="append",
            default=[],
            metavar="NAMA",
            help="Baca lembar ini saja (boleh diulang); tanpa ini semua lembar bertabel dibaca",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="JUDUL=isian",
            help="Pemetaan kolom, mis. --map 'Nomor Pegawai=nik' (isian kosong: abaikan kolom)",
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            help="Tanggal keadaan daftar (YYYY-MM-DD); bawaan hari ini",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        pemda = Pemda.objects.filter(code=o["pemda"]).first()
        if pemda is None:
            raise CommandError(f"Pemda {o['pemda']} tidak dikenal.", returncode=2)
        if not o["file"].is_file():
            raise CommandError(f"Berkas {o['file']} tidak ada.", returncode=2)
        opd = None
        if o["opd"]:
            opd = Opd.objects.filter(pemda=pemda, code=o["opd"]).first()
            if opd is None:
                raise CommandError(
                    f"OPD {o['opd']} tidak ada di Pemda {pemda.code}.", returncode=2
                )
        if o["kind"] in COHORT_MODELS:
            model = COHORT_MODELS[o["kind"]]
            if o["cohort"] is None:
                raise CommandError("Sebutkan kohort tujuan dengan --cohort ID.", returncode=2)
            if not model.objects.filter(pemda=pemda, pk=o["cohort"]).exists():
                raise CommandError(
                    f"Kohort {o['cohort']} ({model._meta.verbose_name}) tidak ada di Pemda "
                    f"{pemda.code}.",
                    returncode=2,
                )
        elif o["cohort"] is not None:
            raise CommandError(
                "--cohort hanya untuk election_members dan informal_members.", returncode=2
            )
        batch = services.batch_upload(
            user=None, pemda=pemda, kind=o["kind"], source=o["file"],
            original_name=o["file"].name, opd=opd, cohort_id=o["cohort"],
            create_missing_opds=o["create_missing_opds"], as_of=o["as_of"], sheets=o["sheet"],
            mapping=_mapping(o["kind"], o["map"]),
            extra={"figure_source": o["source"]}, queue=False,
        )  # fmt: skip
        result = services.run_now(
            batch, dry_run=o["dry_run"], valid_only=o["valid_only"],
            end_missing=o["end_missing"], progress=self._progress,
        )  # fmt: skip
        payload = result.as_json()
        if o["dry_run"] or result.status != ImportBatch.Status.COMMITTED:
            # What a commit would do; nothing was written.
            payload["ended"] = batch.counts.get("to_end", 0) if o["end_missing"] else 0
            payload["created"] = payload["created"] if result.status == "preview" else 0
        if o["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            self._human(payload)
        if result.status in (ImportBatch.Status.FAILED, ImportBatch.Status.CANCELLED):
            sys.exit(2)
        if result.commit_tried and result.status != ImportBatch.Status.COMMITTED:
            # The commit failed (a key taken meanwhile, a row that no longer fits, a crash)
            # and wrote nothing; the batch is back in preview.
            if o["json"] or not result.message:  # the human summary already showed it
                self.stderr.write(result.message or "Penyimpanan gagal; tidak ada yang ditulis.")
            sys.exit(2)
        if payload["errors"]:
            sys.exit(1)

    def _progress(self, stage: str, done: int, total: int) -> None:
        """Progress on stderr, so that --json output on stdout stays one object."""
        label = "memeriksa" if stage == "check" else "menyimpan"
        of = f" dari {total}" if total else ""
        self.stderr.write(
            f"{label}: {done}{of} baris", ending="\r" if self.stderr.isatty() else "\n"
        )

    def _human(self, p: dict[str, Any]) -> None:
        if p["message"]:
            self.stderr.write(p["message"])
        for w in p["warnings"]:
            self.stderr.write(f"Peringatan: {w['message']}")
        for sheet in p["skipped_sheets"]:
            self.stdout.write(f"Lembar {sheet['name']} tidak dibaca: {sheet['reason']}")
        self.stdout.write(
            f"Impor #{p['batch']} ({p['status']}): {p['rows']} baris, {p['created']} baru, "
            f"{p['updated']} diperbarui, {p['unchanged']} tidak berubah, {p['ended']} diakhiri, "
            f"{len(p['errors'])} galat, {p['skipped']} dilewati (bukan data orang)."
        )
        many = len(p["sheets"]) > 1
        for w in p["row_warnings"][:50]:
            where = f"lembar {w['sheet']} baris {w['row']}" if many else f"baris {w['row']}"
            self.stdout.write(f"  periksa {where} [{w['column']}] {w['message']}")
        for e in p["errors"][:50]:
            where = f"lembar {e['sheet']} baris {e['row']}" if many else f"baris {e['row']}"
            self.stdout.write(f"  {where} [{e['column']}] {e['message']}")
