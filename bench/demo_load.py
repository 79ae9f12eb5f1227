"""Benchmark: `lindung demo --workers N` against PostgreSQL COPY of the same rows.

Usage: .venv/bin/python bench/demo_load.py [--workers 1000000] [--sqlite]
Creates a throwaway database, times the demo command end to end (a subprocess, as a user runs
it), then copies the four tables it wrote out and back in with COPY into empty clones: the
floor any loader could reach on that server. Prints figures and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql://postgres@127.0.0.1:5432/"
TABLES = [
    "registry_person",
    "registry_engagement",
    "registry_historicalperson",
    "registry_historicalengagement",
]


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/lindung"), *args], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--sqlite", action="store_true", help="SQLite file instead of PostgreSQL")
    opts = parser.parse_args()
    env = {**os.environ, "DEBUG": "1"}
    tmp = tempfile.mkdtemp()
    dbname = f"lindung_bench_{os.getpid()}"
    if opts.sqlite:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        with psycopg.connect(PG + "postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {dbname}")
        env["DATABASE_URL"] = PG + dbname
    try:
        run(["migrate", "-v0"], env)
        demo = run(["demo", "--workers", str(opts.workers)], env)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result = {
            "bench": "demo_load",
            "database": "sqlite" if opts.sqlite else "postgresql",
            "workers": opts.workers,
            "demo_s": round(demo, 2),
            "peak_rss_mb": round(peak_mb),
        }
        if not opts.sqlite:
            copy = copy_baseline(env["DATABASE_URL"])
            result["copy_s"] = round(copy, 2)
            result["ratio_vs_copy"] = round(demo / copy, 2)
        for key, value in result.items():
            print(f"{key:>16}: {value}")
        print(json.dumps(result))
    finally:
        if not opts.sqlite:
            with psycopg.connect(PG + "postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


def copy_baseline(url: str) -> float:
    """COPY the demo's rows out, then time COPY into empty clones with the same indexes."""
    total = 0.0
    with psycopg.connect(url, autocommit=True) as conn:
        for table in TABLES:
            buf = io.BytesIO()
            with conn.cursor().copy(f"COPY {table} TO STDOUT") as out:
                for chunk in out:
                    buf.write(chunk)
            clone = f"{table}_copy"
            conn.execute(f"CREATE TABLE {clone} (LIKE {table} INCLUDING ALL)")
            data = buf.getvalue()
            started = time.perf_counter()
            with conn.cursor().copy(f"COPY {clone} FROM STDIN") as sink:
                sink.write(data)
            total += time.perf_counter() - started
            conn.execute(f"DROP TABLE {clone}")
    return total


if __name__ == "__main__":
    sys.exit(main())
