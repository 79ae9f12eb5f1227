"""Parse spreadsheet cells typed by Pemda staff into clean Python values.

Pure Python, no Django: importers, the API and tests share it. One module per value kind
(`identifiers`, `dates`, `money`, `choices`, `programs`, `text`, with `base` shared); the
public parsers are re-exported here, so callers import from ``lindung.imports.values``.

Cells arrive from python-calamine (str, int, float, bool, date, datetime, time, timedelta,
or "" for an empty cell) or from CSV (always str). Every ``parse_*_cell`` function returns
the parsed value, returns None for an empty cell (the caller decides whether the column is
required) or raises :class:`CellError` with a stable code and a message in Bahasa Indonesia.

A cell holding only a dash ("-", "–", "—") counts as empty: Indonesian sheets use it for
"no data" (an end date of "-" means none). Two exceptions: yes/no columns read it as "no"
and money columns as 0, which is what Excel's accounting format shows for zero.
"""

from lindung.imports.values.base import CellError, normalize_header
from lindung.imports.values.choices import (
    parse_bool_cell,
    parse_category_cell,
    parse_segment_cell,
    parse_sex_cell,
    parse_status_cell,
)
from lindung.imports.values.dates import parse_birth_cell, parse_date_cell, parse_month_cell
from lindung.imports.values.identifiers import KPJ_LENGTH, parse_kpj_cell, parse_nik_cell
from lindung.imports.values.money import MAX_MONEY, parse_money_cell
from lindung.imports.values.programs import PROGRAM_ORDER, parse_programs_cell
from lindung.imports.values.text import parse_text_cell

__all__ = [
    "KPJ_LENGTH",
    "MAX_MONEY",
    "PROGRAM_ORDER",
    "CellError",
    "normalize_header",
    "parse_bool_cell",
    "parse_birth_cell",
    "parse_category_cell",
    "parse_date_cell",
    "parse_kpj_cell",
    "parse_money_cell",
    "parse_month_cell",
    "parse_nik_cell",
    "parse_programs_cell",
    "parse_segment_cell",
    "parse_sex_cell",
    "parse_status_cell",
    "parse_text_cell",
]
