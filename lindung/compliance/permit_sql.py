"""The permit check's one statement on PostgreSQL: read the business, log the check.

The check is the hottest route of the application (the licensing office's system calls it
for every permit), so on PostgreSQL it is one prepared statement, parsed and planned once
per connection (planning the CTE cost more than running it). It goes through a psycopg
server-binding cursor with `prepare=True`: Django's own cursors bind on the client and
cannot prepare. (An earlier branch sent it straight through libpq in autocommit mode; the
cost of dropping it is recorded in bench/README.md.)

The statement commits asynchronously (synchronous_commit off for it alone): the answer
never waits for the WAL flush, and a database crash may lose the last fraction of a
second of log rows (wal_writer_delay), never any business data. Django leaves prepared
statements off for the sake of transaction-mode connection poolers; behind PgBouncer
this needs 1.21+ with max_prepared_statements.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import psycopg
from django.db import connection

from lindung.lib.postgresql.base import PREPARE_ONLY_WHEN_ASKED

STATEMENT = """
WITH b AS (
    SELECT id, name, status, open_findings FROM compliance_business
    WHERE pemda_id = %(pemda)s AND nib = %(nib)s
), logged AS (
    INSERT INTO compliance_permitcheck
        (pemda_id, nib, business_id, status, channel, api_key_id, user_id, checked_at)
    SELECT %(pemda)s, %(nib)s, (SELECT id FROM b),
        COALESCE((SELECT status FROM b), %(unknown)s::text),
        %(channel)s, %(key)s::bigint, %(user)s::bigint, %(at)s
    FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
)
SELECT name, status, open_findings::text FROM b
"""

Row = tuple[str | None, str, list[dict[str, Any]]]


def check_and_log(
    *, pemda: int, nib: str, unknown: str, channel: str, key: int | None,
    user: int | None, at: datetime,
) -> Row | None:  # fmt: skip
    """(name, status, open findings) of the business, or None; the check is logged."""
    params = {"pemda": pemda, "nib": nib, "unknown": unknown, "channel": channel,
              "key": key, "user": user, "at": at}  # fmt: skip
    # Django's cursor() runs its checks (health, thread, connecting if needed).
    with connection.cursor() as django_cursor, connection.wrap_database_errors:
        conn = django_cursor.cursor.connection
        if conn.prepare_threshold is None:
            # Django's stock backend disables preparing (prepare=True is then ignored);
            # allow it for statements that ask, as lindung.lib.postgresql does.
            conn.prepare_threshold = PREPARE_ONLY_WHEN_ASKED
        with psycopg.Cursor(conn) as cursor:
            cursor.execute(STATEMENT, params, prepare=True)
            row = cursor.fetchone()
    if row is None:
        return None
    return row[0], row[1], json.loads(row[2])
