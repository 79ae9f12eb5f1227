"""Benchmark: one `lindung quote` end to end, as a user types it, against a bare interpreter.

Usage: .venv/bin/python bench/quote_cli.py [--runs 30]
Runs the installed console script against the configured database (DATABASE_URL or the
SQLite default) and `python -c pass` as the floor of any Python CLI, in the same run.
Prints figures and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUOTE = [str(ROOT / ".venv/bin/lindung"), "quote", "pu", "--wage", "12000000", "--month",
         "2026-03", "--json"]  # fmt: skip
FLOOR = [sys.executable, "-c", "pass"]


def timed(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        out.append(time.perf_counter() - started)
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    timed(QUOTE, 2)  # warm the page cache
    quote, floor = timed(QUOTE, runs), timed(FLOOR, runs)
    result = {
        "bench": "quote_cli",
        "runs": runs,
        "quote_median_ms": round(statistics.median(quote) * 1000),
        "quote_p95_ms": round(quote[int(0.95 * (runs - 1))] * 1000),
        "python_floor_median_ms": round(statistics.median(floor) * 1000),
        "ratio": round(statistics.median(quote) / statistics.median(floor), 2),
    }
    for key, value in result.items():
        print(f"{key:>24}: {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
