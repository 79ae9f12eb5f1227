"""Benchmark: a reconciliation run of 1,000,000 engagements against 5,000,000 memberships.

Usage: .venv/bin/python bench/reconcile.py [--workers 1000000] [--members 5000000]
Creates a throwaway PostgreSQL database, loads the demo city with N workers, and writes the
BPJS TK snapshot server-side (98% of workers registered under their OPD's NPP, half of the
rest with a NIK typo, and strangers up to M rows under private employers). Then it times:
  - the whole run through the service (`reconcile`), as the CLI and the job run it;
  - on one DuckDB connection loaded with the same tables: the exact pass, and a bare DuckDB
    join of the two tables on NIK as stored, text (the baseline), in the same process; also
    the join on the integer NIK key the engine derives while loading, and the step that
    turns the exact pass's choice into result rows.
Peak memory is this process's maximum RSS (DuckDB runs in process). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(ROOT))
PG = "postgresql://postgres@127.0.0.1:5432/"

SNAPSHOT_SQL = """
SELECT setseed(0.42);
INSERT INTO imports_membership (pemda_id, batch_id, scope, is_current, nik, kpj, name,
    birth_date, npp, divisi, employer_name, segment, programs, reported_wage, status,
    last_paid_month, member_since)
SELECT e.pemda_id, %(batch)s, 'npp:' || npp || '/', true,
    CASE WHEN r < 0.99 THEN p.nik
         ELSE overlay(p.nik PLACING ((substr(p.nik, 16, 1)::int + 1) %% 10)::text FROM 16)
    END,
    '', upper(p.name), p.birth_date, npp, '', employer, 'PU',
    CASE WHEN r < 0.90 THEN 'JKK,JKM,JHT' ELSE 'JKK,JKM' END,
    CASE WHEN r < 0.85 THEN e.monthly_wage ELSE e.monthly_wage - 250000 END,
    CASE WHEN r < 0.95 THEN 'aktif' ELSE 'non_aktif' END,
    date '2026-10-01', e.start_date
FROM (
    SELECT e.*, random() AS r, '11' || lpad(e.opd_id::text, 6, '0') AS npp,
        upper(o.name) || ' KOTA PEKALONGAN' AS employer
    FROM registry_engagement e JOIN registry_opd o ON o.id = e.opd_id
    WHERE e.end_date IS NULL
) e JOIN registry_person p ON p.id = e.person_id
WHERE e.r < 0.98 OR e.r >= 0.99;
INSERT INTO imports_membership (pemda_id, batch_id, scope, is_current, nik, kpj, name,
    birth_date, npp, divisi, employer_name, segment, programs, reported_wage, status,
    last_paid_month, member_since)
SELECT %(pemda)s, %(batch)s, 'npp:' || npp || '/', true,
    '3375' || lpad(i::text, 12, '0'), '', 'PESERTA ' || i,
    date '1960-01-01' + (i %% 16000), npp, '', 'PT SWASTA ' || npp, 'PU', 'JKK,JKM,JHT,JP',
    2500000 + (i %% 50) * 50000, 'aktif', date '2026-10-01', date '2020-01-01'
FROM (SELECT i, '21' || lpad((i %% 5000)::text, 6, '0') AS npp
      FROM generate_series(1, %(strangers)s) i) s;
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=5_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", help="a database kept by an earlier --keep run")
    opts = parser.parse_args()
    dbname = opts.reuse or f"lindung_bench_recon_{os.getpid()}"
    if opts.reuse:
        opts.keep = True
    else:
        with psycopg.connect(PG + "postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {dbname}")
    os.environ.update(DEBUG="1", DATABASE_URL=PG + dbname)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    try:
        result = measure(opts)
    finally:
        if not opts.keep:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(PG + "postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
    for key, value in result.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(result))


