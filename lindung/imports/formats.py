"""Turn an uploaded file into rows of cells, streaming: CSV, XLSX, XLSM, XLS and ODS.

Spreadsheets are read with python-calamine (cached values of formula cells, row by row);
CSV with the standard library after guessing the encoding (UTF-8, UTF-8 with BOM,
Windows-1252) and the delimiter (comma or semicolon).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT = {".csv", ".txt"}
# Magic numbers: ZIP (xlsx, xlsm, ods) and OLE2 (xls, and encrypted xlsx).
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the user, in Indonesian."""


@dataclass
class Sheet:
    name: str
    rows: Iterator[list[Any]]  # row 1 first; every row a list of cell values


def _too_big(path: Path, limit: int) -> None:
    size = path.stat().st_size
    if size > limit:
        raise FileProblem(
            f"Berkas terlalu besar ({size / 1024 / 1024:.0f} MB); batasnya "
            f"{limit / 1024 / 1024:.0f} MB. Pecah berkas per OPD atau simpan sebagai CSV."
        )
    if size == 0:
        raise FileProblem("Berkas kosong.")


def open_sheets(path: Path, original_name: str, *, max_bytes: int) -> Iterator[Sheet]:
    """Yield the visible sheets of the file (a CSV has one)."""
    _too_big(path, max_bytes)
    suffix = Path(original_name).suffix.lower()
    head = path.open("rb").read(8)
    if suffix in TEXT or (suffix not in SPREADSHEETS and not head.startswith((_ZIP, _OLE))):
        yield Sheet(name="CSV", rows=_csv_rows(path))
        return
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise FileProblem(
            "Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya, lalu unggah lagi."
        ) from None
    except (CalamineError, OSError, ValueError) as exc:
        if head.startswith(_OLE) and suffix in (".xlsx", ".xlsm"):
            raise FileProblem(
                "Berkas terenkripsi atau dilindungi kata sandi; hapus kata sandinya lalu "
                "unggah lagi."
            ) from None
        raise FileProblem(
            "Berkas tidak dapat dibaca sebagai lembar kerja (rusak, atau bukan berkas "
            f"Excel/ODS/CSV): {exc}"
        ) from None
    for meta in workbook.sheets_metadata:
        if meta.visible != SheetVisibleEnum.Visible:
            continue
        sheet = workbook.get_sheet_by_name(meta.name)
        yield Sheet(name=meta.name, rows=_sheet_rows(sheet))


def _sheet_rows(sheet: Any) -> Iterator[list[Any]]:
    # calamine skips leading empty rows; put them back so row numbers match the sheet.
    start = sheet.start
    for _ in range(start[0] if start else 0):
        yield []
    pad = [None] * (start[1] if start else 0)
    for row in sheet.iter_rows():
        yield pad + list(row) if pad else list(row)


def _decode(path: Path) -> io.TextIOBase:
    raw = path.open("rb").read(1 << 16)
    if raw.startswith(codecs.BOM_UTF8):
        return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - streamed by caller
    try:
        raw.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        # A sample cut mid-character is still UTF-8; anything else is Excel's Windows-1252.
        encoding = "utf-8" if exc.start >= len(raw) - 3 else "cp1252"
    if b"\x00" in raw:
        raise FileProblem("Berkas ini bukan lembar kerja atau CSV (berisi data biner).")
    return open(path, encoding=encoding, errors="strict", newline="")  # noqa: SIM115


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    handle = _decode(path)
    with handle:
        sample = handle.read(1 << 15)
        handle.seek(0)
        first_lines = sample.splitlines()[:20]
        semicolons = sum(line.count(";") for line in first_lines)
        commas = sum(line.count(",") for line in first_lines)
        delimiter = ";" if semicolons > commas else ","
        try:
            yield from csv.reader(handle, delimiter=delimiter)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise FileProblem(f"CSV tidak dapat dibaca: {exc}") from None
