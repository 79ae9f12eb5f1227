"""Downloads: the error report of a batch and the blank templates."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lindung.imports.models import ImportBatch, ImportRow
from lindung.lib.xlsx import Sheet, safe_value, sheet_title, write_workbook


def error_report(batch: ImportBatch) -> bytes:
    """Each failed row as the user typed it, with its row number and the reasons.

    One sheet per sheet of the upload that has failed rows, under that sheet's headings.
    """
    sheets = batch.layout.get("sheets") or [
        {"name": "", "columns": batch.layout.get("columns", [])}
    ]
    failed = batch.rows.filter(outcome=ImportRow.Outcome.ERROR)
    with_errors = set(failed.values_list("sheet", flat=True).distinct())
    out = []
    for layout in sheets:
        name = layout.get("name", "")
        if name not in with_errors and len(sheets) > 1:
            continue
        headers = [c["header"] or f"Kolom {c['index'] + 1}" for c in layout["columns"]]
        title = sheet_title(f"Galat {name}") if len(sheets) > 1 else "Galat"
        # Every original cell stays text, as typed (a NIK must not turn into 3.37501E+15).
        out.append(
            Sheet(
                title,
                ["Baris", *headers, "Alasan"],
                _failed_rows(failed.filter(sheet=name), len(headers)),
                set(range(1, len(headers) + 1)),
            )
        )
    return write_workbook(out)


def _failed_rows(rows: QuerySet[ImportRow], width: int) -> Iterator[list[Any]]:
    for r in rows.order_by("id").iterator(chunk_size=2000):
        cells = (list(r.cells) + [""] * width)[:width] if width else list(r.cells)
        reasons = "; ".join(f"{e['column']}: {e['message']}" if e["column"] else e["message"]
                            for e in r.errors)  # fmt: skip
        yield [r.number, *cells, reasons]


TEMPLATES: dict[str, dict[str, Any]] = {
    "workers": {
        "headers": ["NIK", "Nama Lengkap", "Tanggal Lahir", "L/P", "Jenis Tenaga", "SK Walikota",
                    "Gaji", "TMT", "No. HP", "OPD"],
        "example": ["3375014507900001", "Siti Aminah", "05/07/1990", "P", "Kontrak", "Tidak",
                    2500000, "02/01/2024", "081234567890", "DLH"],
        "lists": {"E": "Honorer,Kontrak,Kegiatan,Alih Daya,Lainnya", "F": "Ya,Tidak", "D": "L,P"},
    },
    "memberships": {
        "headers": ["NIK", "KPJ", "Nama", "Tanggal Lahir", "NPP", "Divisi", "Nama Perusahaan",
                    "Segmen", "Program", "Upah Dilaporkan", "Status", "Iuran Terakhir",
                    "Tgl Kepesertaan"],
        "example": ["3375014507900001", "12345678901", "Siti Aminah", "05/07/1990", "17081342",
                    "001", "Dinas Lingkungan Hidup", "PU", "JKK,JKM,JHT", 2500000, "Aktif",
                    "2026-10", "01/02/2024"],
        "lists": {"H": "PU,BPU,Jakon", "K": "Aktif,Non Aktif"},
    },
    "businesses": {
        "headers": ["NIB", "Nama Usaha", "KBLI", "Skala Usaha", "Kecamatan", "Alamat",
                    "Jumlah Pekerja", "Total Upah", "Sumber", "Tanggal Data"],
        "example": ["9120001234567", "Batik Sekar Jagad", "13134", "Kecil", "Pekalongan Barat",
                    "Jl. Hayam Wuruk 12", 25, 65000000, "WLKP", "31/01/2026"],
        "lists": {"D": "Mikro,Kecil,Menengah,Besar", "I": "WLKP,OSS,Inspeksi,Lainnya"},
    },
    "employers": {
        "headers": ["NPP", "Divisi", "Nama Perusahaan", "NIB", "Kecamatan", "TK Aktif",
                    "Total Upah", "Program", "Iuran Terakhir", "Tunggakan"],
        "example": ["17081342", "001", "PT Batik Sekar Jagad", "9120001234567",
                    "Pekalongan Barat", 20, 52000000, "JKK,JKM,JHT", "2026-10", 0],
        "lists": {},
    },
    "projects": {
        "headers": ["Nomor Kontrak", "Nama Paket", "OPD", "Penyedia", "NIB Penyedia",
                    "NPP Penyedia", "Nilai Kontrak tanpa PPN", "Tanggal SPK", "Tanggal Mulai",
                    "Tanggal Selesai"],
        "example": ["027/DPUPR/SPK/03/2026", "Rehabilitasi Saluran Drainase Jl. Hayam Wuruk",
                    "DPUPR", "CV Karya Batik Konstruksi", "9120001234567", "21000001",
                    850000000, "16/03/2026", "23/03/2026", "30/09/2026"],
        "lists": {},
    },
    "election_members": {
        "headers": ["NIK", "Nama", "Peran"],
        "example": ["3375014507900001", "Siti Aminah", "KPPS"],
        # The roles a cohort may have; each file goes to one cohort, which needs the role.
        "lists": {"C": "PPK,PPS,KPPS,Pantarlih,Panwaslu Kecamatan,PKD,Pengawas TPS,PPL,Lainnya"},
    },
    "informal_members": {
        "headers": ["NIK", "Nama", "Penghasilan per Bulan"],
        "example": ["3375014507900001", "Slamet Riyadi", 1500000],
        "lists": {},
    },
}  # fmt: skip
# Identifier columns kept as text, so that Excel does not turn them into numbers.
TEXT_COLUMNS = {
    "memberships": ("A", "B"),
    "businesses": ("A", "C"),
    "employers": ("A", "B", "D"),
    "projects": ("A", "E", "F"),
}


# The example sits on a sheet of its own, which the importer never reads (its name starts
# with "Contoh"): a template filled in and uploaded imports only what the user typed.
EXAMPLE_SHEET = "Contoh (tidak diimpor)"
EXAMPLE_NOTE = (
    "Contoh pengisian. Lembar ini tidak diimpor: isi data Anda di lembar Data, satu baris "
    "per baris, tanpa mengubah judul kolom."
)


def template(kind: str) -> bytes:
    """A blank "Data" sheet (headings, text formats, drop-down lists) and an example sheet."""
    spec = TEMPLATES[kind]
    text_columns = TEXT_COLUMNS.get(kind, ("A",))
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    # Fixed text, but through the one cell rule all the same: no cell is ever a formula.
    ws.append([safe_value(v) for v in spec["headers"]])
    for col in text_columns:
        # NIK and KPJ as text: Excel must not turn them into numbers.
        for row in range(2, 5001):
            ws[f"{col}{row}"].number_format = "@"
    for col, values in spec["lists"].items():
        dv = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
        dv.add(f"{col}2:{col}5000")
        ws.add_data_validation(dv)
    example = wb.create_sheet(EXAMPLE_SHEET)
    example.append([EXAMPLE_NOTE])
    example.append([safe_value(v) for v in spec["headers"]])
    example.append([safe_value(v) for v in spec["example"]])
    for col in text_columns:
        example[f"{col}3"].number_format = "@"
    for sheet in (ws, example):
        for i, header in enumerate(spec["headers"], start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(12, len(header) + 4)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
