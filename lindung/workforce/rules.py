"""City-wide coverage from the latest published figures (pure: no ORM)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Published:
    """One published figure: a segment's people as of a date, from a source."""

    segment: str
    people: int
    as_of: date
    source: str


@dataclass(frozen=True)
class SegmentCoverage:
    segment: str
    workforce: Published | None
    participants: Published | None

    @property
    def pct(self) -> float | None:
        """Participants over workforce, one decimal; None when either is missing."""
        if self.workforce is None or self.participants is None or not self.workforce.people:
            return None
        return round(100.0 * self.participants.people / self.workforce.people, 1)

    @property
    def gap(self) -> int | None:
        if self.workforce is None or self.participants is None:
            return None
        return max(self.workforce.people - self.participants.people, 0)

    @property
    def months_apart(self) -> int | None:
        """How far apart the two figures' dates are: a ratio of figures a year apart
        says little, and the page says so."""
        if self.workforce is None or self.participants is None:
            return None
        a, b = self.workforce.as_of, self.participants.as_of
        return abs((a.year - b.year) * 12 + a.month - b.month)


def latest(figures: Iterable[Published]) -> dict[str, Published]:
    """The newest figure of each segment."""
    out: dict[str, Published] = {}
    for f in figures:
        if f.segment not in out or f.as_of > out[f.segment].as_of:
            out[f.segment] = f
    return out


def coverage(
    segments: Sequence[str], workforce: Iterable[Published], participants: Iterable[Published]
) -> tuple[list[SegmentCoverage], SegmentCoverage]:
    """Per segment, then the whole city (the sum over segments that have both figures)."""
    w, p = latest(workforce), latest(participants)
    rows = [SegmentCoverage(s, w.get(s), p.get(s)) for s in segments]
    both = [r for r in rows if r.workforce is not None and r.participants is not None]
    total = SegmentCoverage(
        "",
        _sum(r.workforce for r in both),
        _sum(r.participants for r in both),
    )
    return rows, total


def _sum(figures: Iterable[Published | None]) -> Published | None:
    shown = [f for f in figures if f is not None]
    if not shown:
        return None
    return Published(
        "",
        sum(f.people for f in shown),
        min(f.as_of for f in shown),
        "; ".join(dict.fromkeys(f.source for f in shown)),
    )
