"""Turn an uploaded file into rows of cells, streaming: CSV, XLSX, XLSM, XLS and ODS.

Spreadsheets are read with python-calamine (cached values of formula cells, row by row);
CSV with the standard library after deciding the encoding over the whole file (UTF-8, UTF-8
with BOM, Windows-1252) and guessing the delimiter (comma or semicolon).

Hostile or broken files are refused before they cost memory: a ZIP (xlsx, xlsm, ods) whose
members unpack too large or too far, too many rows or columns, too long a cell or line (the
`IMPORT_MAX_*` settings). Control characters (NUL, Excel's `_x0000_`) leave cell text.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

SPREADSHEETS = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT = {".csv", ".txt"}
# Magic numbers: ZIP (xlsx, xlsm, ods) and OLE2 (xls, and encrypted xlsx).
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the user, in Indonesian."""


class FileRefused(FileProblem):
    """The file is past a size limit: refused, and not kept."""


# Who can raise a limit, said once for the page and the CLI.
_ADMIN = "administrator server dapat menaikkannya dengan pengaturan"


@dataclass
class Sheet:
    name: str
    rows: Iterator[list[Any]]  # row 1 first; every row a list of cell values


def _too_big(path: Path, limit: int, suffix: str) -> None:
    size = path.stat().st_size
    if size > limit:
        hint = "Pecah berkas per OPD" + ("" if suffix in TEXT else " atau simpan sebagai CSV")
        raise FileRefused(
            f"Berkas terlalu besar ({size / 1024 / 1024:.0f} MB); batasnya "
            f"{limit / 1024 / 1024:.0f} MB ({_ADMIN} IMPORT_MAX_BYTES). {hint}."
        )
    if size == 0:
        raise FileProblem("Berkas kosong.")


