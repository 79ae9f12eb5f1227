"""The permit check's one statement on PostgreSQL: read the business, log the check.

The check is the hottest route of the application (the licensing office's system calls it
for every permit), so on PostgreSQL it is one prepared statement, parsed and planned once
per connection (planning the CTE cost more than running it). When Django is in autocommit
mode, as it is for an API request, the statement goes straight through libpq
(`PGconn.exec_prepared`): psycopg's cursor machinery (generators, adaptation, row
loading) cost more CPU per call than PostgreSQL spent answering. Inside a transaction
block the statement goes through a psycopg cursor instead, which opens the transaction
first as psycopg does for every statement.

The statement commits asynchronously (synchronous_commit off for it alone): the answer
never waits for the WAL flush, and a database crash may lose the last fraction of a
second of log rows (wal_writer_delay), never any business data. Django leaves prepared
statements off for the sake of transaction-mode connection poolers; behind PgBouncer
this needs 1.21+ with max_prepared_statements.
"""

from __future__ import annotations

import json
import weakref
from datetime import datetime
from typing import Any

import psycopg
from django.db import connection

_QUERY = """
WITH b AS (
    SELECT id, name, status, open_findings FROM compliance_business
    WHERE pemda_id = {pemda} AND nib = {nib}
), logged AS (
    INSERT INTO compliance_permitcheck
        (pemda_id, nib, business_id, status, channel, api_key_id, user_id, checked_at)
    SELECT {pemda}, {nib}, (SELECT id FROM b), COALESCE((SELECT status FROM b), {unknown}),
        {channel}, {key}, {user}, {at}
    FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
)
SELECT name, status, open_findings::text FROM b
"""
_NAMES = ("pemda", "nib", "unknown", "channel", "key", "user", "at")
_TYPES = ("bigint", "text", "text", "text", "bigint", "bigint", "timestamptz")
# libpq's numbered parameters, typed (the INSERT ... SELECT list would not infer them).
_LIBPQ = _QUERY.format(
    **{n: f"${i}::{t}" for i, (n, t) in enumerate(zip(_NAMES, _TYPES, strict=True), 1)}
).encode()
_PSYCOPG = _QUERY.format(**{n: f"%({n})s" for n in _NAMES})
_STATEMENT = b"lindung_permit_check"
# The psycopg connections the statement is prepared on; a new connection prepares again.
_prepared_on: weakref.WeakSet[psycopg.Connection[Any]] = weakref.WeakSet()

Row = tuple[str | None, str, list[dict[str, Any]]]


def check_and_log(
    *, pemda: int, nib: str, unknown: str, channel: str, key: int | None,
    user: int | None, at: datetime,
) -> Row | None:  # fmt: skip
    """(name, status, open findings) of the business, or None; the check is logged."""
    values = (pemda, nib, unknown, channel, key, user, at)
    if connection.in_atomic_block or not connection.get_autocommit():
        return _through_psycopg(dict(zip(_NAMES, values, strict=True)))
    # What Django's cursor() does before handing out a cursor: the health check of the
    # connection (once per request), connecting if needed, one thread per connection.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    params = [None if v is None else (v.isoformat() if isinstance(v, datetime) else str(v))
              .encode() for v in values]  # fmt: skip
    with connection.wrap_database_errors:
        conn = connection.connection
        pgconn = conn.pgconn
        if conn not in _prepared_on:
            _ok(pgconn.prepare(_STATEMENT, _LIBPQ), conn)
            _prepared_on.add(conn)
        result = _ok(pgconn.exec_prepared(_STATEMENT, params), conn)
        if result.ntuples == 0:
            return None
        name, status, findings = (result.get_value(0, c) for c in range(3))
    return (
        None if name is None else bytes(name).decode(),
        bytes(status or b"").decode(),
        json.loads(bytes(findings or b"[]")),
    )


def _ok(result: Any, conn: psycopg.Connection[Any]) -> Any:
    if result.status in (psycopg.pq.ExecStatus.COMMAND_OK, psycopg.pq.ExecStatus.TUPLES_OK):
        return result
    raise psycopg.errors.error_from_result(result, encoding=conn.info.encoding)


def _through_psycopg(params: dict[str, Any]) -> Row | None:
    # Django's cursor() runs its checks (health, thread); its client-binding cursor
    # cannot prepare, so the statement goes through a server-binding one.
    with (
        connection.cursor() as django_cursor,
        connection.wrap_database_errors,
        psycopg.Cursor(django_cursor.cursor.connection) as cursor,
    ):
        cursor.execute(_PSYCOPG, params, prepare=True)
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0], row[1], json.loads(row[2])
