"""Hostile and broken spreadsheets, built at test time (never committed: some unpack to GiBs).

`python -m lindung.imports.tests.hostile.build DIR` writes them to DIR. Each is a file an
import must refuse with a clear message or read cleanly, within a bounded memory.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

HEADER = "No,Nama,NIK,Tanggal Lahir,Jenis Kelamin,Honor\r\n"
ROW = "{n},Budi Santoso {n},3375{n:012d},01-02-1990,L,2500000\r\n"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
    'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/'
    'workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Daftar" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def _cell(ref: str, value: object, strings: list[str]) -> str:
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, tuple):  # (formula, cached value)
        return f'<c r="{ref}"><f>{value[0]}</f><v>{value[1]}</v></c>'
    strings.append(str(value))
    return f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>'


def _xlsx(path: Path, rows: list[list[object]], *, empty_rows: int = 0,
          huge_string: int = 0) -> Path:  # fmt: skip
    """A minimal workbook; `empty_rows` styled empty rows under the table; `huge_string`
    characters in one shared string (a zip bomb: it compresses a thousandfold)."""
    strings: list[str] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'.encode())
            for r, row in enumerate(rows, start=1):
                cells = "".join(_cell(f"{_col(c)}{r}", v, strings) for c, v in enumerate(row))
                f.write(f'<row r="{r}">{cells}</row>'.encode())
            if huge_string:
                strings.append("")
                f.write(
                    f'<row r="{len(rows) + 1}"><c r="B{len(rows) + 1}" t="s"><v>'
                    f"{len(strings) - 1}</v></c></row>".encode()
                )
            start = len(rows) + 1 + bool(huge_string)
            for r in range(start, start + empty_rows):
                f.write(f'<row r="{r}"><c r="A{r}" s="0"><v>{r}</v></c></row>'.encode())
            f.write(b"</sheetData></worksheet>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>'.encode())
            for i, s in enumerate(strings):
                f.write(b"<si><t>")
                if huge_string and i == len(strings) - 1:
                    block = b"A" * (1 << 20)
                    for _ in range(huge_string >> 20):
                        f.write(block)
                else:
                    f.write(s.replace("&", "&amp;").replace("<", "&lt;").encode())
                f.write(b"</t></si>")
            f.write(b"</sst>")
    return path


def _people(n: int) -> list[list[object]]:
    return [
        [i, f"Budi Santoso {i}", f"3375{i:012d}", "01-02-1990", "L", 2500000]
        for i in range(1, n + 1)
    ]


HEADINGS: list[object] = ["No", "Nama", "NIK", "Tanggal Lahir", "Jenis Kelamin", "Honor"]


def build(out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    # A 1 GiB text cell in a file of about a megabyte.
    files["zip_bomb"] = _xlsx(out / "zip_bomb.xlsx", [HEADINGS, *_people(3)], huge_string=1 << 30)
    # A million rows under a five-row table (a formatted column, or a number per row).
    files["million_rows"] = _xlsx(
        out / "million_rows.xlsx", [HEADINGS, *_people(5)], empty_rows=1_000_000
    )
    # More rows than IMPORT_MAX_ROWS in a CSV.
    with (out / "too_many_rows.csv").open("w", newline="") as f:
        f.write(HEADER)
        f.writelines(ROW.format(n=n) for n in range(1, 1_200_001))
    files["too_many_rows"] = out / "too_many_rows.csv"
    # One 1 MB cell, in a CSV and in a workbook.
    with (out / "long_cell.csv").open("w", newline="") as f:
        f.write(HEADER)
        f.write(f"1,{'X' * (1 << 20)},3375000000000001,01-02-1990,L,2500000\r\n")
    files["long_cell_csv"] = out / "long_cell.csv"
    files["long_cell_xlsx"] = _xlsx(
        out / "long_cell.xlsx", [HEADINGS, [1, "Y" * (1 << 20), "3375000000000001", "x", "L", 1]]
    )
    # NULs past the first 64 KiB of a CSV (a database export padding a field).
    with (out / "nul_late.csv").open("w", newline="") as f:
        f.write(HEADER)
        f.writelines(ROW.format(n=n) for n in range(1, 2001))
        f.write("2001,Budi\x00 Nul,3375000000002001,01-02-1990,L,2500000\r\n")
    files["nul_late"] = out / "nul_late.csv"
    # Excel's escaped control characters in shared strings.
    files["x0000"] = _xlsx(
        out / "x0000.xlsx",
        [HEADINGS, [1, "Budi_x0000_ Santoso", "3375000000000001", "01-02-1990", "L", 2500000]],
    )
    # Windows-1252 rows, then UTF-8 rows pasted below them.
    with (out / "mixed_encoding.csv").open("wb") as f:
        f.write(HEADER.encode())
        f.write(ROW.format(n=1).replace("Budi", "Andr\xe9").encode("cp1252"))
        f.write(ROW.format(n=2).replace("Budi", "Jos\xe9").encode("utf-8"))
    files["mixed_encoding"] = out / "mixed_encoding.csv"
    # Formula cells: their cached values are read.
    files["formulas"] = _xlsx(
        out / "formulas.xlsx",
        [HEADINGS, [1, "Budi Santoso", "3375000000000001", "01-02-1990", "L",
                    ("1250000*2", 2500000)]],
    )  # fmt: skip
    return files


if __name__ == "__main__":
    for name, path in build(Path(sys.argv[1])).items():
        print(name, path, path.stat().st_size)
