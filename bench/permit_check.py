"""Benchmark: the permit check (GET /api/v1/compliance/{nib}) on PostgreSQL, real server, wrk.

Usage: .venv/bin/python bench/permit_check.py [--businesses 100000] [--seconds 15]
       [--connections 8] [--workers 3]

Builds a throwaway PostgreSQL database with N businesses (a third non-compliant, with
open findings), issues a client key with `lindung apikey create`, starts gunicorn the way
`make run` does (lindung.wsgi, 3 workers, access log) with DEBUG off, and drives it with
wrk: the trivial authenticated endpoint of the same server (GET /api/v1/compliance/ping,
same key and auth path, no lookup, no log) and the permit check over a rotating set of
NIBs (9 in 10 known, 1 in 10 unknown), in alternating slices (--rounds of each) so that
both see the same background load on a shared machine. req/s is all requests over all
slices; p50 is the median of the slices' and p99 the worst slice's. Every check writes its
log row, as in production. Needs wrk (`apt-get install -y wrk`). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql://postgres@127.0.0.1:5432/"
BIN = ROOT / ".venv" / "bin"
TARGET_RPS = 1000
TARGET_P99_MS = 30.0
TARGET_RATIO = 0.6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fill(url: str, n: int) -> list[str]:
    """N businesses of Pemda 3375 by COPY; returns their NIBs."""
    rng = random.Random(11)
    nibs = [f"9120{i:09d}" for i in range(1, n + 1)]
    with psycopg.connect(url, autocommit=True) as conn:
        pemda = conn.execute("SELECT id FROM registry_pemda WHERE code = '3375'").fetchone()[0]
        cols = ("pemda_id, nib, name, name_key, kbli, scale, kecamatan, address, "
                "jkk_risk_group, status, open_findings, reported_workers, bpjs_workers, "
                "created_at, updated_at")  # fmt: skip
        with conn.cursor() as cur, cur.copy(f"COPY compliance_business ({cols}) FROM STDIN") as cp:
            for i, nib in enumerate(nibs):
                bad = rng.random() < 0.33
                findings = (
                    [{"kind": rng.choice(["PWBD", "PDS_TK", "PDS_UPAH"]), "since": "2026-09-01",
                      "stage": rng.choice(["open", "teguran_1", "teguran_2"])}]
                    if bad else []
                )  # fmt: skip
                cp.write_row((
                    pemda, nib, f"Usaha Batik {i}", f"usaha batik {i}", "13134", "small",
                    "Pekalongan Barat", "", 1, "non_compliant" if bad else "compliant",
                    json.dumps(findings), 10, 10 if not bad else 4, "now()", "now()",
                ))  # fmt: skip
        conn.execute("ANALYZE compliance_business")
    return nibs


def run_wrk(port: int, path_script: Path | None, path: str, key: str, seconds: int,
            connections: int) -> dict[str, float]:  # fmt: skip
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
           "-H", f"Authorization: Bearer {key}"]  # fmt: skip
    if path_script is not None:
        cmd += ["-s", str(path_script)]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    p = {q: _ms(re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)", out, re.M)) for q in (50, 99)}
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    return {"rps": rps, "p50_ms": p[50], "p99_ms": p[99], "requests": total,
            "errors": int(non2xx[1]) if non2xx else 0}  # fmt: skip


def combine(slices: list[dict[str, float]], seconds: int) -> dict[str, float]:
    """One endpoint's slices: all requests over all time, median p50, worst p99."""
    requests = sum(s["requests"] for s in slices)
    return {"rps": requests / (seconds * len(slices)), "requests": requests,
            "p50_ms": statistics.median(s["p50_ms"] for s in slices),
            "p99_ms": max(s["p99_ms"] for s in slices),
            "errors": sum(s["errors"] for s in slices)}  # fmt: skip


