"""The opt-in PostgreSQL backend: its health check, explicit prepares, and the fence.

The behaviour tests need PostgreSQL; they build a connection with the custom backend
explicitly, so they run whether or not DB_FAST_BACKEND is on. The fence runs everywhere.
"""

from __future__ import annotations

import inspect
import os
import time
import unittest
from unittest import mock

import psycopg
from django.conf import settings
from django.db import connection
from django.db.backends.postgresql import base as django_base
from django.test import SimpleTestCase

from lindung.lib.postgresql import base as fast_base


class DjangoInternalsFenceTest(SimpleTestCase):
    """Fails when the Django or psycopg internals the backend overrides or reads change."""

    def test_the_overridden_methods_still_exist_with_the_same_signatures(self) -> None:
        for name in ("get_connection_params", "is_usable"):
            base_method = getattr(django_base.DatabaseWrapper, name)
            ours = getattr(fast_base.DatabaseWrapper, name)
            self.assertIsNot(ours, base_method, name)
            self.assertEqual(
                list(inspect.signature(base_method).parameters),
                list(inspect.signature(ours).parameters),
                name,
            )

    def test_django_still_leaves_prepare_threshold_unset_and_checks_with_select_1(self) -> None:
        # The backend replaces exactly these two behaviours; if Django drops them, the
        # override is either pointless or wrong.
        self.assertIn('"prepare_threshold"', inspect.getsource(
            django_base.DatabaseWrapper.get_connection_params))  # fmt: skip
        self.assertIn("SELECT 1", inspect.getsource(django_base.DatabaseWrapper.is_usable))
        # The per-request check that calls is_usable() (CONN_HEALTH_CHECKS).
        from django.db.backends.base.base import BaseDatabaseWrapper

        self.assertIn(
            "is_usable", inspect.getsource(BaseDatabaseWrapper.close_if_health_check_failed)
        )

    def test_the_psycopg_attributes_it_reads_still_exist(self) -> None:
        self.assertTrue(hasattr(psycopg.pq.TransactionStatus, "IDLE"))
        for name in ("closed", "broken", "info", "fileno"):
            self.assertTrue(hasattr(psycopg.Connection, name), name)
        self.assertTrue(hasattr(psycopg.ConnectionInfo, "transaction_status"))

    def test_it_is_opt_in(self) -> None:
        engine = settings.DATABASES["default"]["ENGINE"]
        if settings.DB_FAST_BACKEND and connection.vendor == "postgresql":
            self.assertEqual(engine, "lindung.lib.postgresql")
        else:
            self.assertNotEqual(engine, "lindung.lib.postgresql")
        # The PostgreSQL CI leg (.ci/run) sets it, so the backend runs the whole suite there.
        wanted = os.environ.get("DB_FAST_BACKEND", "0").strip().lower() in {"1", "true", "on"}
        self.assertEqual(settings.DB_FAST_BACKEND, wanted)


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL backend")
class HealthCheckTest(SimpleTestCase):
    databases = {"default"}

    def setUp(self) -> None:
        # A connection of its own with the custom backend, outside the test's transaction,
        # as a worker holds one.
        self.db = fast_base.DatabaseWrapper(dict(connection.settings_dict), alias="fast")
        self.db.ensure_connection()
        self.addCleanup(self.db.close)

    def test_an_idle_connection_is_usable_without_a_round_trip(self) -> None:
        with mock.patch.object(django_base.DatabaseWrapper, "is_usable") as select_1:
            self.assertTrue(self.db.is_usable())
        select_1.assert_not_called()

    def test_a_connection_the_server_closed_is_replaced(self) -> None:
        pid = self.db.connection.info.backend_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 5
        while self.db.is_usable() and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertFalse(self.db.is_usable())
        # Django's per-request check closes it; the next cursor reconnects.
        self.db.health_check_done = False
        self.db.close_if_health_check_failed()
        with self.db.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.assertNotEqual(cursor.fetchone()[0], pid)

    def test_inside_a_transaction_the_check_still_asks_the_server(self) -> None:
        with self.db.cursor() as cursor:
            self.db.set_autocommit(False)
            cursor.execute("SELECT 1")
            with mock.patch.object(
                django_base.DatabaseWrapper, "is_usable", return_value=True
            ) as select_1:
                self.assertTrue(self.db.is_usable())
            select_1.assert_called_once()
            self.db.rollback()
            self.db.set_autocommit(True)

    def test_statements_are_prepared_only_when_asked(self) -> None:
        with self.db.cursor() as cursor:
            for _ in range(10):
                cursor.execute("SELECT 1 + %s", [1])
            raw = self.db.connection
            with psycopg.Cursor(raw) as server_side:
                server_side.execute("SELECT 2 + %s", [1], prepare=True)
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            self.assertEqual([row[0] for row in cursor.fetchall()], ["SELECT 2 + $1"])
