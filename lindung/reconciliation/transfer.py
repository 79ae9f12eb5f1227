"""Moving rows between the app database and DuckDB: CSV files in a scratch directory.

PostgreSQL streams them with COPY both ways (DuckDB's postgres extension is fetched at run
time, which an offline server cannot do); SQLite goes through its cursor in chunks.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import QuerySet

_CHUNK = 10_000
_BLOCK = 1 << 20


def queryset_to_csv(qs: QuerySet[Any], path: Path) -> None:
    """Write a values_list queryset as a headerless CSV."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                path.open("wb") as out,
                cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy,
            ):
                for block in copy:
                    out.write(block)
            return
        cursor.execute(sql, params)
        with path.open("w", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            while batch := cursor.fetchmany(_CHUNK):
                writer.writerows(_sqlite_row(r) for r in batch)


def _sqlite_row(row: Sequence[Any]) -> list[Any]:
    # csv writes None as "" like PostgreSQL's NULL; booleans as 1/0 are not used here.
    return ["" if v is None else v for v in row]


def duckdb_to_table(con: Any, query: str, table: str, columns: Sequence[str], path: Path) -> int:
    """Insert the rows of a DuckDB query into an app table; returns the number of rows."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            con.execute(f"COPY ({query}) TO '{path}' (HEADER false)")
            with (
                cursor.cursor.copy(
                    f"COPY {quote(table)} ({names}) FROM STDIN (FORMAT csv)"
                ) as copy,
                path.open("rb") as src,
            ):
                while block := src.read(_BLOCK):
                    copy.write(block)
            return int(con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0])  # noqa: S608
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
        result = con.execute(query)
        written = 0
        while batch := result.fetchmany(_CHUNK):
            cursor.executemany(sql, batch)
            written += len(batch)
        return written
