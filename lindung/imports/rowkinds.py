"""Rows of a worker table that are not people: sections, totals, signature blocks (pure).

Real lists are made for printing and signing. Between and under the people they hold
section rows ("A. TENAGA ADMINISTRASI"), a totals row ("JUMLAH"), a repeated header or a
row of column numbers on every printed page, and the signature block ("Pekalongan,
5 November 2026", "Kepala Dinas …", a name, "NIP. …"). Such rows are skipped with a
reason, never reported as broken people. A row that holds a person's data with a problem
is still a person (and an error).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lindung.imports.headers import cell_text, is_column_numbers
from lindung.imports.values import normalize_header

BLANK = "blank"
COLUMN_NUMBERS = "column_numbers"
HEADER = "header"
SECTION = "section"
TOTALS = "totals"
SIGNATURE = "signature"
NOTE = "note"

_TOTALS_RE = re.compile(r"^(jumlah|total|grand total|sub ?total|jml|rekap\w*)\b")
# "Pekalongan, 5 November 2026", "Batang, 05-11-2026": where and when the list was signed.
_PLACE_DATE_RE = re.compile(
    r"^[^\W\d_][\w .'-]*,\s*(\d{1,2}\s+[^\W\d_]+\.?\s+\d{4}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})$"
)
_SIGNATURE_WORDS = (
    "mengetahui", "menyetujui", "disetujui", "dibuat oleh", "diperiksa", "yang membuat",
    "kepala", "sekretaris", "plt", "plh", "pj", "a n", "u b", "nip", "nrp", "pembina",
    "penata", "pengatur", "camat", "lurah", "wali kota", "walikota", "bupati", "direktur",
    "bendahara", "pejabat", "ttd", "tertanda", "ketua", "koordinator",
)  # fmt: skip
_SECTION_PREFIX_RE = re.compile(r"^([A-Za-z]|[IVXLCivxlc]{1,6}|\d{1,2})[.)]\s*\S")
_SECTION_LABEL_RE = re.compile(r"^([A-Za-z]|[IVXLC]{1,6})[.)]?$")
_SECTION_WORDS = frozenset(
    {"tenaga", "petugas", "bidang", "bagian", "seksi", "sub", "unit", "kelompok", "staf",
     "pegawai", "pos", "uptd", "upt", "sekretariat", "kelurahan", "kecamatan", "puskesmas",
     "sekolah", "regu", "shift", "jabatan", "honorer", "kontrak", "kegiatan"}
)  # fmt: skip
_NOTE_RE = re.compile(r"^(catatan|keterangan|ket|nb|sumber|\*)")


def _is_small_int(cell: Any) -> bool:
    text = cell_text(cell).rstrip(".")
    return text.isdigit() and len(text) <= 5


def _holds_a_nik(cell: Any) -> bool:
    """A key cell that is plainly a NIK, or what is left of one (a person, maybe in error)."""
    if isinstance(cell, str):
        return cell[:1].isdigit() and sum(ch.isdigit() for ch in cell) >= 6
    return isinstance(cell, int | float) and not isinstance(cell, bool) and cell >= 100_000


class RowSorter:
    """Tells, row by row, whether a data row is a person or why it is not.

    Stateful: once a signature block starts, the rows under it without a key belong to it.
    """

    def __init__(self, headers: Sequence[str], fields: Sequence[str], key_field: str) -> None:
        self.fields = list(fields)
        self.key = fields.index(key_field) if key_field in fields else -1
        self.name = fields.index("name") if "name" in fields else -1
        self.header_keys = [normalize_header(h) for h in headers]
        self.in_signature = False

    def skip_reason(self, cells: Sequence[Any]) -> str | None:
        """None for a row that holds a person (valid or not), else the skip code."""
        if 0 <= self.key < len(cells) and _holds_a_nik(cells[self.key]):
            return None  # the common case, decided without looking at the other cells
        texts = [cell_text(c) for c in cells]
        filled = [i for i, t in enumerate(texts) if t]
        if not filled:
            return BLANK
        key_text = texts[self.key] if 0 <= self.key < len(texts) else ""
        if sum(ch.isdigit() for ch in key_text) >= 6 and not self._signature_word(
            normalize_header(key_text)
        ):
            return None  # a NIK (or what is left of one): a person; "NIP. 1970…" is not
        if self._is_header(texts):
            return HEADER
        if is_column_numbers(cells):
            return COLUMN_NUMBERS
        mapped = [i for i in filled if i < len(self.fields) and self.fields[i]]
        if not mapped and all(_is_small_int(cells[i]) for i in filled):
            return BLANK  # a numbered row left empty ("No" filled in advance)
        keys = [normalize_header(texts[i]) for i in filled]
        if any(_TOTALS_RE.match(k) for k in keys):
            return TOTALS
        if any(_PLACE_DATE_RE.match(texts[i]) for i in filled) or any(
            self._signature_word(k) for k in keys
        ):
            self.in_signature = True
            return SIGNATURE
        if self.in_signature:
            return SIGNATURE
        if len(filled) == 1 and _NOTE_RE.match(keys[0]):
            return NOTE
        if self._is_section(texts, filled):
            return SECTION
        return None

    def _is_header(self, texts: list[str]) -> bool:
        keys = [normalize_header(t) for t in texts]
        same = sum(1 for a, b in zip(keys, self.header_keys, strict=False) if a and a == b)
        return same >= max(2, sum(1 for k in self.header_keys if k) // 2)

    @staticmethod
    def _signature_word(key: str) -> bool:
        return any(key == w or key.startswith(w + " ") for w in _SIGNATURE_WORDS)

    def _is_section(self, texts: list[str], filled: list[int]) -> bool:
        if len(filled) > 3:
            return False
        labels = [texts[i] for i in filled]
        if any(_SECTION_PREFIX_RE.match(t) and not t[:1].isdigit() for t in labels):
            return True
        if len(labels) >= 2 and _SECTION_LABEL_RE.match(labels[0]):
            return True  # "A" in the No column, the title beside it
        if len(filled) == 1 and filled[0] != self.name:
            return True
        words = set(normalize_header(" ".join(labels)).split())
        return bool(words & _SECTION_WORDS) and all(t == t.upper() for t in labels)