def _ms(match: re.Match[str] | None) -> float:
    assert match is not None
    value, unit = float(match[1]), match[2]
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--businesses", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=3, help="alternating slices per endpoint")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    db = f"lindung_bench_permit_{os.getpid()}"
    url = PG + db
    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "bench-" + db,
           "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost"}  # fmt: skip
    env.pop("LINDUNG_TESTING", None)
    server = None
    try:
        subprocess.run([BIN / "lindung", "migrate", "--no-input", "-v0"], env=env, check=True)
        subprocess.run(
            [BIN / "lindung", "setup_pemda", "--code", "3375", "--name", "Kota Pekalongan"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        started = time.monotonic()
        nibs = fill(url, args.businesses)
        fill_s = time.monotonic() - started
        out = subprocess.run(
            [BIN / "lindung", "apikey", "create", "--pemda", "3375", "--name", "bench",
             "--rate", "1000000000"],
            env=env, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        key = out.strip().splitlines()[-1]
        port = free_port()
        server = subprocess.Popen(
            [BIN / "gunicorn", "lindung.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--access-logfile", "-"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rng = random.Random(5)
        sample = [rng.choice(nibs) if rng.random() < 0.9 else f"8{rng.randint(0, 10**12 - 1):012d}"
                  for _ in range(5000)]  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "nibs.lua"
            script.write_text(
                "local nibs = {" + ",".join(f'"{n}"' for n in sample) + "}\n"
                "local i = 0\n"
                "request = function()\n  i = i + 1\n"
                '  return wrk.format("GET", "/api/v1/compliance/" .. nibs[(i % #nibs) + 1])\n'
                "end\n"
            )
            # Warm both paths (connections, imports, caches), then measure.
            run_wrk(port, None, "/api/v1/compliance/ping", key, 3, args.connections)
            run_wrk(port, script, "/", key, 3, args.connections)
            slice_s = max(1, round(args.seconds / args.rounds))
            slices: dict[str, list[dict[str, float]]] = {"base": [], "check": []}
            for _ in range(args.rounds):
                slices["base"].append(run_wrk(port, None, "/api/v1/compliance/ping", key,
                                              slice_s, args.connections))  # fmt: skip
                slices["check"].append(run_wrk(port, script, "/", key, slice_s,
                                               args.connections))  # fmt: skip
            base, check = combine(slices["base"], slice_s), combine(slices["check"], slice_s)
        with psycopg.connect(url) as conn:
            logged = conn.execute("SELECT count(*) FROM compliance_permitcheck").fetchone()[0]
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        with psycopg.connect(PG + "postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    ratio = check["rps"] / base["rps"]
    print(f"businesses: {args.businesses:,} (COPY in {fill_s:.1f} s); gunicorn "
          f"{args.workers} workers; wrk 2 threads, {args.connections} connections, "
          f"{args.rounds} alternating slices of {slice_s} s per endpoint")  # fmt: skip
    print(f"baseline GET /compliance/ping: {base['rps']:.0f} req/s, p50 {base['p50_ms']:.2f} "
          f"ms, p99 {base['p99_ms']:.2f} ms, non-2xx {base['errors']}")  # fmt: skip
    print(f"permit check GET /compliance/{{nib}}: {check['rps']:.0f} req/s, p50 "
          f"{check['p50_ms']:.2f} ms, p99 {check['p99_ms']:.2f} ms, non-2xx {check['errors']}, "
          f"log rows {logged:,}")  # fmt: skip
    print(f"ratio check/baseline: {ratio:.2f} (target >= {TARGET_RATIO}); targets: "
          f">= {TARGET_RPS} req/s, p99 < {TARGET_P99_MS} ms")  # fmt: skip
    print(json.dumps({
        "bench": "permit_check", "businesses": args.businesses,
        "rps": round(check["rps"], 1), "p50_ms": check["p50_ms"], "p99_ms": check["p99_ms"],
        "baseline_rps": round(base["rps"], 1), "baseline_p99_ms": base["p99_ms"],
        "ratio": round(ratio, 3), "errors": check["errors"], "logged": logged,
        "met": check["rps"] >= TARGET_RPS and check["p99_ms"] < TARGET_P99_MS
        and ratio >= TARGET_RATIO,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
