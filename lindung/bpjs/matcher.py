"""Who an NPP belongs to: pure scoring of an employer name (and NIB) against OPDs and businesses.

No ORM here: the services load the candidates as plain tuples and save what comes out. One
vocabulary for every kind of target: a link is AUTO when the match is certain (the same
normalised name or the NIB), PROPOSED when it is only likely (an acronym, a similar name, the
same name in another kecamatan), NONE otherwise; a reviewer CONFIRMS or REJECTS, and a rejected
target is never suggested again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

# Link statuses.
NONE = "none"
AUTO = "auto"
PROPOSED = "proposed"
CONFIRMED = "confirmed"
REJECTED = "rejected"
DECIDED = (CONFIRMED, REJECTED)

# How a link was made.
BY_TYPED = "typed"  # the NPP typed on the OPD itself
BY_NIB = "nib"
BY_NAME = "name"
BY_NAME_KECAMATAN = "name_kecamatan"
BY_ACRONYM = "acronym"
BY_SIMILAR = "similar"
BY_REVIEWER = "reviewer"

# What a link points to.
KIND_OPD = "opd"
KIND_BUSINESS = "business"
KIND_CONTRACTOR = "contractor"

LINK_AUTO = 1.0  # equal after normalisation
LINK_PROPOSE = 0.75  # an OPD at least this similar is proposed to an Admin
ACRONYM_SCORE = 0.9  # "DLH": likely; an Admin confirms
BUSINESS_FUZZY_MIN = 0.88  # a close business name in the same kecamatan goes to review


@dataclass(frozen=True)
class Suggestion:
    target_id: int | None
    link: str
    reason: str
    score: float


NO_MATCH = Suggestion(None, NONE, "", 0.0)


def rejected_key(kind: str, target_id: int) -> str:
    """How a rejected target is remembered on the employer ("opd:12")."""
    return f"{kind}:{target_id}"


def rejected_ids(rejected: Iterable[str], kind: str) -> set[int]:
    prefix = f"{kind}:"
    return {int(k[len(prefix) :]) for k in rejected if str(k).startswith(prefix)}


# --- OPDs ---------------------------------------------------------------------------------------

_GOVERNMENT_WORDS = frozenset(
    {"pemerintah", "pemkot", "pemkab", "kota", "kabupaten", "kab", "provinsi", "prov"}
)
# Short forms typed for the same OPD: "Kec. Pekalongan Utara" is "Kecamatan Pekalongan Utara".
_SHORT_FORMS = {"kec": "kecamatan", "kel": "kelurahan", "sekr": "sekretariat", "bag": "bagian"}
# Words too common among OPD names to suggest a pair on their own.
_COMMON_WORDS = frozenset({"dinas", "badan", "kantor", "bagian", "dan", "daerah", "pt", "cv"})


def normalize_employer(name: str, place_words: Iterable[str] = ()) -> str:
    """An employer or OPD name without government words, the Pemda's place name, punctuation."""
    drop = _GOVERNMENT_WORDS | {w.lower() for w in place_words}
    words = re.sub(r"[^a-z0-9\s]", " ", (name or "").lower()).split()
    return " ".join(_SHORT_FORMS.get(w, w) for w in words if w not in drop)


def acronym(normalized: str) -> str:
    return "".join(w[0] for w in normalized.split() if w not in {"dan", "&"})


