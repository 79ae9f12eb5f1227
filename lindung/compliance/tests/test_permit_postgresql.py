"""The permit check's prepared statement, outside a transaction as an API request runs it.

The other permit tests run inside the test case's transaction; these commit for real
(PostgreSQL only), and fail if psycopg stops preparing the statement.
"""

from __future__ import annotations

import unittest
from datetime import date
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.db import DataError, connection, transaction
from django.test import TransactionTestCase
from django.utils import timezone

from lindung.compliance import permit_sql, services
from lindung.compliance.models import PermitCheck
from lindung.compliance.tests.factories import make_business
from lindung.tests.factories import make_pemda


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class PermitCheckAutocommitTest(TransactionTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.pemda = make_pemda("3375", "Kota Pekalongan")
        self.bad = make_business(self.pemda, name="Batik Kotor")
        services.figure_add(actor=None, business=self.bad, source="wlkp", on=date(2026, 1, 31),
                            workers=12, total_wages=36_000_000)  # fmt: skip
        out = StringIO()
        call_command("apikey", "create", "--pemda", "3375", "--name", "SiCantik", stdout=out)
        self.key = out.getvalue().split()[-1]

    def get(self, nib: str) -> dict:
        response = self.client.get(
            f"/api/v1/compliance/{nib}", HTTP_AUTHORIZATION=f"Bearer {self.key}"
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def prepared(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["%INSERT INTO compliance_permitcheck%"],
            )
            return int(cursor.fetchone()[0])

    def test_answers_and_logs_outside_a_transaction(self) -> None:
        self.assertTrue(connection.get_autocommit())
        bad = self.get(self.bad.nib)
        self.assertEqual((bad["name"], bad["status"]), ("Batik Kotor", "non_compliant"))
        self.assertEqual([f["kind"] for f in bad["findings"]], ["PWBD"])
        unknown = self.get("9999999999999")
        self.assertEqual((unknown["name"], unknown["status"], unknown["findings"]),
                         (None, "unknown", []))  # fmt: skip
        logged = list(
            PermitCheck.objects.order_by("pk").values_list("nib", "business_id", "status")
        )
        self.assertEqual(logged, [(self.bad.nib, self.bad.pk, "non_compliant"),
                                  ("9999999999999", None, "unknown")])  # fmt: skip
        first = PermitCheck.objects.order_by("pk").first()
        assert first is not None
        self.assertEqual(first.channel, "api")
        self.assertEqual(first.checked_at.isoformat()[:23], bad["checked_at"][:23])

    def test_prepared_once_per_connection_and_again_after_a_reconnect(self) -> None:
        self.get(self.bad.nib)
        self.get(self.bad.nib)
        self.assertEqual(self.prepared(), 1)
        connection.close()
        self.get(self.bad.nib)  # a new connection: prepared there before use
        self.assertEqual(self.prepared(), 1)
        self.assertEqual(PermitCheck.objects.count(), 3)

    def test_prepared_on_djangos_stock_backend_too(self) -> None:
        # Django's own backend opens connections with prepare_threshold None, and psycopg
        # then ignores prepare=True: the permit check must still prepare its statement.
        connection.ensure_connection()
        connection.connection.prepare_threshold = None
        self.get(self.bad.nib)
        self.assertEqual(self.prepared(), 1)

    def test_same_answer_inside_a_transaction(self) -> None:
        fast = services.permit_check(pemda_id=self.pemda.pk, nib=self.bad.nib, channel="api")
        with transaction.atomic():
            slow = services.permit_check(pemda_id=self.pemda.pk, nib=self.bad.nib, channel="api")
        self.assertEqual({**fast, "checked_at": None}, {**slow, "checked_at": None})
        self.assertEqual(PermitCheck.objects.count(), 2)

    def test_a_database_error_is_djangos(self) -> None:
        with self.assertRaises(DataError):
            permit_sql.check_and_log(
                pemda=2**63, nib=self.bad.nib, unknown="unknown", channel="api", key=None,
                user=None, at=timezone.now(),
            )  # fmt: skip
        self.assertEqual(self.get(self.bad.nib)["status"], "non_compliant")
