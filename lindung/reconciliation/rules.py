"""Pure rules of reconciliation: categories, name normalisation, pair scores.

NPP-to-OPD links are scored by lindung.bpjs.matcher.

No ORM here. The engine runs the same rules set-based in DuckDB; where it does, the SQL is
built from the constants below so that the two cannot drift apart (and the tests compare them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Category(TextChoices):
    """In precedence order: an engagement gets the first that applies."""

    COVERED = "covered", _("Terlindungi")
    WAGE_UNDERREPORTED = "wage_underreported", _("Upah dilaporkan kurang (PDS Upah)")
    PROGRAMS_MISSING = "programs_missing", _("Program kurang (PDS Program)")
    OTHER_EMPLOYER = "other_employer", _("Terdaftar di pemberi kerja lain / BPU")
    INACTIVE = "inactive", _("Tidak aktif / menunggak")
    NOT_REGISTERED = "not_registered", _("Belum terdaftar")
    NEEDS_REVIEW = "needs_review", _("Perlu ditinjau")
    # A membership, not an engagement: active under an OPD's NPP, unknown to that OPD.
    UNKNOWN_TO_CITY = "unknown_to_city", _("Tidak dikenal kota")

    @classmethod
    def for_engagements(cls) -> tuple[Category, ...]:
        return tuple(c for c in cls if c != cls.UNKNOWN_TO_CITY)

    @classmethod
    def rank(cls, category: str) -> int:
        return [c.value for c in cls].index(category) + 1


# What each category asks someone to do; the action lists are named after it.
ACTIONS = {
    Category.NOT_REGISTERED: _("Daftarkan"),
    Category.WAGE_UNDERREPORTED: _("Koreksi upah"),
    Category.PROGRAMS_MISSING: _("Tambah program"),
    # 31 characters: it names the list's sheet, and Excel allows no more.
    Category.INACTIVE: _("Aktifkan lagi / bayar tunggakan"),
    Category.UNKNOWN_TO_CITY: _("Nonaktifkan (keluar)"),
    Category.NEEDS_REVIEW: _("Tinjau pasangan"),
}

# Actions whose monthly iuran is priced from the city's wage. An engagement with an unknown
# wage cannot be priced: its iuran is 0 and it is counted as unpriced, so that a figure says
# how many workers it leaves out. (Nor can it be wage_underreported: with no city wage to
# compare, a membership active under the OPD with every program is covered.)
PRICED_FROM_CITY_WAGE = (
    Category.NOT_REGISTERED,
    Category.INACTIVE,
    Category.PROGRAMS_MISSING,
)

DEFAULT_TOLERANCE = 0  # rupiah a reported wage may fall short of the city's wage
DEFAULT_UNPAID_MONTHS = 3  # more months than this without iuran: inactive
DEFAULT_THRESHOLD = 0.6  # fuzzy candidates at or above this score go to the review queue


@dataclass(frozen=True)
class Params:
    tolerance: int = DEFAULT_TOLERANCE
    unpaid_months: int = DEFAULT_UNPAID_MONTHS
    threshold: float = DEFAULT_THRESHOLD

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tolerance": self.tolerance,
            "unpaid_months": self.unpaid_months,
            "threshold": self.threshold,
        }


# --- names -----------------------------------------------------------------------------------

# Academic, religious and professional titles written around Indonesian names. Each is an RE2
# and Python `re` pattern over lower-case text; dots and a space inside a title are optional
# ("S.Pd.", "S. Pd", "SPd").
_TITLES = (
    r"s\.?\s?pd\.?\s?i", r"s\.?\s?pd", r"s\.?\s?kom", r"s\.?\s?sos", r"s\.?\s?ip",
    r"s\.?\s?ag", r"s\.?\s?kep", r"s\.?\s?km", r"s\.?\s?si", r"s\.?\s?st", r"s\.?\s?ak",
    r"s\.?\s?farm", r"s\.?\s?psi", r"s\.?\s?hum", r"s\.?\s?tr", r"s\.?\s?h", r"s\.?\s?e",
    r"s\.?\s?t", r"a\.?\s?md\.?\s?(?:kep|keb|kes|ak|kom|t)", r"a\.?\s?md", r"m\.?\s?pd",
    r"m\.?\s?si", r"m\.?\s?kes", r"m\.?\s?kom", r"m\.?\s?ak", r"m\.?\s?ag", r"m\.?\s?ap",
    r"m\.?\s?sc", r"m\.?\s?m", r"m\.?\s?h", r"m\.?\s?t", r"b\.?\s?sc", r"mba", r"prof",
    r"drs", r"dra", r"dr", r"ir", r"hj", r"h", r"ns", r"kh",
)  # fmt: skip
TITLE_PATTERN = r"\b(?:" + "|".join(_TITLES) + r")\b\.?"
APOSTROPHES = r"['`’]"
NON_LETTERS = r"[^a-z\s]"
SPACES = r"\s+"


def person_name_key(name: str) -> str:
    """A person's name for matching: lower-case letters, no titles ("Drs. H. Ahmad" -> "ahmad")."""
    text = re.sub(TITLE_PATTERN, " ", (name or "").lower())
    text = re.sub(APOSTROPHES, "", text)
    text = re.sub(NON_LETTERS, " ", text)
    return re.sub(SPACES, " ", text).strip()


