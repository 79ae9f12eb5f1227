"""Write the worker-list corpus: real Pemda habits, one file each, and mixed files.

    .venv/bin/python -m lindung.imports.tests.corpus.build [--out DIR] [--no-convert]

Deterministic: each file draws from its own seeded random generator (seeded by its name),
so adding a file changes no other. Beside every file goes ``<file>.expected.json``, computed
from the same ground truth the file was written from (see tables.expected). XLS and ODS are
written as XLSX and converted with LibreOffice; without ``soffice`` they are skipped with a
warning (their expected.json is still written). After writing, every file is read back with
python-calamine (CSV with the csv module) and compared cell by cell with what was meant.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from lindung.imports.tests.corpus import tables as t
from lindung.imports.tests.corpus.tables import (
    Blank,
    Column,
    Person,
    Section,
    SheetSpec,
    Signature,
    Totals,
)

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
DLH = "Dinas Lingkungan Hidup"


def C(field_: str, header: str, fmt: str = "", group: str | None = None) -> Column:  # noqa: N802
    return Column(field_, header, group, fmt)


@dataclass
class FileSpec:
    name: str  # with its extension: .xlsx, .csv, .xls, .ods
    habit: str  # what it covers, for the reader of the corpus
    sheets: list[SheetSpec]
    opd: str | None = "DLH"  # None: a multi-OPD list (import with --create-missing-opds)
    delimiter: str = ","
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)


TITLES = ["DAFTAR TENAGA NON ASN", "DINAS LINGKUNGAN HIDUP KOTA PEKALONGAN", "TAHUN ANGGARAN 2026"]


def signature(style: str, width: int) -> Signature:
    """The signature block under a table; `style` says where it sits."""
    right = max(width - 3, 2)
    if style == "right":
        c = right
        return Signature(
            [
                {c: "Pekalongan, 5 November 2026"},
                {c: "Kepala Dinas Lingkungan Hidup"},
                {c: "Kota Pekalongan"},
                {},
                {},
                {},
                {c: "Drs. SUPARDI, M.M."},
                {c: "NIP. 19700101 199003 1 002"},
            ]
        )
    if style == "both":
        c = right
        return Signature(
            [
                {c: "Pekalongan, 5 November 2026"},
                {1: "Mengetahui,", c: "Kepala Bidang Kebersihan"},
                {1: "Kepala Dinas Lingkungan Hidup"},
                {},
                {},
                {1: "Ir. BAMBANG WIDODO, M.T.", c: "SRI HARTATI, S.E."},
                {1: "NIP. 19680312 199403 1 005", c: "NIP. 19750822 200501 2 003"},
            ]
        )
    if style == "left":  # under the name and NIK columns
        return Signature(
            [
                {1: "Pekalongan, 5 November 2026"},
                {1: "Kepala Dinas Perhubungan"},
                {},
                {},
                {1: "Drs. SUPARDI, M.M."},
                {2: "NIP. 19700101 199003 1 002"},
            ]
        )
    if style == "merged":
        c = right - 1
        return Signature(
            [
                {c: "Pekalongan, 5 November 2026"},
                {c: "Mengetahui,"},
                {c: "Kepala Dinas Lingkungan Hidup Kota Pekalongan"},
                {},
                {},
                {c: "SUPARDI, S.Sos"},
                {c: "NIP. 19700101 199003 1 002"},
            ],
            merge=3,
        )
    raise ValueError(style)


def people(
    rng: random.Random,
    pool: t.People,
    n: int,
    *,
    end: bool = False,
    opd: str = "",
    problems: dict[int, str] | None = None,
    upper: bool = False,
) -> list[Person]:
    problems = problems or {}
    return [Person(pool.worker(opd=opd, end=end), problems.get(i), upper) for i in range(n)]


def sectioned(
    groups: list[tuple[str, list[Person]]],
    *,
    blank: bool = True,
    merge: bool = False,
    col: int = 0,
) -> list[Any]:
    items: list[Any] = []
    for k, (title, persons) in enumerate(groups):
        if k and blank:
            items.append(Blank())
        items.append(Section(title, col=col, merge=merge))
        items.extend(persons)
    return items


# -- the corpus ----------------------------------------------------------------------------------

Maker = Callable[[random.Random, t.People], FileSpec]
MAKERS: list[Maker] = []


def corpus_file(fn: Maker) -> Maker:
    MAKERS.append(fn)
    return fn


@corpus_file
def h01_headers_honor_bulan(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("name", "Nama Tenaga Non ASN"),
        C("nik", "No. Induk Kependudukan (NIK)"),
        C("birth_date", "Tgl. Lhr"),
        C("sex", "Jenis Kelamin", "long"),
        C("wage", "HONOR/BULAN (Rp)"),
        C("category", "Status Kepegawaian"),
        C("start_date", "TMT"),
    ]
    sheet = SheetSpec("Daftar", cols, people(rng, pool, 8), titles=TITLES)
    return FileSpec("h01_headers_honor_bulan.xlsx", "1 header words", [sheet])


@corpus_file
def h01_headers_gaji(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No."),
        C("name", "Nama Lengkap"),
        C("nik", "No. KTP"),
        C("birth_date", "Tgl Lahir", "slash"),
        C("sex", "L/P"),
        C("wage", "Gaji (Rp.)"),
        C("category", "Jenis Tenaga"),
        C("start_date", "TMT", "slash"),
        C("end_date", "Tgl Berakhir", "slash"),
    ]
    sheet = SheetSpec("CSV", cols, people(rng, pool, 7, end=True))
    return FileSpec("h01_headers_gaji.csv", "1 header words (CSV, comma)", [sheet])


@corpus_file
def h01_headers_jml_honor(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "NO"),
        C("name", "Nama"),
        C("nik", "NIK"),
        C("birth_date", "Tanggal Lahir"),
        C("sex", "L/P"),
        C("extra", "Jabatan"),
        C("wage", "Jml Honor per Bln"),
        C("start_date", "TMT"),
        C("end_date", "TMT Berhenti"),
    ]
    sheet = SheetSpec("Sheet1", cols, people(rng, pool, 9, end=True), titles=TITLES[:2])
    return FileSpec("h01_headers_jml_honor.xlsx", "1 header words", [sheet])


@corpus_file
def h01_headers_besaran(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("wage", "Besaran Honor"),
        C("name", "Nama Lengkap"),
        C("start_date", "TMT"),
        C("nik", "NIK"),
        C("category", "Jenis Tenaga"),
        C("birth_date", "Tgl Lahir"),
        C("sex", "Jenis Kelamin"),
    ]
    sheet = SheetSpec("Lembar1", cols, people(rng, pool, 6), titles=TITLES[:1])
    return FileSpec(
        "h01_headers_besaran.ods", "1 header words, columns in another order (ODS)", [sheet]
    )


@corpus_file
def h02_two_row_header(rng: random.Random, pool: t.People) -> FileSpec:
    dk, kp = "Data Kependudukan", "Kepegawaian"
    cols = [
        C("no", "No"),
        C("name", "Nama Lengkap"),
        C("nik", "NIK", group=dk),
        C("birth_date", "Tgl Lahir", group=dk),
        C("sex", "L/P", group=dk),
        C("category", "Jenis Tenaga", group=kp),
        C("start_date", "TMT", group=kp),
        C("end_date", "Tgl Berakhir", group=kp),
        C("wage", "Honor/Bulan"),
    ]
    sheet = SheetSpec("Daftar", cols, people(rng, pool, 8, end=True), titles=TITLES)
    return FileSpec("h02_two_row_header.xlsx", "2 two-row header with merged groups", [sheet])


@corpus_file
def h02_two_row_header_xls(rng: random.Random, pool: t.People) -> FileSpec:
    idn, kp, hn = "Identitas", "Kepegawaian", "Penghasilan"
    cols = [
        C("no", "No"),
        C("name", "Nama", group=idn),
        C("nik", "No. KTP", group=idn),
        C("birth_date", "Tanggal Lahir", group=idn),
        C("sex", "Jenis Kelamin"),
        C("start_date", "TMT", group=kp),
        C("category", "Status Kepegawaian", group=kp),
        C("wage", "Honor per Bulan", group=hn),
    ]
    sheet = SheetSpec("DATA", cols, people(rng, pool, 7), titles=TITLES[:2], offset=1)
    return FileSpec(
        "h02_two_row_header.xls", "2 two-row header, table from column B (XLS)", [sheet]
    )


BASIC = [
    C("no", "No"),
    C("name", "Nama Lengkap"),
    C("nik", "NIK"),
    C("birth_date", "Tgl Lahir"),
    C("sex", "L/P"),
    C("wage", "Honor"),
    C("start_date", "TMT"),
]


@corpus_file
def h03_column_numbers(rng: random.Random, pool: t.People) -> FileSpec:
    sheet = SheetSpec("Daftar", BASIC, people(rng, pool, 6), titles=TITLES, number_row=True)
    return FileSpec("h03_column_numbers.xlsx", "3 column-number row", [sheet])


@corpus_file
def h03_column_numbers_csv(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [C(c.field, c.header, "dash" if "date" in c.field else c.fmt) for c in BASIC]
    sheet = SheetSpec("CSV", cols, people(rng, pool, 5), number_row=True)
    return FileSpec(
        "h03_column_numbers.csv", "3 column-number row (CSV, semicolon)", [sheet], delimiter=";"
    )


@corpus_file
def h03_column_numbers_paren(rng: random.Random, pool: t.People) -> FileSpec:
    sheet = SheetSpec(
        "Daftar",
        BASIC,
        people(rng, pool, 5),
        titles=TITLES[:2],
        number_row=True,
        number_style="paren",
    )
    return FileSpec(
        "h03_column_numbers_paren.xlsx", "3 column numbers written (1), (2), ...", [sheet]
    )


@corpus_file
def h04_sections(rng: random.Random, pool: t.People) -> FileSpec:
    items = sectioned(
        [
            ("A. TENAGA ADMINISTRASI", people(rng, pool, 4)),
            ("B. PETUGAS KEBERSIHAN", people(rng, pool, 5)),
            ("C. PENGEMUDI", people(rng, pool, 2)),
        ]
    )
    sheet = SheetSpec("Daftar", BASIC, items, titles=TITLES)
    return FileSpec("h04_sections.xlsx", "4 section rows and blank separators", [sheet])


@corpus_file
def h04_sections_merged(rng: random.Random, pool: t.People) -> FileSpec:
    items = sectioned(
        [
            ("I. TENAGA TEKNIS", people(rng, pool, 3)),
            ("II. PETUGAS KEBERSIHAN", people(rng, pool, 4)),
        ],
        blank=False,
        merge=True,
        col=0,
    )
    sheet = SheetSpec("Daftar", BASIC, items, titles=TITLES[:2])
    return FileSpec("h04_sections_merged.xlsx", "4 section rows merged across the table", [sheet])


@corpus_file
def h04_totals(rng: random.Random, pool: t.People) -> FileSpec:
    items = [*people(rng, pool, 7), Totals("JUMLAH", merge=True)]
    sheet = SheetSpec("Daftar", BASIC, items, titles=TITLES)
    return FileSpec("h04_totals.xlsx", "4 totals row with the wage sum", [sheet])


@corpus_file
def h04_signature(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [*BASIC, C("extra", "Keterangan")]
    items = [*people(rng, pool, 6), Blank(), signature("both", len(cols))]
    sheet = SheetSpec("Daftar", cols, items, titles=TITLES)
    return FileSpec("h04_signature.xlsx", "4 signature block, left and right", [sheet])


@corpus_file
def h04_signature_in_data_columns(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [C(c.field, c.header, "slash" if "date" in c.field else c.fmt) for c in BASIC]
    cols[5] = C("wage", "Gaji (Rp.)", "rp_dot")
    items = [*people(rng, pool, 6), Totals("TOTAL"), Blank(), signature("left", len(cols))]
    sheet = SheetSpec("CSV", cols, items)
    return FileSpec(
        "h04_signature_in_data_columns.csv",
        "4 totals (Rp text) and a signature block under the name/NIK columns (CSV)",
        [sheet],
    )


@corpus_file
def h04_problem_rows(rng: random.Random, pool: t.People) -> FileSpec:
    """Rows that are people with a problem stay errors, beside sections and a signature."""
    items = [
        *sectioned(
            [
                ("A. TENAGA ADMINISTRASI", people(rng, pool, 4, problems={1: "nik_invalid"})),
                ("B. PETUGAS KEBERSIHAN", people(rng, pool, 4, problems={2: "date_format"})),
            ]
        ),
        Blank(),
        signature("right", len(BASIC)),
    ]
    sheet = SheetSpec("Daftar", BASIC, items, titles=TITLES)
    return FileSpec(
        "h04_problem_rows.xlsx", "4 people with a bad NIK / unreadable date are errors", [sheet]
    )


TTL_BASE = [
    C("no", "No"),
    C("name", "Nama Lengkap"),
    C("nik", "NIK"),
    C("ttl", "Tempat, Tanggal Lahir", "dash"),
    C("sex", "L/P"),
    C("wage", "Honor"),
    C("start_date", "TMT"),
]


@corpus_file
def h05_ttl_comma(rng: random.Random, pool: t.People) -> FileSpec:
    sheet = SheetSpec("Daftar", TTL_BASE, people(rng, pool, 7), titles=TITLES)
    return FileSpec(
        "h05_ttl_comma.xlsx", "5 'Tempat, Tanggal Lahir' as 'Pekalongan, 12-05-1990'", [sheet]
    )


@corpus_file
def h05_ttl_csv(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("nik", "NIK"),
        C("name", "Nama"),
        C("ttl", "TTL", "long"),
        C("wage", "Gaji", "dot"),
        C("start_date", "TMT", "long"),
        C("extra", "Keterangan"),
    ]
    sheet = SheetSpec("CSV", cols, people(rng, pool, 6))
    return FileSpec(
        "h05_ttl.csv", "5 TTL as 'Batang, 3 Maret 1988' (CSV, semicolon)", [sheet], delimiter=";"
    )


@corpus_file
def h05_tempat_tgl_lahir(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("name", "Nama Lengkap"),
        C("nik", "No. KTP"),
        C("ttl", "Tempat/Tgl Lahir", "short"),
        C("wage", "Honor"),
        C("start_date", "TMT"),
    ]
    sheet = SheetSpec("Daftar", cols, people(rng, pool, 6), titles=TITLES[:2])
    return FileSpec(
        "h05_tempat_tgl_lahir.ods", "5 'Tempat/Tgl Lahir' as 'Kendal, 3 Mar 1988' (ODS)", [sheet]
    )


@corpus_file
def h06_dates_text(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("name", "Nama Lengkap"),
        C("nik", "NIK"),
        C("birth_date", "Tgl Lahir", "long"),
        C("wage", "Honor", "rp_dot"),
        C("start_date", "TMT", "dash"),
        C("end_date", "Tgl Berakhir", "long"),
    ]
    sheet = SheetSpec("Daftar", cols, people(rng, pool, 8, end=True), titles=TITLES)
    return FileSpec(
        "h06_dates_text.xlsx",
        "6 dates typed as '2 Januari 2019' / '01-01-2020', wage 'Rp. 1.500.000'",
        [sheet],
    )


@corpus_file
def h06_serials_and_cells(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("name", "Nama"),
        C("nik", "NIK"),
        C("birth_date", "Tgl Lahir"),
        C("wage", "Honor", "rp_dash"),
        C("start_date", "TMT", "serial"),
        C("end_date", "TMT Berhenti"),
    ]
    items = people(rng, pool, 8, end=True, problems={5: "end_before_start"})
    sheet = SheetSpec("Daftar", cols, items, titles=TITLES[:2])
    return FileSpec(
        "h06_serials_and_cells.xlsx",
        "6 date cells, Excel serials, 'Rp 1.500.000,-', an end before the start",
        [sheet],
    )


@corpus_file
def h06_dates_text_csv(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("name", "Nama Lengkap"),
        C("nik", "NIK"),
        C("birth_date", "Tgl Lahir", "dot"),
        C("wage", "Honor", "rp_dash"),
        C("start_date", "TMT", "longpad"),
        C("end_date", "Tgl Berakhir", "dash"),
    ]
    sheet = SheetSpec("CSV", cols, people(rng, pool, 7, end=True))
    return FileSpec("h06_dates_text.csv", "6 dates and amounts as text (CSV, comma)", [sheet])


@corpus_file
def h06_end_before_start(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("name", "Nama Lengkap"),
        C("nik", "NIK"),
        C("birth_date", "Tgl Lahir", "slash"),
        C("wage", "Honor"),
        C("start_date", "TMT", "long"),
        C("end_date", "Tgl Berakhir", "long"),
    ]
    items = people(rng, pool, 7, end=True, problems={1: "end_before_start", 4: "end_before_start"})
    sheet = SheetSpec("Daftar", cols, items, titles=TITLES)
    return FileSpec(
        "h06_end_before_start.xls", "6 end dates before the start are row errors (XLS)", [sheet]
    )


def rekap(units: list[tuple[str, int]]) -> SheetSpec:
    rows: list[list[Any]] = [
        ["REKAPITULASI TENAGA NON ASN"],
        ["DINAS LINGKUNGAN HIDUP"],
        [],
        ["No", "Unit / Pos", "Jumlah Tenaga", "Keterangan"],
    ]
    rows += [[i + 1, u, n, None] for i, (u, n) in enumerate(units)]
    rows.append([None, "JUMLAH", sum(n for _u, n in units), None])
    return SheetSpec("Rekap", raw=rows)


@corpus_file
def h07_sheet_per_unit(rng: random.Random, pool: t.People) -> FileSpec:
    a = BASIC
    b = [
        C("no", "No"),
        C("nik", "No. KTP"),
        C("name", "Nama"),
        C("wage", "Honor/Bulan"),
        C("birth_date", "Tgl Lahir", "long"),
        C("start_date", "TMT", "long"),
    ]
    c = [
        C("no", "NO"),
        C("name", "NAMA LENGKAP"),
        C("sex", "L/P"),
        C("nik", "NIK"),
        C("birth_date", "TGL LAHIR"),
        C("start_date", "TMT"),
        C("wage", "HONOR"),
    ]
    units = [("Satpam", a, 5), ("Kebersihan", b, 7), ("Pengemudi", c, 3)]
    sheets = [rekap([(u, n) for u, _c, n in units])]
    for unit, cols, n in units:
        sheets.append(
            SheetSpec(
                unit,
                cols,
                people(rng, pool, n),
                titles=[f"DAFTAR TENAGA NON ASN - {unit.upper()}"],
            )
        )
    return FileSpec(
        "h07_sheet_per_unit.xlsx",
        "7 a Rekap sheet and one sheet per unit, columns in different orders",
        sheets,
    )


@corpus_file
def h07_sheet_per_unit_ods(rng: random.Random, pool: t.People) -> FileSpec:
    kp = "Kepegawaian"
    a = [
        C("no", "No"),
        C("name", "Nama Lengkap"),
        C("nik", "NIK"),
        C("ttl", "TTL", "long"),
        C("start_date", "TMT", group=kp),
        C("wage", "Honor", group=kp),
    ]
    b = [
        C("no", "No"),
        C("nik", "NIK"),
        C("name", "Nama"),
        C("birth_date", "Tgl Lahir"),
        C("start_date", "TMT"),
        C("wage", "Honor", "rp"),
    ]
    sheets = [
        SheetSpec("Taman", a, people(rng, pool, 4), titles=["DAFTAR TENAGA TAMAN"]),
        rekap([("Taman", 4), ("Pasar", 5)]),
        SheetSpec(
            "Pasar",
            b,
            [*people(rng, pool, 5), Totals("Jumlah")],
            titles=["DAFTAR TENAGA KEBERSIHAN PASAR"],
        ),
    ]
    return FileSpec(
        "h07_sheet_per_unit.ods",
        "7 unit sheets around a Rekap sheet, one with a two-row header (ODS)",
        sheets,
    )


MULTI = [
    C("no", "No"),
    C("name", "Nama Lengkap"),
    C("nik", "NIK"),
    C("birth_date", "Tgl Lahir"),
    C("sex", "L/P"),
    C("wage", "Honor"),
    C("start_date", "TMT"),
    C("opd", "Unit Kerja"),
]


def spelled(rng: random.Random, pool: t.People, spellings: list[str], n: int) -> list[Person]:
    """n people of one OPD, the first with the first spelling, the others with any."""
    return [
        Person(pool.worker(opd=spellings[0] if i == 0 else rng.choice(spellings)))
        for i in range(n)
    ]


DISHUB = ["Dinas Perhubungan", "DINAS PERHUBUNGAN", "Dinas Perhubungan "]
KEC_UTARA = ["Kec. Pekalongan Utara", "Kecamatan Pekalongan Utara", "KECAMATAN PEKALONGAN UTARA"]
DLH_SPELLED = ["DINAS LINGKUNGAN HIDUP", "Dinas Lingkungan Hidup", "Dinas  Lingkungan Hidup"]


def interleave(rng: random.Random, *groups: list[Person]) -> list[Person]:
    """Mix the groups while keeping each group's first person before its others."""
    heads = [g[0] for g in groups]
    rest = [p for g in groups for p in g[1:]]
    rng.shuffle(rest)
    return heads + rest


