"""Benchmark: `lindung import workers` of an N-row file against PostgreSQL COPY of the rows.

Usage: .venv/bin/python bench/import_workers.py [--rows 100000] [--xlsx] [--sqlite]
Writes an OPD worker list (CSV, or XLSX with --xlsx) with valid, distinct NIKs, imports it
into a throwaway database with the real command (check + commit, a subprocess), then copies
the same rows, already normalised, into a bare table with COPY: the floor of any loader.
Prints figures and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg
from openpyxl import Workbook

from lindung.lib.nik import make_nik

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql://postgres@127.0.0.1:5432/"
HEADER = ["NIK", "Nama Lengkap", "Tgl Lahir", "L/P", "Gaji", "Jenis Tenaga", "SK Walikota"]


def rows(n: int) -> list[list[object]]:
    rng = random.Random(3)
    seen: set[str] = set()
    out: list[list[object]] = []
    while len(out) < n:
        sex = rng.choice("LP")
        birth = date(1966, 1, 1) + timedelta(days=rng.randint(0, 365 * 38))
        nik = make_nik(regency_code="3375", district=rng.randint(1, 4), birth_date=birth,
                       sex=sex, serial=rng.randint(1, 9999))  # fmt: skip
        if nik in seen:
            continue
        seen.add(nik)
        out.append([nik, f"Pekerja {len(out)}", birth.strftime("%d/%m/%Y"), sex,
                    rng.randint(30, 70) * 50_000, rng.choice(["Kontrak", "Honorer"]),
                    rng.choice(["Ya", "Tidak"])])  # fmt: skip
    return out


def lindung(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / ".venv/bin/lindung"), *args], env=env, cwd=ROOT, capture_output=True,
        text=True, check=False,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--sqlite", action="store_true")
    opts = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    data = rows(opts.rows)
    if opts.xlsx:
        path = tmp / "pekerja.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Daftar")
        ws.append(HEADER)
        for r in data:
            ws.append(r)
        wb.save(path)
    else:
        path = tmp / "pekerja.csv"
        with path.open("w", newline="") as h:
            csv.writer(h).writerows([HEADER, *data])
    env = {**os.environ, "DEBUG": "1", "MEDIA_ROOT": str(tmp / "media")}
    dbname = f"lindung_bench_import_{os.getpid()}"
    if opts.sqlite:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        with psycopg.connect(PG + "postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {dbname}")
        env["DATABASE_URL"] = PG + dbname
    try:
        lindung("migrate", "-v0", env=env)
        lindung("setup-pemda", "--code", "3375", "--name", "Kota Pekalongan", env=env)
        lindung("shell", "--no-imports", "-c", "from lindung.registry.models import Opd, Pemda; "
                "Opd.objects.create(pemda=Pemda.objects.get(code='3375'), code='DLH', "
                "name='Dinas Lingkungan Hidup')", env=env)  # fmt: skip
        started = time.perf_counter()
        result = lindung("import", "workers", str(path), "--pemda", "3375", "--opd", "DLH",
                         "--json", env=env)  # fmt: skip
        elapsed = time.perf_counter() - started
        summary = json.loads(result.stdout or "{}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        out = {
            "bench": "import_workers",
            "format": "xlsx" if opts.xlsx else "csv",
            "database": "sqlite" if opts.sqlite else "postgresql",
            "rows": opts.rows,
            "created": summary.get("created"),
            "import_s": round(elapsed, 1),
            "rows_per_s": round(opts.rows / elapsed),
            "peak_rss_mb": round(peak),
        }
        if not opts.sqlite:
            out["copy_s"] = round(copy_baseline(env["DATABASE_URL"], data), 2)
            out["ratio_vs_copy"] = round(elapsed / out["copy_s"], 1)
        for key, value in out.items():
            print(f"{key:>14}: {value}")
        print(json.dumps(out))
    finally:
        if not opts.sqlite:
            with psycopg.connect(PG + "postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


def copy_baseline(url: str, data: list[list[object]]) -> float:
    """COPY the same rows, normalised (ISO dates, booleans), into a bare table."""
    buf = io.StringIO()
    for nik, name, birth, sex, wage, category, sk in data:
        d, m, y = str(birth).split("/")
        buf.write(f"{nik}\t{name}\t{y}-{m}-{d}\t{sex}\t{wage}\t{category}\t{sk == 'Ya'}\n")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE copy_baseline (nik char(16), name text, birth_date date, sex char(1), "
            "wage bigint, category text, has_sk boolean)"
        )
        started = time.perf_counter()
        with conn.cursor().copy("COPY copy_baseline FROM STDIN") as copy:
            copy.write(buf.getvalue())
        return time.perf_counter() - started


if __name__ == "__main__":
    main()
