"""Django's PostgreSQL backend with a health check that costs no round trip.

With CONN_HEALTH_CHECKS on, Django checks a persistent connection at the start of every
request that uses the database by sending `SELECT 1`: one more round trip (and a context
switch to and from the server) per request, a third of the database work of the permit
check. An idle connection has nothing to read, so this backend first polls the socket:
when the server has closed the connection (restart, pg_terminate_backend,
idle_session_timeout) it has sent its error and EOF, the socket is readable, and the
backend falls back to Django's `SELECT 1` (which then fails, and the connection is
replaced as before). A connection that is busy, in a transaction or already known broken
is also checked the old way. What neither check catches in time is a peer that vanished
without closing (a network partition): `SELECT 1` would hang there as the query does.

Statements are still never prepared automatically (Django's default, kind to
transaction-mode poolers), but a hot statement can ask for it with `prepare=True`
(psycopg ignores that when prepare_threshold is None, as Django sets it).
"""

from __future__ import annotations

import select
from typing import Any

from django.db.backends.postgresql import base
from psycopg import pq

# Executions before psycopg prepares a statement on its own: never, in practice.
PREPARE_ONLY_WHEN_ASKED = 2**31 - 1


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        if params.get("prepare_threshold") is None:
            params["prepare_threshold"] = PREPARE_ONLY_WHEN_ASKED
        return params

    def is_usable(self) -> bool:
        conn = self.connection
        if conn is None or conn.closed or conn.broken:
            return False
        if conn.info.transaction_status != pq.TransactionStatus.IDLE:
            return bool(super().is_usable())
        try:
            readable, _, _ = select.select([conn.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return True if not readable else bool(super().is_usable())
