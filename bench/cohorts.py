"""Benchmark: registration status of cohort members against the BPJS membership snapshot.

Usage: .venv/bin/python bench/cohorts.py [--members 20000] [--memberships 100000]
A throwaway SQLite database gets N informal members in 10 cohorts and M current BPU
memberships (every third NIK of the snapshot is a member; 80% active). Times, best of 3:
  - informal_cohorts_with_counts (members and registered members per cohort, one query);
  - segment_counts (distinct members and registered per segment, one query);
  - cohorts_panel (the dashboard panel: counts, costs, targets);
  - the baseline: the same semi-join written as raw SQL with `is_current = 1`, in the same
    process on the same tables (what any set-based status must pay).
Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASELINE_SQL = """
SELECT m.cohort_id, COUNT(*), SUM(EXISTS(
    SELECT 1 FROM imports_membership s
    WHERE s.pemda_id = c.pemda_id AND s.is_current = 1 AND s.nik = m.nik
      AND s.status = 'aktif' AND s.segment = 'BPU'))
FROM cohorts_informalmember m JOIN cohorts_informalcohort c ON c.id = m.cohort_id
GROUP BY m.cohort_id
"""


def best(fn: Any, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--memberships", type=int, default=100_000)
    opts = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.update(LINDUNG_TESTING="1", DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lindung.cohorts import queries
    from lindung.cohorts.models import InformalCohort, InformalMember
    from lindung.imports.models import ImportBatch, Membership
    from lindung.registry.models import Pemda

    call_command("migrate", verbosity=0)
    pemda = Pemda.objects.create(code="3375", name="Kota Pekalongan")
    batch = ImportBatch.objects.create(pemda=pemda, kind="memberships", original_name="x")
    segments = ("nelayan", "ojek", "batik", "pedagang", "petani")
    cohorts = [
        InformalCohort.objects.create(
            pemda=pemda, name=f"K{i}", segment=segments[i % 5], funding="apbd"
        )
        for i in range(10)
    ]
    niks = [f"3375{i:012d}" for i in range(opts.memberships)]
    InformalMember.objects.bulk_create(
        [
            InformalMember(
                cohort=cohorts[i % 10], nik=niks[(i * 3) % len(niks)], name="x",
                declared_income=1_000_000,
            )
            for i in range(opts.members)
        ],
        batch_size=5000,
    )  # fmt: skip
    Membership.objects.bulk_create(
        [
            Membership(
                pemda=pemda, batch=batch, scope="segment:BPU", nik=n, segment="BPU",
                status="aktif" if i % 5 else "non_aktif", programs="JKK,JKM",
            )
            for i, n in enumerate(niks)
        ],
        batch_size=5000,
    )  # fmt: skip

    def baseline() -> None:
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL)
            cursor.fetchall()

    figures = {
        "baseline_sql_s": best(baseline),
        "cohort_counts_s": best(
            lambda: queries.informal_cohorts_with_counts(InformalCohort.objects.all())
        ),
        "segment_counts_s": best(lambda: queries.segment_counts(pemda)),
        "cohorts_panel_s": best(lambda: queries.cohorts_panel(pemda)),
    }
    for name, seconds in figures.items():
        ratio = seconds / figures["baseline_sql_s"]
        print(f"{name:18} {seconds * 1000:9.1f} ms   {ratio:5.1f}x baseline")
    print(
        json.dumps(
            {
                "bench": "cohorts",
                "members": opts.members,
                "memberships": opts.memberships,
                **{k: round(v, 4) for k, v in figures.items()},
                "counts_vs_baseline": round(
                    figures["cohort_counts_s"] / figures["baseline_sql_s"], 2
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
