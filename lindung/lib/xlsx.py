"""Write plain XLSX workbooks, streaming rows (openpyxl write-only mode)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    text_columns: set[int] = field(default_factory=set)


# OWASP "CSV injection": a text cell starting with one of these may run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_value(value: Any) -> Any:
    """A cell value that Excel and LibreOffice will never evaluate.

    Numbers, dates and booleans the app computes stay what they are (a computed -5 is a
    number); any text that starts like a formula gets a leading `'` and stays text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def text_cell(ws: Any, value: Any, *, text: bool = False) -> WriteOnlyCell:
    """One write-only cell: never a formula; with `text`, stored as text ("@")."""
    if text and value is not None:
        value = str(value)
    cell = WriteOnlyCell(ws, value=safe_value(value))
    if text and value is not None:
        cell.number_format = "@"
    return cell


_NOT_IN_TITLES = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str) -> str:
    """Excel refuses the characters [ ] : * ? / and backslash in a sheet name, and > 31 chars.

    A longer name is cut after its last whole word that fits (a word longer than 31
    characters is cut where it must be).
    """
    title = _NOT_IN_TITLES.sub("-", text).strip()
    if len(title) > 31:
        head = title[:32].rsplit(" ", 1)[0] if " " in title[:32] else title[:31]
        title = head.rstrip(" -")
    return title or "Sheet"


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    """Sheets with a bold header row; columns in `text_columns` are stored as text.

    NIK and similar identifiers must stay text, or Excel turns them into 3.37501E+15.
    Every cell, header included, goes through `text_cell`: no cell is ever a formula.
    """
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(title=sheet_title(sheet.title))
        header_cells = []
        for h in sheet.headers:
            cell = text_cell(ws, h)
            cell.font = Font(bold=True)
            header_cells.append(cell)
        ws.append(header_cells)
        for row in sheet.rows:
            ws.append([text_cell(ws, v, text=i in sheet.text_columns) for i, v in enumerate(row)])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def workbook_bytes(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], text_columns: set[int]
) -> bytes:
    """A one-sheet workbook."""
    return write_workbook([Sheet(title, headers, rows, text_columns)])


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