@corpus_file
def h08_opd_spellings(rng: random.Random, pool: t.People) -> FileSpec:
    items = interleave(
        rng,
        spelled(rng, pool, DISHUB, 5),
        spelled(rng, pool, KEC_UTARA, 4),
        spelled(rng, pool, DLH_SPELLED, 3),
    )
    sheet = SheetSpec(
        "Gabungan", MULTI, items, titles=["DAFTAR TENAGA NON ASN PEMERINTAH KOTA PEKALONGAN"]
    )
    return FileSpec(
        "h08_opd_spellings.xlsx",
        "8 one multi-OPD list, OPD names typed several ways",
        [sheet],
        opd=None,
    )


@corpus_file
def h08_opd_spellings_csv(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C(
            c.field,
            "OPD" if c.field == "opd" else c.header,
            "slash" if "date" in c.field else c.fmt,
        )
        for c in MULTI
    ]
    items = interleave(
        rng, spelled(rng, pool, KEC_UTARA[::-1], 4), spelled(rng, pool, DISHUB[1:], 4)
    )
    sheet = SheetSpec("CSV", cols, items)
    return FileSpec(
        "h08_opd_spellings.csv",
        "8 OPD names typed several ways (CSV, semicolon)",
        [sheet],
        opd=None,
        delimiter=";",
    )


