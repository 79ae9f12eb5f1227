"""Benchmark: the coverage dashboard, the coverage API and the rakor PDF at city scale.

Usage: .venv/bin/python bench/dashboard.py [--workers 100000] [--opds 500] [--runs 12]
           [--duration 15] [--connections 8] [--keep]
Creates a throwaway PostgreSQL database, loads `lindung demo --workers N`, spreads the
engagements over N OPDs, builds a membership snapshot and a real reconciliation run for each
of the last 12 months (the dashboards demo hook), then serves the app with gunicorn exactly
as `make run` does (3 workers) and measures with wrk (Debian package `wrk`):
  - baseline: /healthz (one SELECT 1) on the same server,
  - the dashboard page of the Admin Pemda (the whole city, 500 OPDs) and of an Operator OPD,
  - GET /api/v1/coverage and GET /api/v1/coverage/records (first page of the gap).
Targets: dashboard p95 < 150 ms, coverage API p95 < 100 ms; then `lindung report rakor`
as a PDF, target < 10 s. Prints figures and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql://postgres@127.0.0.1:5432/"
CODE = "3375"
LUA = """
local headers = {}
%s
request = function() return wrk.format("GET", nil, headers) end
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50=%%d p95=%%d p99=%%d n=%%d errors=%%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""

SETUP = (
    r"""
import sys, time
from django.db import connection
from lindung.accounts.models import Role
from lindung.accounts.services import token_create, user_upsert
from lindung.demo.dashboards import build_history
from lindung.demo.reconciliation import build_snapshot
from lindung.reconciliation.services import reconcile
from lindung.lib.dates import today
from lindung.registry.models import Opd, Pemda

opds_wanted, runs = int(sys.argv[1]), int(sys.argv[2])
pemda = Pemda.objects.get(code="@CODE@")
have = Opd.objects.filter(pemda=pemda).count()
Opd.objects.bulk_create(
    [Opd(pemda=pemda, code=f"KEL{i:03d}", name=f"Kelurahan Bench {i:03d}", kind="kelurahan")
     for i in range(opds_wanted - have)]
)
ids = list(Opd.objects.filter(pemda=pemda).order_by("pk").values_list("pk", flat=True))
with connection.cursor() as cur:  # spread the workers evenly over every OPD
    cur.execute(
        "UPDATE registry_engagement e SET opd_id = m.opd_id FROM "
        "(SELECT ord - 1 AS slot, opd_id"
        " FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(opd_id, ord)) m "
        "WHERE e.pemda_id = %s AND e.id %% %s = m.slot",
        [ids, pemda.pk, len(ids)],
    )
# Start the history afresh over 500 OPDs: the demo's own runs counted 36 OPDs.
from lindung.imports.models import Membership
from lindung.reconciliation.models import Run
Run.objects.filter(pemda=pemda).delete()
Membership.objects.filter(pemda=pemda).update(is_current=False)
started = time.perf_counter()
build_history(pemda=pemda, months=runs - 1, seed=1)
build_snapshot(pemda=pemda, as_of=today(), seed=1)
run = reconcile(pemda=pemda, as_of=today(), user=None)
print(f"RUNS {runs} in {time.perf_counter() - started:.1f} s; latest #{run.pk}: "
      f"{run.covered}/{run.workers} covered, reconcile {run.stats.get('total_s')} s",
      file=sys.stderr)
admin = user_upsert(username="bench-admin", password="bench-rahasia-1", pemda=pemda,
                    role=Role.ADMIN_PEMDA)
operator = user_upsert(username="bench-op", password="bench-rahasia-1", pemda=pemda,
                       role=Role.OPERATOR_OPD, opds=list(Opd.objects.filter(pk__in=ids[:2])))
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
out = []
for user in (admin, operator):
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    out.append(s.session_key)
out.append(token_create(user=admin, name="bench"))
print("KEYS " + " ".join(out))
"""
).replace("@CODE@", CODE)


def lindung(args: list[str], env: dict[str, str], **kw) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [str(ROOT / ".venv/bin/lindung"), *args], check=True, env=env, cwd=ROOT, **kw
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wrk(url: str, headers: dict[str, str], opts: argparse.Namespace, tmp: str) -> dict[str, float]:
    lines = "\n".join(f'headers["{k}"] = "{v}"' for k, v in headers.items())
    script = Path(tmp) / "bench.lua"
    script.write_text(LUA % lines)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{opts.connections}", f"-d{opts.duration}s", "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    m = re.search(r"RESULT p50=(\d+) p95=(\d+) p99=(\d+) n=(\d+) errors=(\d+)", out)
    assert m, out
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return {
        "p50_ms": int(m[1]) / 1000, "p95_ms": int(m[2]) / 1000, "p99_ms": int(m[3]) / 1000,
        "requests": int(m[4]), "errors": int(m[5]), "rps": float(rps[1]) if rps else 0.0,
    }  # fmt: skip


