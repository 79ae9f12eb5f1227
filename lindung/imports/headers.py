"""Which column holds which field: scored heading matches and header-row detection (pure).

Headings in real files vary beyond any fixed list ("HONOR/BULAN (Rp)", "Jml Honor per
Bln", "No. Induk Kependudukan (NIK)"). A heading is compared with the synonym table after
expanding abbreviations and dropping words that carry no meaning (units, "per", "bulan",
"no"); an exact synonym is the strongest signal, a synonym contained in a longer heading
or a near spelling counts for less. The confidence of each mapping is kept for the preview.

A header may sit on one row or on two (a merged group cell such as "Data Kependudukan"
above "NIK", "Tgl Lahir"; single headings merged down over both rows); both rows are read
as one header when that explains the columns better.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from lindung.imports.values import normalize_header

# How far below the top a header row may sit (title rows, logos, blank rows).
HEADER_SEARCH_ROWS = 30
# Below this a heading is not mapped at all; the user can still map it by hand.
MIN_CONFIDENCE = 0.6
# Pseudo-field of headings known to mean something Lindung does not import.
IGNORE = "_ignore"

# Spellings shortened in headings, expanded before comparing.
_ABBREVIATIONS = {
    "tgl": "tanggal", "tg": "tanggal", "tangal": "tanggal", "lhr": "lahir", "jns": "jenis",
    "tmpt": "tempat", "tmp": "tempat", "thn": "tahun", "nm": "nama", "peg": "pegawai",
    "sts": "status", "stts": "status", "telp": "telepon", "tlp": "telepon", "kec": "kecamatan",
    "ket": "keterangan", "pnghsln": "penghasilan", "hon": "honor", "kepeg": "kepegawaian",
    "skpd": "skpd", "kel": "kelamin",
}  # fmt: skip
# Words that say nothing about what a column holds: units, "per month", "number of".
_NOISE = frozenset(
    {
        "rp", "idr", "rupiah", "per", "bulan", "bln", "bl", "perbulan", "sebulan", "tiap",
        "setiap", "no", "nomor", "nmr", "nomer", "jumlah", "jml", "besaran", "besar", "data",
        "yang", "dan", "di", "dari", "atau", "sesuai", "dgn", "dengan", "mata", "uang",
    }
)  # fmt: skip

# Headings of columns that hold something else: they must not be taken for a near field.
_IGNORED_HEADINGS = (
    "tempat lahir", "status perkawinan", "status kawin", "perkawinan", "agama",
    "pendidikan", "pendidikan terakhir", "alamat", "alamat rumah", "keterangan", "nip",
    "npwp", "rekening", "no rekening", "bank", "nama bank", "tanda tangan", "ttd", "paraf",
    "email", "urut", "no urut", "nomor urut", "foto", "jabatan",
)  # fmt: skip


def canonical(text: object) -> tuple[str, ...]:
    """The meaningful words of a heading: "Jml Honor per Bln (Rp)" -> ("honor",)."""
    words = (_ABBREVIATIONS.get(w, w) for w in normalize_header(text).split())
    return tuple(w for w in words if w not in _NOISE)


@dataclass(frozen=True)
class Match:
    field: str
    confidence: float  # 0..1
    how: str  # "synonym", "similar", "user"


@lru_cache(maxsize=16)
def _table(synonyms: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, Any]:
    exact: dict[str, str] = {}
    canon: list[tuple[tuple[str, ...], str]] = []
    for f, syns in synonyms:
        for syn in syns:
            exact.setdefault(normalize_header(syn), f)
            c = canonical(syn)
            if c:
                canon.append((c, f))
    return {"exact": exact, "canon": canon}


def _frozen(synonyms: dict[str, tuple[str, ...]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return (*tuple(synonyms.items()), (IGNORE, _IGNORED_HEADINGS))


def _token_in(token: str, words: Sequence[str]) -> bool:
    if token in words:
        return True
    # A typo in a long word ("kependudukn", "honorarim"); short words must match exactly.
    return len(token) >= 5 and any(len(w) >= 5 and fuzz.ratio(token, w) >= 88 for w in words)


def score_heading(synonyms: dict[str, tuple[str, ...]], heading: object) -> dict[str, float]:
    """The confidence (0..1) that a heading means each field it resembles."""
    table = _table(_frozen(synonyms))
    key = normalize_header(heading)
    if not key:
        return {}
    if key in table["exact"]:
        return {table["exact"][key]: 1.0}
    words = canonical(heading)
    if not words:
        return {}
    joined = " ".join(words)
    scores: dict[str, float] = {}
    for syn, f in table["canon"]:
        if syn == words:
            s = 0.95
        elif all(_token_in(t, words) for t in syn):
            # The synonym inside a longer heading: "Nama Tenaga Non ASN" holds "nama".
            s = 0.6 + 0.3 * len(syn) / len(words)
        else:
            ratio = fuzz.ratio(joined, " ".join(syn))
            s = 0.9 * ratio / 100 if ratio >= 85 else 0.0
        if s > scores.get(f, 0.0):
            scores[f] = round(s, 3)
    return scores


@dataclass
class Header:
    """Where a sheet's table starts and what each column means."""

    row: int  # 1-based number of the (last) header row
    rows: int  # 1 or 2
    headers: list[str]  # as shown to the user
    matches: list[Match | None] = field(default_factory=list)

    @property
    def fields(self) -> list[str]:
        return [m.field if m else "" for m in self.matches]

    @property
    def total(self) -> float:
        return sum(m.confidence for m in self.matches if m)


