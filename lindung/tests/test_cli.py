"""The `lindung` console command, run as a real subprocess where exit codes matter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase

from lindung.accounts.models import User
from lindung.registry.models import Engagement, Opd, Pemda, Person
from lindung.tests.base import BaseTestCase

ROOT = Path(__file__).resolve().parents[2]


def lindung(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (the same entry point a user types)."""
    exe = Path(sys.executable).with_name("lindung")
    return subprocess.run(  # noqa: S603 - our own entry point, fixed arguments
        [str(exe), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        # An empty value removes the variable (e.g. to run as production would).
        env={k: v for k, v in {**os.environ, "LINDUNG_TESTING": "1", **env}.items() if v != ""},
    )


class NikCommandTest(SimpleTestCase):
    def test_valid_nik_prints_json_and_exits_zero(self) -> None:
        # 3375 Kota Pekalongan, district 01, day 45 = 5th (woman), July 1990, serial 0001.
        result = lindung("nik", "3375014507900001", "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            json.loads(result.stdout),
            {
                "nik": "3375014507900001",
                "valid": True,
                "errors": [],
                "warnings": [],
                "province_code": "33",
                "regency_code": "3375",
                "district_code": "337501",
                "birth_date": "1990-07-05",
                "sex": "P",
            },
        )

    def test_invalid_nik_exits_one_with_errors(self) -> None:
        result = lindung("nik", "3375010513900000", "--json")
        self.assertEqual(result.returncode, 1)
        body = json.loads(result.stdout)
        self.assertFalse(body["valid"])
        self.assertTrue(any("13" in e for e in body["errors"]))  # month 13
        self.assertTrue(any("0000" in e for e in body["errors"]))

    def test_mismatched_birth_date_and_sex_are_warnings(self) -> None:
        out = StringIO()
        call_command(
            "nik",
            "3375010507900001",
            "--birth-date",
            "1990-07-06",
            "--sex",
            "P",
            "--json",
            stdout=out,
        )
        body = json.loads(out.getvalue())
        self.assertTrue(body["valid"])
        self.assertEqual(len(body["warnings"]), 2)


class TenantCommandsTest(TestCase):
    def test_setup_pemda_is_idempotent(self) -> None:
        out = StringIO()
        call_command("setup_pemda", "--code", "3375", "--name", "Kota Pekalongan", stdout=out)
        call_command("setup_pemda", "--code", "3375", "--name", "Kota Pekalongan", stdout=out)
        self.assertEqual(Pemda.objects.filter(code="3375").count(), 1)
        self.assertIn("sudah ada", out.getvalue())

    def test_setup_pemda_rejects_a_bad_code(self) -> None:
        with self.assertRaises(CommandError):
            call_command("setup_pemda", "--code", "33A", "--name", "X", stdout=StringIO())

    def test_demo_is_deterministic_and_realistic(self) -> None:
        from django.db import transaction

        before_demo = transaction.savepoint()
        call_command("demo", "--workers", "400", "--seed", "7", stdout=StringIO())
        pemda = Pemda.objects.get(code="3375")
        self.assertEqual(pemda.name, "Kota Pekalongan")
        self.assertGreaterEqual(Opd.objects.filter(pemda=pemda).count(), 30)
        self.assertEqual(Person.objects.count(), 400)
        snapshot = list(Person.objects.order_by("nik").values_list("nik", "name")[:20])
        sk = Engagement.objects.filter(has_sk=True).count()
        self.assertTrue(10 <= sk <= 60, sk)  # ~7.5 %, as 294 of 3,976 in the 2020 rakor
        wages = Engagement.objects.values_list("monthly_wage", flat=True)
        self.assertTrue(all(1_500_000 <= w <= 3_500_000 for w in wages))
        from lindung.lib.nik import parse_nik

        for person in Person.objects.all():
            parsed = parse_nik(person.nik, birth_date=person.birth_date, sex=person.sex)
            self.assertTrue(parsed.valid, parsed.errors)
            self.assertEqual(parsed.warnings, [], person.nik)
        # Same seed, same city: undo the whole demo, build it again.
        transaction.savepoint_rollback(before_demo)
        self.assertFalse(Person.objects.exists())
        call_command("demo", "--workers", "400", "--seed", "7", stdout=StringIO())
        self.assertEqual(
            snapshot, list(Person.objects.order_by("nik").values_list("nik", "name")[:20])
        )

    def test_rows_added_after_the_demo_get_fresh_ids(self) -> None:
        """The demo writes explicit ids; PostgreSQL sequences must move past them."""
        from datetime import date

        from lindung.registry.services import worker_add
        from lindung.tests.factories import make_valid_nik

        call_command("demo", "--workers", "30", stdout=StringIO())
        eng = worker_add(
            actor=None,
            opd=Opd.objects.get(code="DLH"),
            nik=make_valid_nik(),
            name="Setelah Demo",
            category="kontrak",
            monthly_wage=2_000_000,
            start_date=date(2026, 1, 5),
        )
        self.assertEqual(Engagement.objects.count(), 31)
        self.assertGreater(
            eng.person_id,
            max(Person.objects.exclude(pk=eng.person_id).values_list("pk", flat=True)),
        )

    def test_demo_refuses_to_overwrite_a_city_with_workers(self) -> None:
        call_command("demo", "--workers", "50", stdout=StringIO())
        with self.assertRaises(CommandError):
            call_command("demo", "--workers", "50", stdout=StringIO())
        out = StringIO()
        call_command("demo", "--if-empty", stdout=out)
        self.assertIn("tidak dimuat ulang", out.getvalue())


class TokenCommandTest(BaseTestCase):
    def test_token_create_prints_a_token_the_api_accepts(self) -> None:
        out = StringIO()
        call_command("token", "create", "--user", "operator", stdout=out)
        token = out.getvalue().strip()
        response = self.client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
        self.assertEqual(response.json()["username"], "operator")
        self.assertEqual(response.json()["opd_ids"], [self.opd.pk])

    def test_unknown_user_is_a_clear_error(self) -> None:
        with self.assertRaises(CommandError):
            call_command("token", "create", "--user", "nobody", stdout=StringIO())

    def test_demo_users_prints_one_account_per_role(self) -> None:
        out = StringIO()
        call_command("demo_users", stdout=out)
        text = out.getvalue()
        for role in (
            "Admin Pemda",
            "Operator OPD",
            "Petugas BPJS",
            "Disnaker",
            "Perizinan",
            "Pimpinan",
        ):
            self.assertIn(role, text)
        user = User.objects.get(username="operator_dlh")
        self.assertTrue(user.check_password("lindung-operator-dlh"))
        self.assertFalse(User.objects.get(username="pimpinan").is_staff)


class ConsoleScriptTest(SimpleTestCase):
    def test_hyphenated_commands_reach_django(self) -> None:
        result = lindung("setup-pemda", "--help")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("--code", result.stdout)
