"""Free-text cells: trimmed, single-spaced, limited in length."""

from datetime import date, datetime, time

from lindung.imports.values.base import (
    CellError,
    _blank,
    _clean,
    _is_dash,
)


def parse_text_cell(raw: object, *, max_length: int) -> str | None:
    """Trimmed text with single spaces; whole floats lose their ".0" ("12.0" -> "12").

    Code: ``text_too_long``.
    """
    if type(raw) is str and raw.isascii():
        # ASCII holds no invisible characters and its only dash is "-": the same cleaning
        # as the full parser, without its general machinery.
        text = " ".join(raw.split())
        if not text.strip("-"):
            return None
        if len(text) > max_length:
            raise _too_long(text, max_length)
        return text
    return _parse_text_full(raw, max_length=max_length)


def _parse_text_full(raw: object, *, max_length: int) -> str | None:
    if _blank(raw):
        return None
    text: str | None
    if isinstance(raw, bool):
        text = "TRUE" if raw else "FALSE"  # as Excel shows it
    elif isinstance(raw, float):
        text = str(int(raw)) if raw.is_integer() else repr(raw)
    elif isinstance(raw, datetime):
        text = raw.isoformat(sep=" ")
    elif isinstance(raw, date | time):
        text = raw.isoformat()
    elif isinstance(raw, str):
        text = _clean(raw)
        text = None if _is_dash(text) else text
    else:
        text = str(raw)
    if text is None:
        return None
    if len(text) > max_length:
        raise _too_long(text, max_length)
    return text


def _too_long(text: str, max_length: int) -> CellError:
    return CellError(
        "text_too_long", f"Teks terlalu panjang: {len(text)} karakter, maksimal {max_length}."
    )
