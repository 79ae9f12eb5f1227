"""The PostgreSQL backend's health check and explicit prepares (PostgreSQL only)."""

from __future__ import annotations

import time
import unittest
from unittest import mock

import psycopg
from django.db import connection
from django.db.backends.postgresql import base as django_base
from django.test import SimpleTestCase


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL backend")
class HealthCheckTest(SimpleTestCase):
    databases = {"default"}

    def setUp(self) -> None:
        # A connection of its own, outside the test's transaction, as a worker holds one.
        self.db = connection.copy()
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