def measure(opts: argparse.Namespace) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lindung.demo.registry import build_demo
    from lindung.imports.models import ImportBatch, Membership
    from lindung.reconciliation import engine, services, transfer
    from lindung.reconciliation.models import Run
    from lindung.reconciliation.rules import Params
    from lindung.registry.models import Pemda
    from lindung.rulebook.services import current_ruleset

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if opts.reuse:
        pemda = Pemda.objects.get()
    else:
        pemda = build_demo(workers=opts.workers).pemda
        batch = ImportBatch.objects.create(
            pemda=pemda, kind="memberships", original_name="bench.csv", status="committed"
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM registry_engagement WHERE end_date IS NULL")
            registered = int(cursor.fetchone()[0] * 0.99)
            strangers = max(0, opts.members - registered)
            cursor.execute(
                SNAPSHOT_SQL, {"batch": batch.pk, "pemda": pemda.pk, "strangers": strangers}
            )
            cursor.execute("ANALYZE")
    members = Membership.objects.count()
    load_s = time.perf_counter() - started
    print(
        f"loaded {opts.workers} workers and {members} memberships in {load_s:.0f} s",
        file=sys.stderr,
    )

    from lindung.lib.dates import today

    # The whole run as a user runs it: the CLI in its own process (its peak memory alone).
    as_of = today()
    connection.close()
    started = time.perf_counter()
    out = subprocess.run(
        [str(ROOT / ".venv/bin/lindung"), "reconcile", "--pemda", pemda.code, "--json"],
        check=True, capture_output=True, text=True, env=os.environ, cwd=ROOT,
    )  # fmt: skip
    whole_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    run = Run.objects.get(pk=json.loads(out.stdout)["run"])

    # Exact pass against a bare DuckDB join, on one connection loaded with the same tables.
    rules = current_ruleset()
    required = rules.get("programs.non_asn", as_of).programs
    params = Params(**run.params)
    with tempfile.TemporaryDirectory() as tmp:
        con = engine.connect(Path(tmp))
        engine.setup(con, as_of=as_of, params=params, required=required)
        inputs = services._inputs(run)
        for table in engine.LOAD_ORDER:
            path = Path(tmp) / f"{table}.csv"
            transfer.queryset_to_csv(inputs[table], path)
            engine.load_csv(con, table, path)
        joins = {
            "bare": "SELECT e.eid, m.mid FROM eng e JOIN mem m ON m.nik = e.nik",
            # The same join carrying the columns the categorisation reads.
            "wide": "SELECT e.eid, e.opd_id, e.anyemp, e.wage, m.mid, m.wage AS reported, "
            "m.mr, m.opd FROM eng e JOIN mem m ON m.nik = e.nik",
            "bare_k": "SELECT e.eid, m.mid FROM eng e JOIN mem m ON m.k = e.k",
        }
        times: dict[str, list[float]] = {name: [] for name in [*joins, "exact", "results"]}
        for _ in range(5):
            for name, sql in joins.items():
                t = time.perf_counter()
                con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")
                times[name].append(time.perf_counter() - t)
            t = time.perf_counter()
            engine.exact_pass(con, params=params)
            times["exact"].append(time.perf_counter() - t)
            t = time.perf_counter()
            engine.results(con, required=required)
            times["results"].append(time.perf_counter() - t)
        con.close()
    best = {name: min(ts) for name, ts in times.items()}
    exact_s, bare_s = best["exact"], best["bare"]
    run = Run.objects.get(pk=run.pk)
    return {
        "bench": "reconcile",
        "database": "postgresql",
        "engagements": run.stats["engagements"],
        "memberships": run.stats["memberships"],
        "fuzzy_left": run.counts["not_registered"] + run.counts["needs_review"],
        "candidates": run.stats["candidates"],
        "whole_run_s": round(whole_s, 2),
        "in_run_total_s": run.stats["total_s"],
        "load_s": run.stats["load_s"],
        "exact_in_run_s": run.stats["exact"],
        "fuzzy_s": run.stats["fuzzy"],
        "unknown_s": run.stats["unknown"],
        "price_s": run.stats["price"],
        "write_s": run.stats["write_s"],
        "results_s": run.stats["results"],
        "exact_pass_s": round(exact_s, 3),
        "bare_duckdb_join_s": round(bare_s, 3),
        "exact_vs_bare_join": round(exact_s / bare_s, 2),
        "bare_join_with_columns_s": round(best["wide"], 3),
        "bare_join_on_integer_key_s": round(best["bare_k"], 3),
        "exact_vs_join_on_integer_key": round(exact_s / best["bare_k"], 2),
        "results_step_s": round(best["results"], 3),
        "exact_and_results_vs_bare_join": round((exact_s + best["results"]) / bare_s, 2),
        "peak_rss_mb": round(peak_mb),
        "counts": run.counts,
    }


if __name__ == "__main__":
    main()