class LinkIndex:
    """The Pemda's OPDs, indexed so that each employer name is compared with few of them.

    Equal names and acronyms are dictionary look-ups; the similarity ratio is computed only
    against OPDs that share a distinctive word with the employer (thousands of private NPPs
    against hundreds of OPDs would otherwise cost millions of comparisons).
    """

    def __init__(self, opds: Iterable[tuple[int, str, str]], place_words: Iterable[str]) -> None:
        self.places = tuple(place_words)
        self.by_name: dict[str, int] = {}
        self.by_short: dict[str, int] = {}
        self.by_word: dict[str, set[int]] = {}
        self.names: dict[int, str] = {}
        for opd_id, name, code in opds:
            norm = normalize_employer(name, self.places)
            if not norm:
                continue
            self.names[opd_id] = norm
            self.by_name.setdefault(norm, opd_id)
            for short in (acronym(norm), code.lower()):
                self.by_short.setdefault(short, opd_id)
            for word in set(norm.split()) - _COMMON_WORDS:
                self.by_word.setdefault(word, set()).add(opd_id)

    def best(self, employer: str) -> tuple[int | None, float]:
        """The most likely OPD (id, score); (None, score) when none reaches LINK_PROPOSE."""
        norm = normalize_employer(employer, self.places)
        if not norm:
            return None, 0.0
        if norm in self.by_name:
            return self.by_name[norm], LINK_AUTO
        if norm.replace(" ", "") in self.by_short:
            return self.by_short[norm.replace(" ", "")], ACRONYM_SCORE
        near = set().union(*(self.by_word.get(w, set()) for w in set(norm.split())))
        best: tuple[int | None, float] = (None, 0.0)
        for opd_id in sorted(near):
            score = round(SequenceMatcher(None, norm, self.names[opd_id]).ratio(), 4)
            if score > best[1]:
                best = (opd_id, score)
        return best if best[1] >= LINK_PROPOSE else (None, best[1])

    def suggest(self, employer: str, rejected: Collection[int] = ()) -> Suggestion:
        """The OPD to link or propose, with the reason; NO_MATCH for a rejected one."""
        opd_id, score = self.best(employer)
        if opd_id is None or opd_id in rejected:
            return Suggestion(None, NONE, "", score)
        if score >= LINK_AUTO:
            return Suggestion(opd_id, AUTO, BY_NAME, score)
        reason = BY_ACRONYM if score == ACRONYM_SCORE else BY_SIMILAR
        return Suggestion(opd_id, PROPOSED, reason, score)


def best_link(
    employer: str, opds: Iterable[tuple[int, str, str]], place_words: Iterable[str]
) -> tuple[int | None, float]:
    """The most likely OPD (id, score) for one employer name."""
    return LinkIndex(opds, place_words).best(employer)


# --- businesses ---------------------------------------------------------------------------------


def kecamatan_key(text: str) -> str:
    key = re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
    return re.sub(r"^(kecamatan|kec)\s+", "", key)


class BusinessIndex:
    """The Pemda's businesses by NIB, by normalised name, and by kecamatan + name prefix."""

    def __init__(self, rows: Iterable[tuple[int, str, str, str]]) -> None:
        """`rows`: (id, nib, name_key, kecamatan) of each business."""
        self.by_nib: dict[str, int] = {}
        self.by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.by_block: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        for pk, nib, key, kec in rows:
            self.by_nib[nib] = pk
            self.by_key[key].append((pk, kecamatan_key(kec)))
            self.by_block[(kecamatan_key(kec), key[:3])].append((pk, key))

    def suggest(
        self, *, nib: str, name_key: str, kecamatan: str, rejected: Collection[int] = ()
    ) -> Suggestion:
        """By NIB, then a unique same name in the same kecamatan (both AUTO); other same
        names, and a close spelling in the same kecamatan, are PROPOSED."""
        if nib and nib in self.by_nib and self.by_nib[nib] not in rejected:
            return Suggestion(self.by_nib[nib], AUTO, BY_NIB, 1.0)
        kec = kecamatan_key(kecamatan)
        named = [(pk, k) for pk, k in self.by_key.get(name_key, []) if pk not in rejected]
        here = [pk for pk, k in named if kec and k == kec]
        if len(here) == 1:
            return Suggestion(here[0], AUTO, BY_NAME_KECAMATAN, 1.0)
        if named:
            return Suggestion((here or [named[0][0]])[0], PROPOSED, BY_NAME, 1.0)
        best, ratio = self._closest(name_key, self.by_block.get((kec, name_key[:3]), []), rejected)
        if best is not None:
            return Suggestion(best, PROPOSED, BY_SIMILAR, ratio)
        return NO_MATCH

    @staticmethod
    def _closest(
        key: str, candidates: list[tuple[int, str]], rejected: Collection[int]
    ) -> tuple[int | None, float]:
        best, best_ratio = None, BUSINESS_FUZZY_MIN
        for pk, other in candidates:
            if pk in rejected:
                continue
            matcher = SequenceMatcher(None, key, other)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = pk, ratio
        return best, round(best_ratio, 4)
