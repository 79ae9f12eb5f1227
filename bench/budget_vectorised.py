"""Benchmark: vectorised iuran for 1,000,000 workers x 12 months against bare numpy.

Usage: .venv/bin/python bench/budget_vectorised.py [--workers 1000000] [--repeat 5]
The baseline is the same integer arithmetic written directly in numpy with the rates as
constants, in the same process on the same arrays: what any vectorised budget must pay.
Lindung's path adds rule lookup per month and program selection. Prints figures and ends
with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date

import numpy as np

from lindung.rulebook.bulk import price_pu
from lindung.rulebook.rules import file_ruleset

PROGRAMS = ("JKK", "JKM", "JHT", "JP")


def bare_numpy(wages: np.ndarray, active: np.ndarray, groups: np.ndarray) -> int:
    """The same arithmetic with 2026 rates hard-coded (Jan-Feb cap 10,547,400, then 11,086,300)."""
    jkk = np.array([0, 2400, 5400, 8900, 12700, 17400], dtype=np.int64)[groups][:, None]
    cap = np.array([10_547_400] * 2 + [11_086_300] * 10, dtype=np.int64)
    w = np.broadcast_to(wages[:, None], active.shape)
    base = np.minimum(w, cap)
    total = 0
    for amount in (
        (w * jkk + 500_000) // 1_000_000,
        (w * 3000 + 500_000) // 1_000_000,
        (w * 37000 + 500_000) // 1_000_000,
        (w * 20000 + 500_000) // 1_000_000,
        (base * 20000 + 500_000) // 1_000_000,
        (base * 10000 + 500_000) // 1_000_000,
    ):
        total += int(np.where(active, amount, 0).sum())
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    opts = parser.parse_args()
    rng = np.random.default_rng(1)
    wages = rng.integers(1_500_000, 12_000_000, size=opts.workers).astype(np.int64)
    groups = rng.integers(1, 6, size=opts.workers).astype(np.int64)
    active = rng.random((opts.workers, 12)) < 0.95
    months = [date(2026, m, 1) for m in range(1, 13)]
    rules = file_ruleset()

    def lindung() -> int:
        out = price_pu(
            rules, months=months, wages=wages, active=active, risk_groups=groups, programs=PROGRAMS
        )
        return sum(int(e.sum()) + int(w.sum()) for e, w in out.values())

    timings: dict[str, list[float]] = {"lindung": [], "bare_numpy": []}
    totals = {}
    for _ in range(opts.repeat):
        for name, fn in (
            ("lindung", lindung),
            ("bare_numpy", lambda: bare_numpy(wages, active, groups)),
        ):
            started = time.perf_counter()
            totals[name] = fn()
            timings[name].append(time.perf_counter() - started)
    assert totals["lindung"] == totals["bare_numpy"], totals  # same rupiah, or the race is moot
    best = {k: min(v) for k, v in timings.items()}
    result = {
        "bench": "budget_vectorised",
        "worker_months": opts.workers * 12,
        "lindung_s": round(best["lindung"], 3),
        "bare_numpy_s": round(best["bare_numpy"], 3),
        "ratio": round(best["lindung"] / best["bare_numpy"], 2),
        "total_iuran_rp": totals["lindung"],
    }
    for key, value in result.items():
        print(f"{key:>16}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
