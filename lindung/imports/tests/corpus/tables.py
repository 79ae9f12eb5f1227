"""Worker lists as Pemda staff type them, with the ground truth of what an import must find.

A :class:`SheetSpec` describes one sheet: title rows, a one- or two-row header, a row of
column numbers, and the body (people, section rows, blank rows, a totals row, a signature
block). :func:`layout` turns it into a grid of cell values, the merged ranges, and the truth:
the row of each person, the rows that are people with a problem (and their error code), and
the rows that are not people (by skip code). Writers put grids into XLSX (openpyxl) and CSV;
LibreOffice converts an XLSX to XLS or ODS.

Used by ``build.py`` (the corpus on disk) and ``test_habits_property.py`` (random tables).
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from lindung.lib.nik import make_nik

MONTHS_ID = (
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_SHORT = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agt",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)
# Existing OPDs of the Pemda under test (lindung.tests.base.BaseTestCase), by lower-case name.
DLH_NAME = "Dinas Lingkungan Hidup"  # the OPD of single-OPD files (code DLH)
EXISTING_OPDS = {"dinas lingkungan hidup": DLH_NAME, "dinas pendidikan": "Dinas Pendidikan"}

# Fields a column can hold. "ttl" is place and birth date in one cell; "extra" is a column an
# import ignores (Jabatan, Keterangan); "no" is the running number.
FIELDS = (
    "no",
    "nik",
    "name",
    "ttl",
    "birth_date",
    "sex",
    "wage",
    "category",
    "opd",
    "start_date",
    "end_date",
    "extra",
)

# Error codes of the rows that are people with a problem.
ERROR_CODES = (
    "nik_digits_lost",
    "nik_scientific",
    "nik_invalid",
    "date_format",
    "date_invalid",
    "end_before_start",
)


@dataclass
class Worker:
    nik: str
    name: str
    sex: str  # "L" or "P"
    birth: date
    place: str
    wage: int
    start: date
    end: date | None
    category: str = "Honorer"
    opd: str = ""  # the OPD as typed in this row (multi-OPD lists)
    extra: str = ""


@dataclass
class Column:
    field: str
    header: str
    group: str | None = None  # the merged group heading above (two-row headers)
    fmt: str = ""  # how values are typed; see render()


@dataclass
class Person:
    worker: Worker
    problem: str | None = None  # one of ERROR_CODES
    upper: bool = False  # name typed in capitals


@dataclass
class Section:
    text: str
    col: int = 0
    merge: bool = False


@dataclass
class Blank:
    pass


@dataclass
class Totals:
    label: str = "JUMLAH"
    col: int | None = None  # where the label goes; default the name column
    merge: bool = False  # label merged from column 0 up to the column before the wage


@dataclass
class Signature:
    """The block under the table: rows of {column: text}; empty dicts are blank rows."""

    rows: list[dict[int, str]]
    merge: int = 0  # each text merged over this many columns (0: not merged)


Item = Person | Section | Blank | Totals | Signature


@dataclass
class SheetSpec:
    name: str
    columns: list[Column] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    number_row: bool = False
    number_style: str = "int"  # "int" 1, 2, 3 or "paren" (1), (2), (3)
    offset: int = 0  # empty columns left of the table
    raw: list[list[Any]] | None = None  # a sheet without a worker table (Rekap)
    merge_titles: bool = True


@dataclass
class Grid:
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based r1,c1,r2,c2
    date_cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (r, c) -> format
    people: list[tuple[Worker, int]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    persons: dict[int, Person] = field(default_factory=dict)  # row -> the person typed there

    def put(self, r: int, c: int, value: Any) -> None:
        while len(self.rows) < r:
            self.rows.append([])
        row = self.rows[r - 1]
        while len(row) < c:
            row.append(None)
        row[c - 1] = value


# -- rendering values ----------------------------------------------------------------------------


def date_text(d: date, fmt: str) -> Any:
    """A date as typed: a date cell, an Excel serial, or text in an Indonesian form."""
    if fmt in ("", "cell"):
        return datetime(d.year, d.month, d.day)
    if fmt == "serial":
        return (d - date(1899, 12, 30)).days
    if fmt == "slash":
        return d.strftime("%d/%m/%Y")
    if fmt == "dash":
        return d.strftime("%d-%m-%Y")
    if fmt == "dot":
        return d.strftime("%d.%m.%Y")
    if fmt == "iso":
        return d.isoformat()
    if fmt == "long":
        return f"{d.day} {MONTHS_ID[d.month]} {d.year}"
    if fmt == "longpad":
        return f"{d.day:02d} {MONTHS_ID[d.month]} {d.year}"
    if fmt == "short":
        return f"{d.day} {MONTHS_SHORT[d.month]} {d.year}"
    if fmt == "upper":
        return f"{d.day} {MONTHS_ID[d.month].upper()} {d.year}"
    raise ValueError(fmt)


TEXT_DATE_FORMATS = ("slash", "dash", "dot", "long", "longpad", "short", "upper")


def rupiah(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def money_text(amount: int, fmt: str) -> Any:
    if fmt in ("", "int"):
        return amount
    if fmt == "rp_dot":
        return f"Rp. {rupiah(amount)}"
    if fmt == "rp_dash":
        return f"Rp {rupiah(amount)},-"
    if fmt == "rp":
        return f"Rp {rupiah(amount)}"
    if fmt == "rp_tight":
        return f"Rp{rupiah(amount)}"
    if fmt == "dot":
        return rupiah(amount)
    if fmt == "dot_dash":
        return f"{rupiah(amount)},-"
    raise ValueError(fmt)


MONEY_FORMATS = ("int", "rp_dot", "rp_dash", "rp", "rp_tight", "dot", "dot_dash")


def excel_rounded(nik: str) -> int:
    """What Excel keeps of a 16-digit number typed into a number cell: 15 significant digits."""
    return (int(nik) + 5) // 10 * 10


def scientific(nik: str) -> str:
    return f"{int(nik):.5E}"  # "3.37501E+15"


BAD_DATES = {"date_format": "5 Jli 1989", "date_invalid": "31-02-1990"}


def render(col: Column, p: Person) -> Any:
    """The cell of a person's row in a column, with the person's problem typed in."""
    w = p.worker
    f = col.field
    if f == "nik":
        if p.problem == "nik_digits_lost":
            return excel_rounded(w.nik)
        if p.problem == "nik_scientific":
            return scientific(w.nik)
        if p.problem == "nik_invalid":
            return w.nik[:-1]  # a digit short
        if col.fmt == "number":
            return int(w.nik)
        if col.fmt == "apostrophe":
            return "'" + w.nik
        return w.nik
    if f == "name":
        return w.name.upper() if p.upper else w.name
    if f in ("birth_date", "ttl"):
        fmt = col.fmt or "cell"
        value = BAD_DATES.get(p.problem or "")
        if f == "ttl":
            if value is None:
                value = date_text(w.birth, fmt if fmt in TEXT_DATE_FORMATS else "dash")
            return f"{w.place}, {value}"
        return value if value is not None else date_text(w.birth, fmt)
    if f == "sex":
        if col.fmt == "long":
            return "Laki-laki" if w.sex == "L" else "Perempuan"
        return w.sex
    if f == "wage":
        return money_text(w.wage, col.fmt)
    if f == "category":
        return w.category
    if f == "opd":
        return w.opd
    if f == "start_date":
        return date_text(w.start, col.fmt or "cell")
    if f == "end_date":
        end = w.end
        if p.problem == "end_before_start":
            end = date(w.start.year - 1, w.start.month, min(w.start.day, 28))
        return None if end is None else date_text(end, col.fmt or "cell")
    if f == "extra":
        return w.extra or None
    raise ValueError(f)


# -- laying a sheet out ------------------------------------------------------------------------


def layout(spec: SheetSpec) -> Grid:
    """The sheet's cells and merges, and the truth about each row."""
    g = Grid()
    if spec.raw is not None:
        for r, row in enumerate(spec.raw, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    g.put(r, c, v)
        return g
    cols = spec.columns
    width = len(cols)
    first = spec.offset + 1  # sheet column of the table's first column
    last = spec.offset + width
    r = 0
    for title in spec.titles:
        r += 1
        g.put(r, first, title)
        if spec.merge_titles:
            g.merges.append((r, first, r, last))
    if spec.titles:
        r += 1  # a blank row under the titles
        g.put(r, first, None)
    # The header: one row, or two with group headings merged across and single headings
    # merged down.
    two = any(c.group for c in cols)
    top = r + 1
    if two:
        i = 0
        while i < width:
            col = cols[i]
            c = first + i
            if col.group:
                j = i
                while j + 1 < width and cols[j + 1].group == col.group:
                    j += 1
                g.put(top, c, col.group)
                if j > i:
                    g.merges.append((top, c, top, first + j))
                for k in range(i, j + 1):
                    g.put(top + 1, first + k, cols[k].header)
                i = j + 1
            else:
                g.put(top, c, col.header)
                g.merges.append((top, c, top + 1, c))
                i += 1
        r = top + 1
    else:
        for i, col in enumerate(cols):
            g.put(top, first + i, col.header)
        r = top
    if spec.number_row:
        r += 1
        for i in range(width):
            g.put(r, first + i, i + 1 if spec.number_style == "int" else f"({i + 1})")
        g.skipped["column_numbers"] += 1
    index = {c.field: i for i, c in enumerate(cols)}
    number = 0
    wages: list[int] = []
    for item in spec.items:
        if isinstance(item, Person):
            r += 1
            number += 1
            for i, col in enumerate(cols):
                value = number if col.field == "no" else render(col, item)
                g.put(r, first + i, value)
                if isinstance(value, datetime):
                    g.date_cells[(r, first + i)] = "DD/MM/YYYY" if i % 2 else "D MMMM YYYY"
            g.persons[r] = item
            if item.problem:
                g.errors.append((r, item.problem))
            else:
                g.people.append((item.worker, r))
            wages.append(item.worker.wage)
        elif isinstance(item, Section):
            r += 1
            g.put(r, first + item.col, item.text)
            if item.merge:
                g.merges.append((r, first + item.col, r, last))
            g.skipped["section"] += 1
            number = 0
        elif isinstance(item, Blank):
            r += 1
            g.put(r, first, None)
        elif isinstance(item, Totals):
            assert "wage" in index, "a totals row needs a wage column"
            r += 1
            wage_col = index["wage"]
            label_col = item.col if item.col is not None else index.get("name", 1)
            if item.merge:
                label_col = 0
                g.merges.append((r, first, r, first + wage_col - 1))
            g.put(r, first + label_col, item.label)
            g.put(r, first + wage_col, money_text(sum(wages), cols[wage_col].fmt))
            g.skipped["totals"] += 1
        elif isinstance(item, Signature):
            for cells in item.rows:
                r += 1
                if not cells:
                    g.put(r, first, None)
                    continue
                for c, text in cells.items():
                    g.put(r, first + c, text)
                    if item.merge:
                        g.merges.append((r, first + c, r, first + c + item.merge - 1))
                g.skipped["signature"] += 1
    return g


# -- writing -------------------------------------------------------------------------------------


def write_xlsx(path: Path, specs: list[SheetSpec]) -> list[Grid]:
    wb = Workbook()
    wb.remove(wb.active)
    grids = []
    for spec in specs:
        g = layout(spec)
        grids.append(g)
        ws = wb.create_sheet(spec.name)
        for r, row in enumerate(g.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = ws.cell(row=r, column=c, value=value)
                    if (r, c) in g.date_cells:
                        cell.number_format = g.date_cells[(r, c)]
                    elif isinstance(value, int) and value > 10**14:
                        cell.number_format = "0"  # a NIK shown in full
        for r1, c1, r2, c2 in g.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for i in range(1, max((len(row) for row in g.rows), default=0) + 1):
            ws.column_dimensions[get_column_letter(i)].width = 18
    wb.save(path)
    return grids


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_csv(
    path: Path, spec: SheetSpec, *, delimiter: str = ",", encoding: str = "utf-8"
) -> Grid:
    """A CSV as Excel saves one: every row as wide as the sheet's used range, a merged cell's
    text in its first cell."""
    g = layout(spec)
    width = max(len(row) for row in g.rows)
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in g.rows:
            writer.writerow([as_text(v) for v in row] + [""] * (width - len(row)))
    return g


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, to: str, outdir: Path) -> Path:
    """Save a copy of an XLSX as XLS or ODS with LibreOffice, into outdir."""
    assert SOFFICE, "LibreOffice is needed"
    profile = Path(tempfile.mkdtemp())
    work = Path(tempfile.mkdtemp())
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(work),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    made = next(work.iterdir())
    target = outdir / made.name
    shutil.move(made, target)
    shutil.rmtree(profile, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return target


# -- people --------------------------------------------------------------------------------------

MALE = (
    "Budi",
    "Ahmad",
    "Eko",
    "Joko",
    "Agus",
    "Slamet",
    "Bambang",
    "Dwi",
    "Rudi",
    "Hendra",
    "Teguh",
    "Yusuf",
    "Arif",
    "Fajar",
    "Rizky",
    "Wahyu",
    "Bayu",
    "Imam",
    "Iwan",
    "Sugeng",
    "Tri",
    "Nur",
    "Andi",
    "Dedi",
    "Heru",
    "Gilang",
    "Ilham",
    "Muhamad",
    "Taufik",
    "Yoga",
)
FEMALE = (
    "Siti",
    "Dewi",
    "Sri",
    "Rina",
    "Wulan",
    "Fitri",
    "Nining",
    "Ayu",
    "Lestari",
    "Indah",
    "Ratna",
    "Yuliani",
    "Endang",
    "Tuti",
    "Puji",
    "Nurul",
    "Anisa",
    "Dian",
    "Eka",
    "Maya",
    "Novi",
    "Rahma",
    "Sari",
    "Umi",
    "Wiwik",
    "Yanti",
    "Zahra",
    "Kartika",
    "Laila",
    "Mega",
)
LAST = (
    "Santoso",
    "Aminah",
    "Fauzi",
    "Lestari",
    "Prasetyo",
    "Susilo",
    "Wibowo",
    "Hidayat",
    "Saputra",
    "Rahmawati",
    "Kurniawan",
    "Setiawan",
    "Nugroho",
    "Wijaya",
    "Hartono",
    "Purnomo",
    "Maulana",
    "Handayani",
    "Permata",
    "Suryani",
    "Utomo",
    "Firmansyah",
    "Kusuma",
    "Ramadhan",
    "Anggraini",
    "Pratama",
    "Hakim",
    "Safitri",
    "Mulyadi",
    "Astuti",
)
PLACES = (
    "Pekalongan",
    "Batang",
    "Pemalang",
    "Kendal",
    "Semarang",
    "Tegal",
    "Brebes",
    "Kajen",
    "Wonopringgo",
    "Comal",
)
REGENCIES = ("3375", "3375", "3375", "3325", "3326")
CATEGORIES = ("Honorer", "Kontrak", "THL", "PTT", "Tenaga Kontrak")
JOBS = (
    "Pengemudi",
    "Petugas Kebersihan",
    "Satpam",
    "Tenaga Administrasi",
    "Operator Komputer",
    "Penjaga Malam",
    "Tukang Taman",
    "Petugas Parkir",
)


class People:
    """Distinct workers with valid NIKs, from a seeded random generator."""

    def __init__(self, rng: Any) -> None:
        self.rng = rng
        self.serial = 100
        self.used: set[str] = set()

    def next_serial(self) -> int:
        self.serial += 1
        if self.serial % 10 == 0:  # no NIK ends in 0: a number cell ending in 0 means rounding
            self.serial += 1
        return self.serial

    def worker(self, *, opd: str = "", end: bool = False) -> Worker:
        rng = self.rng
        while True:
            sex = rng.choice("LP")
            first = rng.choice(MALE if sex == "L" else FEMALE)
            name = f"{first} {rng.choice(LAST)}"
            if rng.random() < 0.3:
                name = f"{first} {rng.choice(LAST)} {rng.choice(LAST)}"
            if name not in self.used and len(set(name.split())) == len(name.split()):
                self.used.add(name)
                break
        birth = date(rng.randint(1966, 2003), rng.randint(1, 12), rng.randint(1, 28))
        nik = make_nik(
            regency_code=rng.choice(REGENCIES),
            district=rng.randint(1, 4),
            birth_date=birth,
            sex=sex,
            serial=self.next_serial(),
        )
        earliest = max(birth.year + 19, 2010)
        start = date(rng.randint(earliest, 2025), rng.randint(1, 12), rng.choice((1, 1, 2, 15)))
        if start > date(2025, 6, 30):
            start = date(2025, 1, 2)
        end_date = None
        if end and rng.random() < 0.8:
            end_date = rng.choice(
                (
                    date(2026, 12, 31),
                    date(2027, 12, 31),
                    date(start.year + rng.randint(1, 3), 12, 31),
                )
            )
        return Worker(
            nik=nik,
            name=name,
            sex=sex,
            birth=birth,
            place=rng.choice(PLACES),
            wage=rng.randrange(1_200_000, 3_600_000, 50_000),
            start=start,
            end=end_date,
            category=rng.choice(CATEGORIES),
            opd=opd,
            extra=rng.choice(JOBS),
        )


def opd_key(text: str) -> str:
    """One key for the spellings of an OPD name: case, spaces, "Kec." for "Kecamatan"."""
    key = " ".join(text.lower().replace(".", ". ").split())
    key = re.sub(r"^kec\. ", "kecamatan ", key)
    return key.replace(".", "")


def expected(
    grids: list[tuple[str, SheetSpec, Grid]],
    *,
    opd: str | None,
    skipped_sheets: list[str],
    warnings: list[str],
) -> dict[str, Any]:
    """The expected outcome of importing a file, from the truth its grids carry."""
    people = []
    errors = []
    skipped: Counter[str] = Counter()
    canonical: dict[str, str] = {}
    sheets_read = []
    lacking: set[str] = set()
    for sheet, spec, g in grids:
        sheets_read.append(sheet)
        fields = {c.field for c in spec.columns}
        # One warning per file for each column some sheet lacks.
        lacking |= {"wage", "start_date"} - fields
        # The first spelling of each OPD in file order, valid rows and rows in error alike.
        for _r, p in sorted(g.persons.items()):
            key = opd_key(p.worker.opd)
            if p.worker.opd:
                canonical.setdefault(key, EXISTING_OPDS.get(key, p.worker.opd.strip()))
        for w, r in g.people:
            people.append(
                {
                    "nik": w.nik,
                    "name": w.name.upper() if g.persons[r].upper else w.name,
                    "birth_date": w.birth.isoformat() if fields & {"birth_date", "ttl"} else None,
                    "start_date": w.start.isoformat() if "start_date" in fields else None,
                    "end_date": w.end.isoformat() if "end_date" in fields and w.end else None,
                    "monthly_wage": w.wage if "wage" in fields else None,
                    "opd": canonical[opd_key(w.opd)] if opd is None else DLH_NAME,
                }
            )
        errors += [{"sheet": sheet, "row": r, "code": code} for r, code in g.errors]
        skipped.update(g.skipped)
    return {
        "opd": opd,
        "people": people,
        "errors": errors,
        "skipped": dict(sorted(skipped.items())),
        "sheets_read": sheets_read,
        "sheets_skipped": skipped_sheets,
        "warnings": sorted(
            set(warnings)
            | ({"no_wage_column"} if "wage" in lacking else set())
            | ({"no_start_column"} if "start_date" in lacking else set())
        ),
    }
