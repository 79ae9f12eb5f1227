"""Real files for import tests: written with openpyxl, csv, and LibreOffice when present."""

from __future__ import annotations

import csv
import functools
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from lindung.imports.reports import EXAMPLE_SHEET
from lindung.tests.factories import make_valid_nik

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HEADER = [
    "No.",
    "Nama Lengkap",
    "No. KTP",
    "Tgl Lahir",
    "L/P",
    "Gaji",
    "Jenis Tenaga",
    "SK Walikota",
]


def worker_rows(n: int = 3, *, wage: int = 2_500_000) -> list[list[Any]]:
    names = ["Budi Santoso", "Siti Aminah", "Ahmad Fauzi", "Dewi Lestari", "Eko Prasetyo"]
    return [
        [
            i + 1,
            names[i % len(names)],
            make_valid_nik(),
            "05/07/1990",
            "L",
            wage,
            "Kontrak",
            "Tidak",
        ]
        for i in range(n)
    ]


def xlsx(
    path: Path,
    rows: list[list[Any]],
    *,
    header: list[str] = HEADER,
    title: bool = True,
    second_sheet: bool = False,
    hidden_column: bool = False,
) -> Path:
    """A sheet as OPD staff make it: title rows with a merged cell, a blank row, the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Daftar"
    if title:
        ws.append(["DAFTAR TENAGA NON ASN"])
        ws.merge_cells("A1:H1")
        ws.append(["Dinas Lingkungan Hidup Kota Pekalongan, Tahun 2026"])
        ws.append([])
    ws.append(header)
    ws.append([])  # a blank row under the header
    for row in rows:
        ws.append(row)
    if hidden_column:
        ws.column_dimensions["A"].hidden = True
    if second_sheet:
        other = wb.create_sheet("Rekap")
        other.append(["Jumlah", len(rows)])
    wb.save(path)
    return path


def fill_template(content: bytes, path: Path, rows: list[list[Any]] | None = None) -> Path:
    """A downloaded template with rows typed into its Data sheet (by default its example),
    below whatever the sheet already holds, as a user would."""
    book = load_workbook(BytesIO(content))
    if rows is None:
        rows = [list(r) for r in book[EXAMPLE_SHEET].iter_rows(min_row=3, values_only=True)]
    data = book["Data"]
    filled = [i for i, r in enumerate(data.iter_rows(values_only=True), start=1) if any(r)]
    for i, row in enumerate(rows, start=max(filled, default=0) + 1):
        for j, value in enumerate(row, start=1):
            data.cell(row=i, column=j, value=value)
    book.save(path)
    return path


def write_csv(
    path: Path,
    rows: list[list[Any]],
    *,
    header: list[str] = HEADER,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@functools.cache
def _office_profile() -> Path:
    # One LibreOffice profile per test process: its first start (building the profile) costs
    # more than a conversion; each xdist worker is its own process, so none is shared.
    return Path(tempfile.mkdtemp())


def convert(source: Path, to: str) -> Path:
    """Save a copy in another format with LibreOffice (xls, ods; xlsx recalculates formulas)."""
    assert SOFFICE, "LibreOffice is needed (apt-get install libreoffice-calc-nogui)"
    out = Path(tempfile.mkdtemp())
    profile = _office_profile()
    subprocess.run(  # noqa: S603 - fixed arguments
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
         "--outdir", str(out), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    return next(out.iterdir())
