"""Program cells: the BPJS TK programs of a participant ("JKK, JKM", "4 program")."""

import re

from lindung.imports.values.base import (
    CellError,
    _blank,
    _cached_for_text,
    _key,
    _show,
    _text_or_none,
)

PROGRAM_ORDER = ("JKK", "JKM", "JHT", "JP", "JKP")
# "4 program" is how staff name the usual PU package; each count adds the next program.
_PROGRAM_COUNT_RE = re.compile(r"([2-5]) ?program")
_PROGRAM_SEPARATOR_RE = re.compile(r"[^A-Z0-9]+")
_PROGRAM_FILLERS = frozenset({"", "DAN", "AND"})
_PROGRAMS_HINT = "Gunakan JKK, JKM, JHT, JP, JKP (dipisah koma) atau '4 program'."


@_cached_for_text
def parse_programs_cell(raw: object) -> tuple[str, ...] | None:
    """Programs in canonical order without duplicates: "JHT, JKK dan JKM" -> (JKK, JKM, JHT).

    Separators: anything not a letter or digit, and "dan"/"and". "2/3/4/5 program" are the
    first 2-5 programs of JKK, JKM, JHT, JP, JKP. Code: ``programs_unknown``.
    """
    if _blank(raw):
        return None
    if not isinstance(raw, str):
        raise CellError(
            "programs_unknown", f"Program tidak dikenali: '{_show(raw)}'. {_PROGRAMS_HINT}"
        )
    text = _text_or_none(raw)
    if text is None:
        return None
    if match := _PROGRAM_COUNT_RE.fullmatch(_key(text)):
        return PROGRAM_ORDER[: int(match[1])]
    tokens = set(_PROGRAM_SEPARATOR_RE.split(text.upper())) - _PROGRAM_FILLERS
    unknown = sorted(tokens - set(PROGRAM_ORDER))
    if unknown or not tokens:
        shown = ", ".join(unknown) if unknown else _show(raw)
        raise CellError("programs_unknown", f"Program tidak dikenali: {shown}. {_PROGRAMS_HINT}")
    return tuple(program for program in PROGRAM_ORDER if program in tokens)