def _n(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # 1.100.000


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _check_zip(path: Path) -> None:
    """Refuse a ZIP spreadsheet a member of which unpacks too large or too far (zip bomb)."""
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    ratio = settings.IMPORT_MAX_COMPRESSION_RATIO
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # calamine says what is wrong with it
    for m in members:
        if m.file_size > limit:
            raise FileRefused(
                f"Isi berkas terlalu besar setelah dibuka ({m.filename}: {_mb(m.file_size)}); "
                f"batasnya {_mb(limit)} ({_ADMIN} IMPORT_MAX_UNCOMPRESSED_BYTES). Pecah berkas "
                "per OPD atau per lembar."
            )
        # Small members compress far (repeated XML); only a large one far is a bomb.
        if m.file_size > (1 << 20) and m.file_size > ratio * max(m.compress_size, 1):
            raise FileRefused(
                f"Berkas ini memuai {m.file_size // max(m.compress_size, 1)} kali saat dibuka "
                f"({m.filename}); batasnya {ratio} kali ({_ADMIN} "
                "IMPORT_MAX_COMPRESSION_RATIO). Berkas seperti ini biasanya rusak atau sengaja "
                "dibuat; simpan ulang dari Excel atau sebagai CSV."
            )


def open_sheets(path: Path, original_name: str, *, max_bytes: int) -> Iterator[Sheet]:
    """Yield the visible sheets of the file (a CSV has one)."""
    suffix = Path(original_name).suffix.lower()
    _too_big(path, max_bytes, suffix)
    with path.open("rb") as f:
        head = f.read(8)
    if suffix in TEXT or (suffix not in SPREADSHEETS and not head.startswith((_ZIP, _OLE))):
        yield Sheet(name="CSV", rows=_csv_rows(path))
        return
    if head.startswith(_ZIP):
        _check_zip(path)
    elif head.startswith(_OLE) and path.stat().st_size > settings.IMPORT_MAX_XLS_BYTES:
        raise FileRefused(
            f"Berkas .xls terlalu besar ({_mb(path.stat().st_size)}); batasnya "
            f"{_mb(settings.IMPORT_MAX_XLS_BYTES)} ({_ADMIN} IMPORT_MAX_XLS_BYTES). Simpan "
            "sebagai .xlsx atau CSV, atau pecah per OPD."
        )
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
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
        except (CalamineError, ValueError) as exc:
            raise FileProblem(f"Lembar {meta.name} tidak dapat dibaca: {exc}") from None
        yield Sheet(name=meta.name, rows=_sheet_rows(sheet))


def _sheet_rows(sheet: Any) -> Iterator[list[Any]]:
    # calamine skips leading empty rows; put them back so row numbers match the sheet.
    start = sheet.start
    top = start[0] if start else 0
    if top + sheet.height > settings.IMPORT_MAX_ROWS:
        raise _too_many_rows(sheet.name)
    for _ in range(top):
        yield []
    pad = [None] * (start[1] if start else 0)
    limits = _Limits(sheet.name)
    for number, row in enumerate(sheet.iter_rows(), start=top + 1):
        yield limits.clean(number, pad + list(row) if pad else list(row))


def _too_many_rows(sheet: str) -> FileRefused:
    where = f"Lembar {sheet}" if sheet else "Berkas"
    return FileRefused(
        f"{where} berisi lebih dari {_n(settings.IMPORT_MAX_ROWS)} baris "
        f"({_ADMIN} IMPORT_MAX_ROWS). Hapus baris kosong di bawah tabel, atau pecah "
        "berkasnya."
    )


# Control characters other than tab and line breaks; Excel's escapes of them (_x0000_).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPED_CONTROL = re.compile(r"_x00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])_")


def clean_text(value: str) -> str:
    """Cell text without control characters (NUL, _x0000_ …); tab and newline stay."""
    if "_x" in value:
        value = _ESCAPED_CONTROL.sub("", value)
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    return value


class _Limits:
    """Columns per row and characters per cell, and control characters out of the text."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.columns = settings.IMPORT_MAX_COLUMNS
        self.chars = settings.IMPORT_MAX_CELL_CHARS

    def clean(self, number: int, row: list[Any]) -> list[Any]:
        if len(row) > self.columns:
            if any(v not in (None, "") for v in row[self.columns :]):
                raise FileRefused(
                    f"{self._where(number)} berisi lebih dari {self.columns} kolom ({_ADMIN} "
                    "IMPORT_MAX_COLUMNS). Hapus kolom yang tidak dipakai."
                )
            row = row[: self.columns]
        for i, value in enumerate(row):
            if isinstance(value, str):
                if len(value) > self.chars:
                    raise FileRefused(
                        f"{self._where(number)} kolom {i + 1}: isi sel lebih dari "
                        f"{_n(self.chars)} karakter ({_ADMIN} IMPORT_MAX_CELL_CHARS). Periksa "
                        "sel itu; daftar pekerja tidak memuat teks sepanjang ini.".replace(
                            ",", "."
                        )
                    )
                row[i] = clean_text(value)
        return row

    def _where(self, number: int) -> str:
        return f"Baris {number}" + (f" lembar {self.sheet}" if self.sheet else "")


# A UTF-8 sequence of two to four bytes: in a file that is not UTF-8 as a whole, a sign that
# two encodings were pasted together.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _encoding(path: Path) -> str:
    """The encoding of the whole file: UTF-8 (with or without BOM), else Windows-1252.

    A file mixing both (Windows-1252 rows with UTF-8 rows further down) is refused: read
    either way, some names would be stored garbled.
    """
    with path.open("rb") as f:
        first = f.read(1 << 16)
        if b"\x00" in first:
            raise FileProblem("Berkas ini bukan lembar kerja atau CSV (berisi data biner).")
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8 = True
        for block in iter(lambda: f.read(1 << 20), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False
                break
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        if utf8:
            return "utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"
        f.seek(0)
        for block in iter(lambda: f.read(1 << 20), b""):
            if _UTF8_SEQUENCE.search(block):
                raise FileProblem(
                    "Berkas CSV ini bercampur pengodean: sebagian UTF-8, sebagian Windows-1252 "
                    "(mis. baris yang ditempel dari berkas lain), sehingga sebagian nama akan "
                    "tersimpan rusak. Buka di Excel dan simpan ulang sebagai 'CSV UTF-8', lalu "
                    "unggah lagi."
                )
    return "cp1252"


def _lines(handle: io.TextIOBase, limit: int) -> Iterator[str]:
    """The file's lines, each read with a bound (a line longer than a row can be is refused),
    NULs dropped (the csv module refuses them)."""
    while True:
        line = handle.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(("\n", "\r")):
            raise FileRefused(
                f"Satu baris CSV lebih dari {_n(limit)} karakter ({_ADMIN} IMPORT_MAX_CELL_CHARS, "
                "IMPORT_MAX_COLUMNS). Periksa berkasnya."
            )
        yield line.replace("\x00", "") if "\x00" in line else line


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    encoding = _encoding(path)
    limits = _Limits("")
    line_limit = limits.columns * (limits.chars + 3) + 2
    with open(path, encoding=encoding, errors="strict", newline="") as handle:
        sample = handle.read(1 << 15)
        handle.seek(0)
        first_lines = sample.splitlines()[:20]
        semicolons = sum(line.count(";") for line in first_lines)
        commas = sum(line.count(",") for line in first_lines)
        delimiter = ";" if semicolons > commas else ","
        rows = settings.IMPORT_MAX_ROWS
        try:
            for number, row in enumerate(
                csv.reader(_lines(handle, line_limit), delimiter=delimiter), start=1
            ):
                if number > rows:
                    raise _too_many_rows("")
                yield limits.clean(number, row)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise FileRefused(
                    f"Satu sel CSV terlalu panjang ({_ADMIN} IMPORT_MAX_CELL_CHARS)."
                ) from None
            raise FileProblem(f"CSV tidak dapat dibaca: {exc}") from None
        except UnicodeDecodeError as exc:
            raise FileProblem(f"CSV tidak dapat dibaca: {exc}") from None