def person_name_key_sql(column: str) -> str:
    """The same normalisation as a DuckDB expression over `column`."""

    def sub(text: str, pattern: str, by: str) -> str:
        quoted = pattern.replace("'", "''")
        return f"regexp_replace({text}, '{quoted}', '{by}', 'g')"

    text = sub(f"lower(coalesce({column}, ''))", TITLE_PATTERN, " ")
    text = sub(sub(text, APOSTROPHES, ""), NON_LETTERS, " ")
    return f"trim({sub(text, SPACES, ' ')})"


# --- fuzzy pair scores -----------------------------------------------------------------------

W_NIK = 0.45  # NIKs one digit apart or with two adjacent digits swapped
W_NAME_SAME = 0.40  # name similarity (Jaro-Winkler, titles removed) at least NAME_SAME
W_NAME_CLOSE = 0.30  # ... at least NAME_CLOSE
W_BIRTH_SAME = 0.20
W_BIRTH_DIFFERENT = -0.20
NAME_SAME = 0.95
NAME_CLOSE = 0.85


# Why a pair was proposed, as the review queue says it.
REASONS = {
    "nik_one_digit": _("NIK beda satu angka"),
    "nik_transposition": _("dua angka NIK tertukar"),
    "name_birth_date": _("nama mirip, tanggal lahir sama"),
    "birth_date_same": _("tanggal lahir sama"),
    "birth_date_different": _("tanggal lahir berbeda"),
    "birth_date_unknown": _("tanggal lahir tidak diketahui"),
}


def marked_digits(nik: str, other: str) -> list[tuple[str, bool]]:
    """Each character of `nik`, and whether it differs from `other` at that place."""
    return [(c, i >= len(other) or other[i] != c) for i, c in enumerate(nik)]


def nik_relation(a: str, b: str) -> str | None:
    """ "one_digit", "transposition" or None for two NIKs of equal length."""
    if len(a) != len(b) or a == b:
        return None
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diffs) == 1:
        return "one_digit"
    swapped = len(diffs) == 2 and diffs[1] == diffs[0] + 1
    if swapped and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]:
        return "transposition"
    return None


def pair_score(*, nik_close: bool, name_similarity: float, birth: str) -> float:
    """Score of a candidate pair in [0, 1]; `birth` is "same", "different" or "unknown"."""
    score = W_NIK if nik_close else 0.0
    if name_similarity >= NAME_SAME:
        score += W_NAME_SAME
    elif name_similarity >= NAME_CLOSE:
        score += W_NAME_CLOSE
    score += {"same": W_BIRTH_SAME, "different": W_BIRTH_DIFFERENT}.get(birth, 0.0)
    return round(min(1.0, max(0.0, score)), 4)


def score_sql(nik_close: str, similarity: str, birth_same: str, birth_different: str) -> str:
    """pair_score as a DuckDB expression over boolean/double column expressions."""
    return (
        f"round(least(1.0::DOUBLE, greatest(0.0::DOUBLE, 0.0::DOUBLE"
        f" + "
        f"(CASE WHEN {nik_close} THEN {W_NIK} ELSE 0 END)"
        f" + (CASE WHEN {similarity} >= {NAME_SAME} THEN {W_NAME_SAME}"
        f" WHEN {similarity} >= {NAME_CLOSE} THEN {W_NAME_CLOSE} ELSE 0 END)"
        f" + (CASE WHEN {birth_same} THEN {W_BIRTH_SAME}"
        f" WHEN {birth_different} THEN {W_BIRTH_DIFFERENT} ELSE 0 END))), 4)"
    )