def check(url: str, headers: dict[str, str], expect: str) -> None:
    """One request first: the page answers 200 with its figures (and warms the caches)."""
    req = urllib.request.Request(url, headers=headers)  # noqa: S310 - a local URL
    with urllib.request.urlopen(req, timeout=60) as resp:  # noqa: S310
        body = resp.read().decode()
    assert resp.status == 200 and expect in body, (url, resp.status, body[:300])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--opds", type=int, default=500)
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=3)  # one per gunicorn worker
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    opts = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("bench/dashboard.py needs wrk (apt-get install wrk)")
    import psycopg

    dbname = f"lindung_bench_dash_{os.getpid()}"
    tmp = tempfile.mkdtemp()
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": PG + dbname}
    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {dbname}")
    server = None
    try:
        lindung(["migrate", "-v0"], env)
        t0 = time.perf_counter()
        lindung(["demo", "--workers", str(opts.workers)], env, stdout=subprocess.DEVNULL)
        demo_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        keys = lindung(
            ["shell", "-c", f"import sys; sys.argv = ['', '{opts.opds}', '{opts.runs}']\n{SETUP}"],
            env, capture_output=True, text=True,
        )  # fmt: skip
        sys.stderr.write(keys.stderr)
        setup_s = time.perf_counter() - t0
        admin_sid, operator_sid, token = keys.stdout.split("KEYS ")[1].split()
        lindung(["collectstatic", "--no-input", "-v0"], env)
        port = free_port()
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "lindung.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "3"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        admin = {"Cookie": f"sessionid={admin_sid}"}
        operator = {"Cookie": f"sessionid={operator_sid}"}
        bearer = {"Authorization": f"Bearer {token}"}
        targets = [
            ("healthz", "/healthz", {}, "ok"),
            ("dashboard_admin", "/dasbor/", admin, "data-figure=\"gap\""),
            ("dashboard_operator", "/dasbor/", operator, "data-figure=\"gap\""),
            ("api_coverage", f"/api/v1/coverage?pemda={CODE}", bearer, "\"by_opd\""),
            ("api_records", f"/api/v1/coverage/records?pemda={CODE}&category=gap", bearer,
             "\"count\""),
        ]  # fmt: skip
        results = {}
        for name, path, headers, expect in targets:
            for _ in range(4):  # every gunicorn worker warm
                check(base + path, headers, expect)
            results[name] = wrk(base + path, headers, opts, tmp)
        t0 = time.perf_counter()
        out = Path(tmp) / "rakor.pdf"
        lindung(
            ["report", "rakor", "--pemda", CODE, "--out", str(out)], env, stdout=subprocess.DEVNULL
        )
        pdf_s = time.perf_counter() - t0
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        pages = len(text.split("\f")) - 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if not opts.keep:
            with psycopg.connect(PG + "postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
    base_p95 = results["healthz"]["p95_ms"] or 0.001
    print(f"PostgreSQL, {opts.workers:,} workers in {opts.opds} OPDs, {opts.runs} monthly runs")
    print(f"load: demo {demo_s:.1f} s, OPDs + {opts.runs} snapshots and runs {setup_s:.1f} s")
    print(
        f"wrk: 2 threads, {opts.connections} connections, {opts.duration} s each;"
        " gunicorn 3 workers"
    )
    for name, r in results.items():
        print(
            f"  {name:<20} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
            f"p99 {r['p99_ms']:7.1f} ms  {r['rps']:7.1f} req/s  errors {r['errors']}  "
            f"(p95 {r['p95_ms'] / base_p95:.1f}x healthz)"
        )
    print(f"rakor PDF (CLI, process start included): {pdf_s:.1f} s, {pages} pages")
    met = {
        "dashboard_p95_lt_150ms": max(
            results["dashboard_admin"]["p95_ms"], results["dashboard_operator"]["p95_ms"]
        ) < 150,
        "api_p95_lt_100ms": results["api_coverage"]["p95_ms"] < 100,
        "rakor_pdf_lt_10s": pdf_s < 10,
    }  # fmt: skip
    print("targets met:", met)
    print(json.dumps({
        "bench": "dashboard", "database": "postgresql", "workers": opts.workers,
        "opds": opts.opds, "runs": opts.runs, "connections": opts.connections,
        "results": results, "rakor_pdf_s": round(pdf_s, 2), "rakor_pdf_pages": pages,
        "baseline": "healthz", "met": met,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
