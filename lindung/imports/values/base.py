"""Shared by every value kind: the cell error, blank and dash cells, header keys."""

import math
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeGuard, TypeVar


class CellError(Exception):
    """A cell that cannot be read: ``code`` is stable for programs, ``message`` is for users."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)  # both in args, so the error pickles and copies
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


# Copied from web pages and PDFs (zero-width characters, BOM, the emoji variation selector
# of "✔️"); not whitespace for str.split(), so removed explicitly.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufe0f"))
_DASHES_RE = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]+")
# The apostrophe Excel users type to force text ("'3375...") never belongs to the value.
_LEADING_APOSTROPHES = "'`\u2018\u2019"


def _clean(text: str) -> str:
    """Drop invisible characters, trim and collapse whitespace (NBSP included)."""
    return " ".join(text.translate(_INVISIBLE).split())


def _blank(raw: object) -> bool:
    # NaN is how pandas-like tools hand over an empty cell.
    if raw is None:
        return True
    if isinstance(raw, float):
        return math.isnan(raw)
    return isinstance(raw, str) and not _clean(raw)


def _is_dash(text: str) -> bool:
    return _DASHES_RE.fullmatch(text) is not None


def _text_or_none(raw: str) -> str | None:
    """Cleaned text, or None when the cell is blank or a "no data" dash."""
    text = _clean(raw).lstrip(_LEADING_APOSTROPHES).strip()
    return None if not text or _is_dash(text) else text


def _show(raw: object) -> str:
    """The cell as users typed it, for error messages."""
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e16:
        return str(int(raw))
    if isinstance(raw, str):
        return _clean(raw)
    return str(raw)


def _is_number(raw: object) -> TypeGuard[int | float]:
    # bool is an int subclass, but TRUE/FALSE cells are not numbers.
    return isinstance(raw, int | float) and not isinstance(raw, bool)


T = TypeVar("T")


def _cached_for_text(parse: Callable[[object], T]) -> Callable[[object], T]:
    """Remember the results of a choice parser for text cells.

    A column of a million rows repeats a handful of values ("Kontrak", "Ya", "L"); the
    parsers are pure, so a text seen before gets the same answer without parsing it again.
    Only exact ``str`` cells are cached (True == 1 must not share an entry with "1"), and
    only answers: an error is raised afresh each time.
    """
    cached = lru_cache(maxsize=1024)(parse)

    @wraps(parse)
    def wrapper(raw: object) -> T:
        if type(raw) is str and len(raw) <= 64:
            return cached(raw)
        return parse(raw)

    return wrapper


@lru_cache(maxsize=4096)
def _key(raw: str) -> str:
    """Lookup key for free-text choices: see :func:`normalize_header`.

    Cached: a column of a million rows repeats a handful of values ("Kontrak", "Ya", "L").
    """
    return normalize_header(raw)


def normalize_header(text: object) -> str:
    """Lower-case, without accents or punctuation, single-spaced: "No. KTP" -> "no ktp".

    Used to match column headers ("Tgl. Lahir", "L/P", "NIK *") and free-text choices.
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", _show(text))  # a 2026.0 header reads "2026"
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Any non-alphanumeric character (".", ":", "/", "(", "*", "#", "_", "-"...) separates.
    spaced = re.sub(r"[\W_]", " ", plain.translate(_INVISIBLE).casefold())
    return " ".join(spaced.split())
