"""`lindung quote` and `lindung benefit`: argument parsing and output, shared by the Django
management commands and a fast path that answers without starting Django.

The fast path reads the rule table with one SQL query over a plain DB-API connection: a
quote must answer in well under a second on a modest server, and starting Django with
every app costs most of that.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, Protocol

from lindung.lib.formatting import rupiah
from lindung.rulebook import engine
from lindung.rulebook.rules import Rule, RuleSet, file_ruleset


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


RULE_COLUMNS = "key, qualifier, value, unit, valid_from, valid_to, legal_basis, confidence, note"


def add_quote_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="segment", required=True)
    pu = sub.add_parser("pu", help="Penerima Upah")
    pu.add_argument("--wage", type=int, required=True, help="Upah per bulan (Rp)")
    pu.add_argument("--risk-group", type=int, default=1, help="Kelompok risiko JKK 1..5")
    pu.add_argument("--programs", default=",".join(engine.DEFAULT_PU))
    pu.add_argument("--sector", help="Sektor usaha: " + ", ".join(engine.SECTORS))
    pu.add_argument("--workers", type=int, help="Jumlah pekerja pemberi kerja")
    pu.add_argument("--scale", help="Skala usaha: " + ", ".join(engine.SCALES))
    bpu = sub.add_parser("bpu", help="Bukan Penerima Upah")
    bpu.add_argument("--income", type=int, required=True, help="Penghasilan per bulan (Rp)")
    bpu.add_argument("--programs", default=",".join(engine.DEFAULT_BPU))
    bpu.add_argument("--sector", help="Sektor: " + ", ".join(engine.SECTORS))
    bpu.add_argument("--funding", default="self", help=", ".join(engine.FUNDING))
    jakon = sub.add_parser("jakon", help="Proyek jasa konstruksi")
    jakon.add_argument("--contract-value", type=int, help="Nilai kontrak tanpa PPN (Rp)")
    jakon.add_argument("--wages", type=int, help="Total upah pekerja per bulan, bila diketahui")
    for p in (pu, bpu, jakon):
        p.add_argument("--month", required=True, help="Bulan iuran YYYY-MM")
        p.add_argument("--json", action="store_true", help="Cetak satu objek JSON")


def add_benefit_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="benefit", required=True)
    jkm = sub.add_parser("jkm", help="Jaminan Kematian")
    death = sub.add_parser("jkk-death", help="JKK: meninggal karena kecelakaan kerja")
    death.add_argument("--wage", type=int, required=True, help="Upah per bulan (Rp)")
    for p in (jkm, death):
        when = p.add_mutually_exclusive_group(required=True)
        when.add_argument("--date", help="Tanggal meninggal YYYY-MM-DD")
        when.add_argument(
            "--month", help="Bulan kejadian YYYY-MM (bila aturan tidak berubah di bulan itu)"
        )
        p.add_argument("--json", action="store_true", help="Cetak satu objek JSON")


def render(result: engine.Quote | engine.Benefit, as_json: bool) -> str:
    if as_json:
        return json.dumps(result.to_dict(), ensure_ascii=False)
    lines = []
    if isinstance(result, engine.Quote):
        lines.append(f"Iuran {result.segment} bulan {result.month:%Y-%m}")
        for line in result.lines:
            deferred = f"  ditunda {rupiah(line.deferred)}" if line.deferred else ""
            lines.append(
                f"  {line.program:<4} dasar {rupiah(line.base):>16}  pemberi kerja "
                f"{rupiah(line.employer):>12}  pekerja {rupiah(line.worker):>10}{deferred}"
                f"  ({line.legal_basis})"
            )
        lines += [f"  Total {rupiah(result.total)}"]
        if result.deferred_total:
            lines.append(
                f"  Dibayar bulan ini {rupiah(result.due_now)}, "
                f"ditunda {rupiah(result.deferred_total)}"
            )
        lines += [f"  peringatan: {w}" for w in result.warnings]
    else:
        if result.day is not None:
            lines.append(f"Manfaat {result.benefit} untuk kematian tanggal {result.day:%Y-%m-%d}")
        for c in result.components:
            lines.append(f"  {c.name:<48} {rupiah(c.amount):>16}  ({c.legal_basis})")
        lines.append(f"  Total {rupiah(result.total)}")
        lines += [f"  catatan: {n}" for n in result.notes]
    return "\n".join(lines)


def run(kind: str, options: dict[str, Any], rules: RuleSet, out: Writer, err: Writer) -> int:
    """Quote or benefit; bad input names the field and the valid range, status 2."""
    try:
        if kind == "quote":
            result: engine.Quote | engine.Benefit = engine.run_quote(
                rules, options["segment"], options
            )
        else:
            result = engine.run_benefit(rules, options["benefit"], options)
    except engine.QuoteError as exc:
        if options.get("json"):
            out.write(json.dumps({"error": exc.message, "field": exc.field}, ensure_ascii=False))
            out.write("\n")
        err.write(f"Galat pada {exc.field}: {exc.message}\n")
        return 2
    out.write(render(result, bool(options.get("json"))) + "\n")
    return 0


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class RuleTableUnreadable(Exception):
    """The database is configured but the rule table cannot be read (not: does not exist)."""


def ruleset_from_database(url: str) -> RuleSet | None:
    """The stored rule table via a plain DB-API connection; None when it does not exist yet.

    Only a missing table (or a SQLite file not created yet, or an empty table: migrate has
    not loaded the rows) falls back to the shipped file. Any other failure (wrong password,
    server down, corrupt file) raises RuleTableUnreadable: quoting from the shipped file
    then would hide that the installation's own rates are not being used.
    """
    import os
    from urllib.parse import urlparse

    parsed = urlparse(url)
    query = f"SELECT {RULE_COLUMNS} FROM rulebook_rulevalue"  # noqa: S608 - constant
    if parsed.scheme == "sqlite":
        import sqlite3

        path = url.split("sqlite:///", 1)[1] if "sqlite:///" in url else parsed.path
        if not path or path == ":memory:" or not os.path.exists(path):
            return None
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
                rows = conn.execute(query).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise RuleTableUnreadable(str(exc)) from exc
        except sqlite3.Error as exc:
            raise RuleTableUnreadable(str(exc)) from exc
    elif parsed.scheme in ("postgres", "postgresql", "pgsql"):
        import psycopg

        try:
            dsn = url.replace("pgsql://", "postgresql://", 1)
            # A quote must not hang on an unreachable server: fail in seconds, loudly.
            with psycopg.connect(dsn, connect_timeout=10) as conn:
                rows = conn.execute(query).fetchall()
        except psycopg.errors.UndefinedTable:
            return None
        except psycopg.Error as exc:
            raise RuleTableUnreadable(str(exc).strip()) from exc
    else:
        raise RuleTableUnreadable(f"DATABASE_URL scheme {parsed.scheme!r} is not supported")
    if not rows:
        return None
    return RuleSet(
        Rule(
            key=r[0],
            qualifier=r[1],
            value=r[2],
            unit=r[3],
            valid_from=_date(r[4]) or date.min,
            valid_to=_date(r[5]),
            legal_basis=r[6],
            confidence=r[7],
            note=r[8],
        )
        for r in rows
    )


def fast_main(argv: list[str]) -> int:
    """Answer `quote`/`benefit` from the stored rule table, without starting Django.

    Before `lindung migrate` has created the table, the shipped rule file is used (the same
    rows migrate would load), with a note on stderr.
    """
    from lindung.dburl import database_url

    kind = argv[0]
    parser = argparse.ArgumentParser(prog=f"lindung {kind}")
    (add_quote_arguments if kind == "quote" else add_benefit_arguments)(parser)
    options = vars(parser.parse_args(argv[1:]))
    try:
        rules = ruleset_from_database(database_url())
    except RuleTableUnreadable as exc:
        sys.stderr.write(f"Galat: tabel aturan di basis data tidak dapat dibaca: {exc}\n")
        return 1
    if rules is None:
        sys.stderr.write(
            "Catatan: tabel aturan di basis data belum ada; memakai tabel bawaan "
            "(lindung/rulebook/data/rules.csv).\n"
        )
        rules = file_ruleset()
    return run(kind, options, rules, sys.stdout, sys.stderr)
