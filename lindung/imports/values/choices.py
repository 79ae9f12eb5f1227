"""Choice cells: yes/no, sex, engagement category, status and segment in their many spellings."""

from lindung.imports.values.base import (
    CellError,
    _blank,
    _cached_for_text,
    _clean,
    _is_dash,
    _is_number,
    _key,
    _show,
    _text_or_none,
)
from lindung.lib.nik import (
    normalize_sex,
)

# "x" and check marks mean "yes": staff tick a column, and an empty cell or "-" is "no".
# "t" is "tidak" (the Y/T convention), not the English "true".
_TRUE_WORDS = frozenset(
    {"ya", "iya", "y", "yes", "true", "benar", "1", "ada", "sudah", "v", "x", "ok"}
)
_TRUE_MARKS = frozenset({"✓", "✔", "√", "☑", "✅"})
_FALSE_WORDS = frozenset(
    {"tidak", "tdk", "t", "no", "n", "false", "salah", "0", "tidak ada", "tdk ada", "belum"}
)


@_cached_for_text
def parse_bool_cell(raw: object) -> bool | None:
    """Yes/no ("SK", "Y/T" columns): ya/y/1/ada/sudah/v/x/✓ -> True; tidak/t/0/-/belum -> False.

    Code: ``bool_format``.
    """
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    if _is_number(raw) and raw in (0, 1):
        return raw == 1
    if isinstance(raw, str):
        text = _clean(raw)
        if _is_dash(text):
            return False
        if text in _TRUE_MARKS:
            return True
        key = _key(text)
        if key in _TRUE_WORDS:
            return True
        if key in _FALSE_WORDS:
            return False
    raise CellError(
        "bool_format",
        f"Isian ya/tidak tidak dikenali: '{_show(raw)}'. Gunakan Ya atau Tidak (Y/T).",
    )


# English M/F and shorthand that lindung.lib.nik's list does not cover.
_SEX_EXTRA: dict[str, str] = {
    "M": "L", "MALE": "L", "LAKI": "L", "LAKI2": "L", "F": "P", "FEMALE": "P"
}  # fmt: skip


@_cached_for_text
def parse_sex_cell(raw: object) -> str | None:
    """Return "L" or "P" from L/P, Laki-laki, Pria, Perempuan, Wanita, LK/PR or English M/F.

    Code: ``sex_format``.
    """
    if _blank(raw):
        return None
    if isinstance(raw, str):
        text = _text_or_none(raw)
        if text is None:
            return None
        # "Laki - laki", "L.", "Laki_laki": reduce to the spellings lindung.lib.nik knows.
        words = _key(text).upper()
        sex = normalize_sex(words) or _SEX_EXTRA.get(words)
        if sex is not None:
            return sex
    raise CellError(
        "sex_format",
        f"Jenis kelamin tidak dikenali: '{_show(raw)}'. Gunakan L (laki-laki) atau P (perempuan).",
    )


def _choice(raw: object, aliases: dict[str, str], error: CellError) -> str | None:
    """Look up free text (or a whole number, for "1"/"0" codes) in ``aliases``."""
    if _blank(raw):
        return None
    if isinstance(raw, str):
        text = _text_or_none(raw)
        if text is None:
            return None
    elif _is_number(raw):
        text = _show(raw)
    else:
        raise error
    value = aliases.get(_key(text))
    if value is None:
        raise error
    return value


_CATEGORIES: dict[str, str] = {
    "honorer": "honorer",
    "tenaga honorer": "honorer",
    "pegawai honorer": "honorer",
    "honor": "honorer",
    "th": "honorer",
    "kontrak": "kontrak",
    "tenaga kontrak": "kontrak",
    "pegawai kontrak": "kontrak",
    "ptt": "kontrak",  # pegawai tidak tetap
    "pegawai tidak tetap": "kontrak",
    "pkwt": "kontrak",  # perjanjian kerja waktu tertentu
    "tkk": "kontrak",  # tenaga kerja kontrak, the usual Pemda abbreviation
    "tenaga kerja kontrak": "kontrak",
    "kegiatan": "kegiatan",
    "tenaga kegiatan": "kegiatan",
    # THL (tenaga harian lepas) are day labourers hired and paid per activity out of the
    # kegiatan budget, without a contract SK: closest to "kegiatan", not "kontrak".
    "thl": "kegiatan",
    "tenaga harian lepas": "kegiatan",
    "harian lepas": "kegiatan",
    "thl tb": "kegiatan",  # THL tenaga bantu
    "alih daya": "alih_daya",
    "alihdaya": "alih_daya",
    "tenaga alih daya": "alih_daya",
    "outsourcing": "alih_daya",
    "outsource": "alih_daya",
    "lainnya": "other",
    "lain lain": "other",
    "lain": "other",
    "other": "other",
    "others": "other",
}
_CATEGORY_HINT = (
    "Gunakan salah satu: Honorer, Tenaga kontrak (PTT/PKWT), Tenaga kegiatan (THL), "
    "Alih daya (outsourcing), Lainnya."
)


@_cached_for_text
def parse_category_cell(raw: object) -> str | None:
    """Engagement category: honorer, kontrak, kegiatan, alih_daya or other.

    Code: ``category_unknown``.
    """
    error = CellError(
        "category_unknown", f"Kategori tidak dikenal: '{_show(raw)}'. {_CATEGORY_HINT}"
    )
    return _choice(raw, _CATEGORIES, error)


_STATUSES: dict[str, str] = {
    "aktif": "aktif",
    "active": "aktif",
    "1": "aktif",
    "non aktif": "non_aktif",
    "nonaktif": "non_aktif",
    "tidak aktif": "non_aktif",
    "tdk aktif": "non_aktif",
    "na": "non_aktif",
    "inactive": "non_aktif",
    "non active": "non_aktif",
    "0": "non_aktif",
}


@_cached_for_text
def parse_status_cell(raw: object) -> str | None:
    """Membership status: "aktif" or "non_aktif". Code: ``status_format``."""
    error = CellError(
        "status_format",
        f"Status kepesertaan tidak dikenali: '{_show(raw)}'. Gunakan Aktif atau Non Aktif.",
    )
    return _choice(raw, _STATUSES, error)


_SEGMENTS: dict[str, str] = {
    "pu": "PU",
    "ppu": "PU",
    "penerima upah": "PU",
    "pekerja penerima upah": "PU",
    "bpu": "BPU",
    "bukan penerima upah": "BPU",
    "pekerja bukan penerima upah": "BPU",
    "mandiri": "BPU",
    "informal": "BPU",
    "jakon": "JAKON",
    "jasa konstruksi": "JAKON",
    "jk": "JAKON",
}


@_cached_for_text
def parse_segment_cell(raw: object) -> str | None:
    """Membership segment: "PU", "BPU" or "JAKON". Code: ``segment_format``."""
    error = CellError(
        "segment_format",
        f"Segmen kepesertaan tidak dikenali: '{_show(raw)}'. Gunakan PU (penerima upah), "
        "BPU (bukan penerima upah) atau Jakon (jasa konstruksi).",
    )
    return _choice(raw, _SEGMENTS, error)