NUMERIC_NIK = [
    C("no", "No"),
    C("name", "Nama"),
    C("nik", "NIK", "number"),
    C("birth_date", "Tgl Lahir"),
    C("sex", "L/P"),
    C("wage", "Honor"),
    C("start_date", "TMT"),
]


@corpus_file
def h09_nik_numbers(rng: random.Random, pool: t.People) -> FileSpec:
    items = people(rng, pool, 8, problems={2: "nik_digits_lost", 5: "nik_scientific"})
    sheet = SheetSpec("Export", NUMERIC_NIK, items, titles=TITLES[:1])
    return FileSpec(
        "h09_nik_numbers.xlsx",
        "9 NIK as exact number cells; one rounded by Excel, one '3.37501E+15'",
        [sheet],
    )


@corpus_file
def h09_nik_numbers_xls(rng: random.Random, pool: t.People) -> FileSpec:
    items = people(rng, pool, 7, problems={0: "nik_digits_lost", 4: "nik_digits_lost"})
    sheet = SheetSpec("Export", NUMERIC_NIK, items)
    return FileSpec(
        "h09_nik_numbers.xls", "9 NIK number cells, two rounded by Excel (XLS)", [sheet]
    )


@corpus_file
def h09_nik_scientific_csv(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [C(c.field, c.header, "slash" if "date" in c.field else "") for c in NUMERIC_NIK]
    items = people(rng, pool, 6, problems={3: "nik_scientific"})
    sheet = SheetSpec("CSV", cols, items)
    return FileSpec(
        "h09_nik_scientific.csv", "9 a NIK saved by Excel as '3.37501E+15' (CSV)", [sheet]
    )


NO_START = [
    C("no", "No"),
    C("name", "Nama Lengkap"),
    C("nik", "NIK"),
    C("birth_date", "Tgl Lahir"),
    C("sex", "L/P"),
    C("wage", "Honor"),
    C("extra", "Jabatan"),
]


@corpus_file
def h10_no_start_date(rng: random.Random, pool: t.People) -> FileSpec:
    sheet = SheetSpec("Daftar", NO_START, people(rng, pool, 6), titles=TITLES)
    return FileSpec("h10_no_start_date.xlsx", "10 no start-date column: null start", [sheet])


@corpus_file
def h10_no_start_date_csv(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [C(c.field, c.header, "dash" if "date" in c.field else c.fmt) for c in NO_START]
    sheet = SheetSpec("CSV", cols, people(rng, pool, 5))
    return FileSpec("h10_no_start_date.csv", "10 no start-date column (CSV)", [sheet])


NO_WAGE = [
    C("no", "No"),
    C("name", "Nama Lengkap"),
    C("nik", "NIK"),
    C("birth_date", "Tgl Lahir"),
    C("sex", "L/P"),
    C("category", "Jenis Tenaga"),
    C("start_date", "TMT"),
]


@corpus_file
def h11_no_wage(rng: random.Random, pool: t.People) -> FileSpec:
    sheet = SheetSpec("Daftar", NO_WAGE, people(rng, pool, 6), titles=TITLES)
    return FileSpec(
        "h11_no_wage.xlsx",
        "11 no wage column: null wage, one warning",
        [sheet],
        warnings=["no_wage_column"],
    )


@corpus_file
def h11_no_wage_ods(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [C(c.field, c.header, "long" if "date" in c.field else c.fmt) for c in NO_WAGE]
    sheet = SheetSpec("Daftar", cols, people(rng, pool, 5), titles=TITLES[:2])
    return FileSpec(
        "h11_no_wage.ods", "11 no wage column (ODS)", [sheet], warnings=["no_wage_column"]
    )


@corpus_file
def h12_mixed_kelurahan(rng: random.Random, pool: t.People) -> FileSpec:
    dk, kp = "Data Kependudukan", "Kepegawaian"
    cols = [
        C("no", "No"),
        C("name", "Nama Tenaga Non ASN"),
        C("nik", "No. Induk Kependudukan (NIK)", "number", group=dk),
        C("ttl", "Tempat, Tanggal Lahir", "long", group=dk),
        C("sex", "L/P", group=dk),
        C("category", "Jenis Tenaga", group=kp),
        C("start_date", "TMT", "long", group=kp),
        C("wage", "HONOR/BULAN (Rp)", "rp_dash"),
        C("extra", "Keterangan"),
    ]
    items = [
        *sectioned(
            [
                ("A. TENAGA ADMINISTRASI", people(rng, pool, 4, problems={3: "nik_digits_lost"})),
                ("B. PETUGAS KEBERSIHAN", people(rng, pool, 6, upper=True)),
            ],
            merge=True,
        ),
        Totals("JUMLAH", merge=True),
        Blank(),
        signature("merged", len(cols)),
    ]
    sheet = SheetSpec("Daftar", cols, items, titles=TITLES, number_row=True, offset=1)
    return FileSpec(
        "h12_mixed_kelurahan.xlsx",
        "12 titles, two-row header, column numbers, sections, totals, merged "
        "signature, TTL, text dates, 'Rp …,-', number NIKs, capitals, a rounded NIK",
        [sheet],
    )


@corpus_file
def h12_mixed_multi_opd(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("nik", "NIK"),
        C("name", "Nama Lengkap"),
        C("ttl", "Tempat/Tgl Lahir", "dash"),
        C("opd", "OPD"),
        C("wage", "Gaji (Rp.)", "rp_dot"),
        C("start_date", "TMT", "dash"),
        C("end_date", "TMT Berhenti", "dash"),
    ]
    groups = [
        ("I. DINAS PERHUBUNGAN", spelled(rng, pool, DISHUB, 4)),
        ("II. KECAMATAN PEKALONGAN UTARA", spelled(rng, pool, KEC_UTARA, 3)),
        ("III. DINAS LINGKUNGAN HIDUP", spelled(rng, pool, DLH_SPELLED, 3)),
    ]
    for _title, persons in groups:
        for p in persons:
            p.worker.end = rng.choice((None, date(2026, 12, 31)))
    groups[1][1][2].problem = "end_before_start"
    groups[1][1][2].worker.end = date(2026, 12, 31)
    items = [*sectioned(groups), Totals("TOTAL", col=0), Blank(), signature("right", len(cols))]
    sheet = SheetSpec(
        "Rekap Non ASN",
        cols,
        items,
        titles=["DAFTAR TENAGA NON ASN KOTA PEKALONGAN"],
        number_row=True,
    )
    return FileSpec(
        "h12_mixed_multi_opd.xlsx",
        "12 multi-OPD list in OPD sections, spellings, column numbers, totals, "
        "signature, end dates, an end before the start",
        [sheet],
        opd=None,
    )


@corpus_file
def h12_mixed_xls(rng: random.Random, pool: t.People) -> FileSpec:
    dk = "Data Pribadi"
    cols = [
        C("no", "No"),
        C("name", "Nama", group=dk),
        C("nik", "NIK", group=dk),
        C("ttl", "TTL", "long", group=dk),
        C("extra", "Jabatan"),
        C("wage", "Besaran Honor"),
        C("start_date", "TMT", "serial"),
    ]
    items = [
        *sectioned(
            [
                ("A. PETUGAS PERTAMANAN", people(rng, pool, 3)),
                ("B. PENJAGA MALAM", people(rng, pool, 3, problems={1: "date_invalid"})),
            ]
        ),
        Blank(),
        signature("both", len(cols)),
    ]
    sheet = SheetSpec("Daftar", cols, items, titles=TITLES)
    return FileSpec(
        "h12_mixed.xls",
        "12 two-row header, TTL, sections, signature, serial TMT, a bad date (XLS)",
        [sheet],
    )


@corpus_file
def h12_mixed_ods(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No."),
        C("nik", "No. KTP"),
        C("name", "Nama Lengkap"),
        C("birth_date", "Tgl. Lhr", "upper"),
        C("sex", "Jenis Kelamin", "long"),
        C("extra", "Jabatan"),
    ]
    items = [
        *sectioned(
            [
                ("A. TENAGA TEKNIS", people(rng, pool, 3)),
                ("B. TENAGA PENUNJANG", people(rng, pool, 4)),
            ],
            blank=False,
        ),
        Blank(),
        signature("right", len(cols)),
    ]
    sheet = SheetSpec("Daftar", cols, items, titles=TITLES, number_row=True)
    return FileSpec(
        "h12_mixed.ods",
        "12 no wage and no start column, sections, column numbers, signature (ODS)",
        [sheet],
        warnings=["no_wage_column"],
    )


@corpus_file
def h12_mixed_cp1252(rng: random.Random, pool: t.People) -> FileSpec:
    cols = [
        C("no", "No"),
        C("name", "Nama Lengkap"),
        C("nik", "No. KTP"),
        C("ttl", "Tempat, Tanggal Lahir", "long"),
        C("sex", "L/P"),
        C("wage", "Jml Honor per Bln", "rp_dash"),
        C("start_date", "TMT", "long"),
        C("end_date", "Tgl Berakhir", "slash"),
        C("extra", "Keterangan"),
    ]
    items = [
        *sectioned(
            [
                ("A. TENAGA ADMINISTRASI", people(rng, pool, 3, end=True)),
                (
                    "B. PETUGAS KEBERSIHAN",
                    people(rng, pool, 4, end=True, problems={0: "nik_scientific"}),
                ),
            ]
        ),
        Totals("JUMLAH"),
        Blank(),
        signature("left", len(cols)),
    ]
    for p in items:
        if isinstance(p, Person):
            p.worker.extra = rng.choice(("Pengangkatan 2019 – SK Wali Kota", "Tenaga lama", ""))
    titles = ["DAFTAR TENAGA NON ASN – DINAS LINGKUNGAN HIDUP", "Tahun Anggaran 2026"]
    sheet = SheetSpec("CSV", cols, items, titles=titles, number_row=True)
    return FileSpec(
        "h12_mixed_cp1252.csv",
        "12 Windows-1252 CSV (semicolon): titles, column numbers, sections, totals, "
        "signature, TTL, text dates, 'Rp …,-', a scientific NIK",
        [sheet],
        delimiter=";",
        encoding="cp1252",
    )


@corpus_file
def h12_mixed_units_multi_opd(rng: random.Random, pool: t.People) -> FileSpec:
    kp = "Kepegawaian"
    a = [
        C("no", "No"),
        C("name", "Nama"),
        C("nik", "NIK", "number"),
        C("birth_date", "Tgl Lahir", "slash"),
        C("opd", "Unit Kerja"),
        C("start_date", "TMT", group=kp),
        C("end_date", "Tgl Berakhir", group=kp),
        C("wage", "Honor", "rp_tight"),
    ]
    b = [
        C("no", "No"),
        C("opd", "OPD"),
        C("nik", "No. KTP"),
        C("name", "Nama Lengkap"),
        C("ttl", "Tempat, Tanggal Lahir", "dash"),
        C("wage", "Gaji", "dot_dash"),
        C("start_date", "TMT", "dash"),
    ]
    first = interleave(rng, spelled(rng, pool, DISHUB, 3), spelled(rng, pool, DLH_SPELLED, 3))
    for p in first:
        p.worker.end = date(2027, 12, 31)
    second = spelled(rng, pool, KEC_UTARA, 3) + spelled(rng, pool, DISHUB[::-1], 2)
    second[4].problem = "nik_invalid"
    sheets = [
        rekap([("Satpam", 6), ("Kebersihan", 5)]),
        SheetSpec(
            "Satpam", a, [*first, Totals("JUMLAH", merge=True)], titles=TITLES[:1], number_row=True
        ),
        SheetSpec(
            "Kebersihan", b, [*second, Blank(), signature("right", len(b))], titles=TITLES[:1]
        ),
    ]
    return FileSpec(
        "h12_mixed_units_multi_opd.xlsx",
        "12 Rekap + unit sheets of a multi-OPD list, two-row header, number NIKs, "
        "totals, signature, a bad NIK",
        sheets,
        opd=None,
    )


# -- writing -------------------------------------------------------------------------------------


def _seed(name: str) -> int:
    return zlib.crc32(name.encode())


def make_specs() -> list[FileSpec]:
    specs = []
    for maker in MAKERS:
        rng = random.Random(_seed(maker.__name__))
        pool = t.People(rng)
        pool.serial = 100 + (_seed(maker.__name__) % 800) * 10  # NIKs apart across files
        specs.append(maker(rng, pool))
    names = [s.name for s in specs]
    assert len(set(names)) == len(names), "two corpus files share a name"
    return specs


def expected_of(spec: FileSpec) -> dict[str, Any]:
    grids = [(s.name, s, t.layout(s)) for s in spec.sheets if s.raw is None]
    skipped = [s.name for s in spec.sheets if s.raw is not None]
    return t.expected(grids, opd=spec.opd, skipped_sheets=skipped, warnings=spec.warnings)


def build(out: Path, *, convert: bool = True) -> list[Path]:
    """Write every file and its expected.json into out; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in make_specs():
        exp = expected_of(spec)
        _check_expected(spec, exp)
        (out / f"{spec.name}.expected.json").write_text(
            json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        path = out / spec.name
        suffix = path.suffix
        if suffix == ".csv":
            assert len(spec.sheets) == 1
            t.write_csv(path, spec.sheets[0], delimiter=spec.delimiter, encoding=spec.encoding)
        elif suffix == ".xlsx":
            t.write_xlsx(path, spec.sheets)
        elif not convert:
            continue
        elif t.SOFFICE is None:
            print(f"warning: soffice not found, {spec.name} not written", file=sys.stderr)
            continue
        else:
            with tempfile.TemporaryDirectory() as tmp:
                source = Path(tmp) / f"{path.stem}.xlsx"
                t.write_xlsx(source, spec.sheets)
                made = t.convert(source, suffix[1:], out)
                assert made == path, (made, path)
        written.append(path)
    index = [
        "# Worker-list corpus",
        "",
        "Written by `python -m lindung.imports.tests.corpus.build`; do not edit by hand.",
        "",
        "| file | habit |",
        "| --- | --- |",
    ]
    index += [f"| {s.name} | {s.habit} |" for s in make_specs()]
    (out / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return written


def _check_expected(spec: FileSpec, exp: dict[str, Any]) -> None:
    niks = [p["nik"] for p in exp["people"]]
    names = [p["name"].lower() for p in exp["people"]]
    assert len(set(niks)) == len(niks), spec.name
    assert len(set(names)) == len(names), spec.name
    assert exp["people"], spec.name


# -- reading back --------------------------------------------------------------------------------


def _norm(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def _rows_equal(want: list[list[Any]], got: list[list[Any]]) -> list[str]:
    problems = []
    for r in range(max(len(want), len(got))):
        a = [_norm(v) for v in (want[r] if r < len(want) else [])]
        b = [_norm(v) for v in (got[r] if r < len(got) else [])]
        while a and a[-1] is None:
            a.pop()
        while b and b[-1] is None:
            b.pop()
        if a != b:
            problems.append(f"row {r + 1}: meant {a!r}, read {b!r}")
    return problems


def verify(path: Path, spec: FileSpec) -> list[str]:
    """Read a written file back and compare it cell by cell with the grids it came from."""
    problems = []
    if path.suffix == ".csv":
        g = t.layout(spec.sheets[0])
        with path.open(encoding=spec.encoding, newline="") as handle:
            got = list(csv.reader(handle, delimiter=spec.delimiter))
        want = [[t.as_text(v) for v in row] for row in g.rows]
        return _rows_equal(want, got)
    wb = CalamineWorkbook.from_path(str(path))
    names = [s.name for s in spec.sheets]
    if wb.sheet_names != names:
        return [f"sheets {wb.sheet_names} != {names}"]
    for s in spec.sheets:
        g = t.layout(s)
        got = wb.get_sheet_by_name(s.name).to_python(skip_empty_area=False)
        problems += [f"{s.name} {p}" for p in _rows_equal(g.rows, got)]
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=FILES)
    parser.add_argument("--no-convert", action="store_true", help="skip XLS and ODS")
    args = parser.parse_args()
    written = build(args.out, convert=not args.no_convert)
    specs = {s.name: s for s in make_specs()}
    bad = 0
    for path in written:
        problems = verify(path, specs[path.name])
        for p in problems[:5]:
            print(f"{path.name}: {p}", file=sys.stderr)
        bad += bool(problems)
    print(f"{len(written)} files written to {args.out}; {bad} differ from what was meant")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