def cell_text(cell: Any) -> str:
    """A cell as shown: whole-number floats without ".0", whitespace collapsed."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


def assign(
    synonyms: dict[str, tuple[str, ...]],
    headers: Sequence[str],
    explicit: dict[str, str] | None = None,
) -> list[Match | None]:
    """The field of each column: explicit choices first, then the best scores, each field once.

    `explicit` maps a normalized heading to a field ("" = ignore this column), from the
    user's corrections of this file and the Pemda's remembered ones.
    """
    explicit = explicit or {}
    result: list[Match | None] = [None] * len(headers)
    taken: set[str] = set()
    decided: set[int] = set()
    for i, h in enumerate(headers):
        key = normalize_header(h)
        if key in explicit:
            decided.add(i)
            f = explicit[key]
            if f in synonyms and f not in taken:
                result[i] = Match(f, 1.0, "user")
                taken.add(f)
    pairs = sorted(
        (
            (s, -i, f)
            for i, h in enumerate(headers)
            if i not in decided
            for f, s in score_heading(synonyms, h).items()
            if s >= MIN_CONFIDENCE
        ),
        reverse=True,
    )
    for s, neg_i, f in pairs:
        i = -neg_i
        if i in decided or f in taken:
            continue
        decided.add(i)
        if f == IGNORE:
            continue
        result[i] = Match(f, s, "synonym" if s >= 0.95 else "similar")
        taken.add(f)
    return result


def _two_row_headers(top: Sequence[Any], bottom: Sequence[Any]) -> list[list[str]]:
    """Each column's candidate headings when a header spans two rows."""
    width = max(len(top), len(bottom))
    out: list[list[str]] = []
    group = ""
    for i in range(width):
        t = cell_text(top[i]) if i < len(top) else ""
        b = cell_text(bottom[i]) if i < len(bottom) else ""
        if t:
            group = t
        elif not b:
            group = ""  # a gap in both rows ends a merged group cell
        if b:
            parent = t or group
            out.append([b, f"{parent} {b}".strip()] if parent else [b])
        else:
            out.append([t])
    return out


def _best_candidates(
    synonyms: dict[str, tuple[str, ...]], candidates: list[list[str]]
) -> list[str]:
    chosen = []
    for options in candidates:
        best, best_score = options[0], -1.0
        for text in options:
            scores = score_heading(synonyms, text)
            s = max((v for k, v in scores.items() if k != IGNORE), default=0.0)
            if s > best_score:
                best, best_score = text, s
        chosen.append(best)
    return chosen


def _looks_like_data(cells: Sequence[Any]) -> bool:
    """A row with numbers or long digit strings is data, not the second header row."""
    for c in cells:
        if isinstance(c, int | float) and not isinstance(c, bool):
            return True
        text = cell_text(c)
        if sum(ch.isdigit() for ch in text) >= 6:
            return True
    return False


def _better(a: Header, b: Header) -> bool:
    """More columns mapped, or as many with clearly more confidence; else the earlier."""
    mapped_a = sum(1 for m in a.matches if m)
    mapped_b = sum(1 for m in b.matches if m)
    return mapped_a > mapped_b or (mapped_a == mapped_b and a.total > b.total + 0.05)


def find_header(
    synonyms: dict[str, tuple[str, ...]],
    key_field: str,
    rows: Sequence[Sequence[Any]],
    explicit: dict[str, str] | None = None,
) -> Header | None:
    """The header (one or two rows) that maps the most, with the key column (e.g. NIK).

    With no key field, the header that maps at least two columns: what to ask the user
    about when the key column's heading was not recognised.
    """
    best: Header | None = None
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    for i in range(limit):
        top = rows[i]
        if not any(cell_text(c) for c in top):
            continue
        single = [cell_text(c) for c in top]
        candidates = [Header(i + 1, 1, single, assign(synonyms, single, explicit))]
        if i + 1 < len(rows) and any(cell_text(c) for c in rows[i + 1]):
            if not _looks_like_data(rows[i + 1]):
                merged = _best_candidates(synonyms, _two_row_headers(top, rows[i + 1]))
                candidates.append(Header(i + 2, 2, merged, assign(synonyms, merged, explicit)))
        for h in candidates:
            found = key_field in h.fields if key_field else sum(1 for m in h.matches if m) >= 2
            if found and (best is None or _better(h, best)):
                best = h
    return best


def is_column_numbers(cells: Sequence[Any]) -> bool:
    """A row that numbers the columns (1, 2, 3 …, or "(1)", "(2)"), as printed tables do."""
    numbers: list[int] = []
    for c in cells:
        text = cell_text(c).strip("()[] .")
        if not text:
            continue
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return (
        len(numbers) >= 3
        and numbers[0] in (0, 1)
        and all(b > a for a, b in zip(numbers, numbers[1:], strict=False))
        and numbers[-1] - numbers[0] < 2 * len(numbers)
    )
