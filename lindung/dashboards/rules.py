"""Pure rules of coverage targets and trends: months, progress and the pace needed.

No ORM here; dates and numbers in, numbers out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lindung.lib.calendar import month_index, months_apart


@dataclass(frozen=True)
class Progress:
    target: float
    current: float
    baseline: float | None
    remaining: float  # still to gain (never negative)
    months_left: int  # months after the month of the figure up to the due month
    pace_needed: float  # per month, to reach the target on time
    pace_actual: float | None  # per month, over the trend (None: fewer than two points)
    share_done: float  # 0..100: current / target
    reached: bool
    overdue: bool

    @property
    def on_track(self) -> bool | None:
        if self.reached:
            return True
        if self.overdue:
            return False
        if self.pace_actual is None:
            return None
        return self.pace_actual >= self.pace_needed


def pace(points: Sequence[tuple[date, float]]) -> float | None:
    """Average change per month between the first and the last point of a trend."""
    if len(points) < 2:
        return None
    (d0, v0), (d1, v1) = points[0], points[-1]
    months = months_apart(d0, d1)
    if months <= 0:
        return None
    return (v1 - v0) / months


def progress(
    *,
    target: float,
    current: float,
    as_of: date,
    due: date,
    trend: Sequence[tuple[date, float]] = (),
    baseline: float | None = None,
) -> Progress:
    """How far a figure measured at `as_of` is from a target due at the end of `due`'s month.

    The pace needed spreads what remains over the months after `as_of`'s month up to and
    including the due month; in the due month itself all that remains is needed at once.
    """
    remaining = max(target - current, 0.0)
    months_left = max(months_apart(as_of, due), 0)
    overdue = months_apart(as_of, due) < 0 and remaining > 0
    pace_needed = remaining / max(months_left, 1) if remaining else 0.0
    share = min(100.0, 100.0 * current / target) if target else 100.0
    return Progress(
        target=target,
        current=current,
        baseline=baseline,
        remaining=remaining,
        months_left=months_left,
        pace_needed=pace_needed,
        pace_actual=pace(trend),
        share_done=round(share, 1),
        reached=remaining == 0,
        overdue=overdue,
    )


def latest_per_month(points: Sequence[tuple[date, int, float]]) -> list[tuple[date, int, float]]:
    """One point per month: the last (by date, then id) of each month, in month order.

    Points are (as_of, run id, value); a month reconciled twice counts once in a trend.
    """
    best: dict[int, tuple[date, int, float]] = {}
    for point in points:
        key = month_index(point[0])
        if key not in best or (point[0], point[1]) >= (best[key][0], best[key][1]):
            best[key] = point
    return [best[k] for k in sorted(best)]
