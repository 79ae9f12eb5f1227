"""Which column holds which field: synonyms, header-row detection, remembered corrections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from lindung.imports.values import normalize_header

# How far below the top a header row may sit (title rows, logos, blank rows).
HEADER_SEARCH_ROWS = 30

# Field -> headings seen in OPD and BPJS TK files (compared after normalize_header).
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "workers": {
        "nik": ("nik", "no ktp", "nomor ktp", "nomor induk kependudukan", "nik ktp", "no nik",
                "nomor nik", "ktp"),
        "name": ("nama", "nama lengkap", "nama pegawai", "nama pekerja", "nama tenaga kerja",
                 "nama karyawan"),
        "birth_date": ("tgl lahir", "tanggal lahir", "tgl lhr", "tanggal lhr", "tgllahir"),
        "sex": ("lp", "l p", "jenis kelamin", "jk", "kelamin", "gender"),
        "monthly_wage": ("gaji", "upah", "honor", "honorarium", "gaji pokok", "upah per bulan",
                         "gaji per bulan", "honor per bulan", "penghasilan", "gaji bulanan"),
        "category": ("status", "jenis tenaga", "status kepegawaian", "kategori", "jenis pegawai",
                     "status pegawai", "jenis tenaga kerja"),
        "has_sk": ("sk walikota", "sk", "sk bupati", "sk kepala daerah", "ada sk",
                   "sk wali kota"),
        "opd": ("opd", "unit kerja", "perangkat daerah", "satuan kerja", "skpd", "instansi",
                "nama opd"),
        "start_date": ("tmt", "tanggal mulai", "mulai kerja", "tgl mulai", "tmt kerja",
                       "tanggal mulai kerja"),
        "phone": ("no hp", "nomor hp", "hp", "telepon", "no telp", "nomor telepon"),
        "funding_source": ("sumber dana", "sumber anggaran"),
    },
    "memberships": {
        "nik": ("nik", "no ktp", "nomor ktp", "nomor induk kependudukan", "nik ktp", "no nik"),
        "kpj": ("kpj", "no kpj", "nomor kpj", "no peserta", "nomor peserta", "no kartu"),
        "name": ("nama", "nama lengkap", "nama peserta", "nama tenaga kerja"),
        "birth_date": ("tgl lahir", "tanggal lahir", "tgl lhr"),
        "npp": ("npp", "no npp", "nomor npp"),
        "divisi": ("divisi", "div", "kode divisi"),
        "employer_name": ("nama perusahaan", "pemberi kerja", "nama pemberi kerja", "perusahaan",
                          "nama badan usaha"),
        "segment": ("segmen", "kepesertaan", "segmen kepesertaan", "jenis kepesertaan"),
        "programs": ("program", "program kepesertaan", "programs", "program yang diikuti"),
        "program_jkk": ("jkk",),
        "program_jkm": ("jkm",),
        "program_jht": ("jht",),
        "program_jp": ("jp",),
        "program_jkp": ("jkp",),
        "reported_wage": ("upah", "upah dilaporkan", "upah terlapor", "upah lapor",
                          "upah yang dilaporkan"),
        "status": ("status", "status kepesertaan", "status peserta", "status aktif"),
        "last_paid_month": ("iuran terakhir", "bulan iuran terakhir", "terakhir bayar",
                            "blth iuran terakhir", "periode iuran terakhir"),
        "member_since": ("tgl kepesertaan", "mulai kepesertaan", "tanggal kepesertaan",
                         "tmt kepesertaan", "tgl daftar", "tanggal daftar", "tgl terdaftar"),
    },
    "businesses": {
        "nib": ("nib", "no nib", "nomor nib", "nomor induk berusaha"),
        "name": ("nama usaha", "nama perusahaan", "nama pelaku usaha", "nama badan usaha",
                 "perusahaan", "nama"),
        "kbli": ("kbli", "kode kbli", "kbli 2020"),
        "scale": ("skala usaha", "skala", "skala usaha pp 7 2021", "kategori usaha"),
        "kecamatan": ("kecamatan", "kec", "kecamatan usaha"),
        "address": ("alamat", "alamat usaha", "alamat perusahaan", "alamat lokasi usaha"),
        "workers": ("jumlah pekerja", "jumlah tenaga kerja", "jumlah tk", "tenaga kerja",
                    "jml pekerja", "jml tk", "pekerja"),
        "total_wages": ("total upah", "jumlah upah", "total upah per bulan", "total gaji"),
        "figure_source": ("sumber", "sumber data"),
        "figure_date": ("tanggal data", "tanggal laporan", "tgl laporan", "periode laporan",
                        "tanggal"),
    },
    "employers": {
        "npp": ("npp", "no npp", "nomor npp"),
        "divisi": ("divisi", "div", "kode divisi"),
        "employer_name": ("nama perusahaan", "nama pemberi kerja", "pemberi kerja",
                          "nama badan usaha", "perusahaan", "nama"),
        "nib": ("nib", "no nib", "nomor nib", "nomor induk berusaha"),
        "kecamatan": ("kecamatan", "kec"),
        "active_workers": ("tk aktif", "tenaga kerja aktif", "jumlah tk aktif", "peserta aktif",
                           "jumlah peserta aktif", "jml tk aktif"),
        "total_wages": ("total upah", "total upah dilaporkan", "upah dilaporkan",
                        "jumlah upah"),
        "programs": ("program", "program kepesertaan", "programs", "program yang diikuti"),
        "program_jkk": ("jkk",),
        "program_jkm": ("jkm",),
        "program_jht": ("jht",),
        "program_jp": ("jp",),
        "program_jkp": ("jkp",),
        "paid_through": ("iuran terakhir", "bulan iuran terakhir", "terakhir bayar",
                         "blth iuran terakhir", "dibayar sampai", "lunas sampai"),
        "arrears": ("tunggakan", "jumlah tunggakan", "nilai tunggakan", "tunggakan iuran"),
    },
    "projects": {
        "contract_number": ("nomor kontrak", "no kontrak", "nomor spk", "no spk",
                            "nomor kontrak spk", "no kontrak spk", "nomor surat perjanjian"),
        "name": ("nama paket", "nama paket pekerjaan", "paket pekerjaan", "nama pekerjaan",
                 "pekerjaan", "nama kegiatan"),
        "opd": ("opd", "satuan kerja", "satker", "skpd", "perangkat daerah", "unit kerja",
                "nama satker", "kode opd"),
        "contractor_name": ("penyedia", "nama penyedia", "penyedia jasa", "nama perusahaan",
                            "kontraktor", "pelaksana", "nama penyedia jasa"),
        "contractor_nib": ("nib", "nib penyedia", "no nib", "nomor induk berusaha"),
        "contractor_npp": ("npp", "npp penyedia", "no npp"),
        "contract_value": ("nilai kontrak", "nilai kontrak tanpa ppn", "nilai kontrak excl ppn",
                           "nilai kontrak sebelum ppn", "nilai", "harga kontrak"),
        "spk_date": ("tanggal spk", "tgl spk", "tanggal kontrak", "tgl kontrak",
                     "tanggal spmk"),
        "start_date": ("tanggal mulai", "tgl mulai", "mulai", "awal pelaksanaan"),
        "end_date": ("tanggal selesai", "tgl selesai", "selesai", "akhir pelaksanaan",
                     "tanggal akhir"),
    },
    "election_members": {
        "nik": ("nik", "no ktp", "nomor ktp", "nomor induk kependudukan", "nik ktp", "no nik",
                "nomor nik", "ktp", "nik anggota"),
        "name": ("nama", "nama lengkap", "nama anggota", "nama petugas", "nama panitia",
                 "nama sesuai ktp"),
        "role": ("peran", "jabatan", "peran jabatan", "jabatan peran", "jabatan dalam kpps",
                 "jabatan dalam pps", "jabatan dalam ppk", "jabatan dalam panitia",
                 "jabatan anggota", "posisi", "tugas", "peran dalam kohort", "badan ad hoc",
                 "jenis badan ad hoc", "jenis petugas", "kedudukan"),
    },
    "informal_members": {
        "nik": ("nik", "no ktp", "nomor ktp", "nomor induk kependudukan", "nik ktp", "no nik",
                "nomor nik", "ktp", "nik peserta"),
        "name": ("nama", "nama lengkap", "nama peserta", "nama pekerja", "nama anggota",
                 "nama sesuai ktp"),
        "declared_income": ("penghasilan", "pendapatan", "penghasilan per bulan",
                            "pendapatan per bulan", "penghasilan dilaporkan",
                            "penghasilan sebulan", "pendapatan sebulan", "upah dilaporkan",
                            "upah", "upah per bulan", "penghasilan rata rata",
                            "penghasilan rata rata per bulan", "rata rata penghasilan",
                            "dasar upah", "nominal upah", "penghasilan rp",
                            "penghasilan per bulan rp", "penghasilan bulan",
                            "pendapatan bulan", "pendapatan rp", "pendapatan per bulan rp"),
    },
}  # fmt: skip
# The column a header row must have, per kind: the key of a row.
KEY_FIELDS = {
    "workers": "nik",
    "memberships": "nik",
    "businesses": "nib",
    "employers": "npp",
    "projects": "contract_number",
    "election_members": "nik",
    "informal_members": "nik",
}

LABELS = {
    "nik": "NIK", "name": "Nama", "birth_date": "Tanggal lahir", "sex": "Jenis kelamin",
    "monthly_wage": "Upah per bulan", "category": "Kategori", "has_sk": "SK Kepala Daerah",
    "opd": "OPD", "start_date": "Tanggal mulai", "phone": "Nomor HP",
    "funding_source": "Sumber dana", "kpj": "KPJ", "npp": "NPP", "divisi": "Divisi",
    "employer_name": "Pemberi kerja", "segment": "Segmen", "programs": "Program",
    "program_jkk": "JKK (Y/T)", "program_jkm": "JKM (Y/T)", "program_jht": "JHT (Y/T)",
    "program_jp": "JP (Y/T)", "program_jkp": "JKP (Y/T)", "reported_wage": "Upah dilaporkan",
    "status": "Status kepesertaan", "last_paid_month": "Iuran terakhir",
    "member_since": "Mulai kepesertaan",
    "nib": "NIB", "kbli": "KBLI", "scale": "Skala usaha", "kecamatan": "Kecamatan",
    "address": "Alamat", "workers": "Jumlah pekerja", "total_wages": "Total upah",
    "figure_source": "Sumber data", "figure_date": "Tanggal data",
    "active_workers": "TK aktif", "paid_through": "Iuran dibayar sampai",
    "arrears": "Tunggakan",
    "contract_number": "Nomor kontrak", "contractor_name": "Penyedia",
    "contractor_nib": "NIB penyedia", "contractor_npp": "NPP penyedia",
    "contract_value": "Nilai kontrak", "spk_date": "Tanggal SPK", "end_date": "Tanggal selesai",
    "role": "Peran", "declared_income": "Penghasilan per bulan",
}  # fmt: skip


def synonym_index(kind: str) -> dict[str, str]:
    return {syn: f for f, syns in SYNONYMS[kind].items() for syn in syns}


@dataclass
class Layout:
    """Where the table is and what each column means."""

    sheet: str
    header_row: int  # 1-based, as in the sheet
    headers: list[str]  # as written
    keys: list[str]  # normalized
    fields: list[str] = field(default_factory=list)  # "" where ignored

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "columns": [
                {"index": i, "header": h, "key": k, "field": f}
                for i, (h, k, f) in enumerate(
                    zip(self.headers, self.keys, self.fields, strict=True)
                )
            ],
        }


def find_header(kind: str, rows: Iterable[list[Any]]) -> tuple[int, list[Any]] | None:
    """The row (1-based number, cells) most like a header that has the key column (NIK)."""
    index = synonym_index(kind)
    key_field = KEY_FIELDS[kind]
    best: tuple[int, int, list[Any]] | None = None
    for number, cells in enumerate(islice(rows, HEADER_SEARCH_ROWS), start=1):
        keys = [normalize_header(str(c)) if c not in (None, "") else "" for c in cells]
        matched = {index[k] for k in keys if k in index}
        if key_field not in matched:
            continue
        if best is None or len(matched) > best[0]:
            best = (len(matched), number, cells)
    return (best[1], best[2]) if best else None


def resolve_fields(
    kind: str, keys: list[str], remembered: dict[str, str], chosen: dict[str, str]
) -> list[str]:
    """The field of each column: this batch's choice, then the Pemda's, then the synonyms.

    Explicit choices are placed first, so a synonym never takes a field a user gave to
    another column; a field claimed twice goes to the first column.
    """
    index = synonym_index(kind)
    fields = [""] * len(keys)
    taken: set[str] = set()
    decided: set[int] = set()
    for i, key in enumerate(keys):
        explicit = chosen.get(key, remembered.get(key))
        if explicit is None:
            continue
        decided.add(i)
        if explicit in SYNONYMS[kind] and explicit not in taken:
            fields[i] = explicit
            taken.add(explicit)
    for i, key in enumerate(keys):
        f = index.get(key, "")
        if i not in decided and f and f not in taken:
            fields[i] = f
            taken.add(f)
    return fields
