"""Production settings: refuse to start unsafe, pass Django's deploy checks."""

from __future__ import annotations

import sqlite3
import tempfile

from django.test import SimpleTestCase, override_settings

from lindung.tests.base import PASSWORD, BaseTestCase
from lindung.tests.test_cli import lindung

PRODUCTION = {
    "LINDUNG_TESTING": "",
    "DJANGO_ALLOW_ASYNC_UNSAFE": "",
    "DEBUG": "0",
    "SECRET_KEY": "k7#v2P!qZ9x$L0m@w4R^t8Y&u1N*o5B(e3C)i6D_f2G+h9J=aQ3sW5dE7rT",
    "ALLOWED_HOSTS": "lindung.pekalongankota.go.id",
}


class ProductionSettingsTest(SimpleTestCase):
    def test_check_deploy_is_clean(self) -> None:
        result = lindung("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
        self.assertEqual(result.returncode, 0, result.stderr + result.stdout)
        self.assertIn("no issues", result.stdout)

    def test_it_refuses_to_start_without_a_secret_key(self) -> None:
        result = lindung("check", **{**PRODUCTION, "SECRET_KEY": ""})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is required", result.stderr)

    def test_a_junk_boolean_is_refused_not_guessed(self) -> None:
        result = lindung("check", **{**PRODUCTION, "DEBUG": "maybe"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG must be one of", result.stderr)

    def test_language_and_time_zone(self) -> None:
        result = lindung(
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; "
            "print(s.LANGUAGE_CODE, s.TIME_ZONE, s.PASSWORD_HASHERS[0])",
            **PRODUCTION,
        )
        self.assertEqual(
            result.stdout.split(),
            ["id", "Asia/Jakarta", "django.contrib.auth.hashers.Argon2PasswordHasher"],
        )


class LoginThrottleTest(BaseTestCase):
    @override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
    def test_repeated_failures_lock_the_account_even_for_the_right_password(self) -> None:
        for _ in range(2):
            response = self.client.post("/akun/masuk/", {"username": "admin", "password": "salah"})
            self.assertContains(response, "Nama pengguna atau kata sandi salah")
        third = self.client.post("/akun/masuk/", {"username": "admin", "password": "salah"})
        self.assertEqual(third.status_code, 429)
        response = self.client.post("/akun/masuk/", {"username": "admin", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "dikunci sementara", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_good_login_lands_on_the_dashboard_in_indonesian(self) -> None:
        response = self.client.post(
            "/akun/masuk/", {"username": "operator", "password": PASSWORD}, follow=True
        )
        self.assertEqual(response.redirect_chain[-1][0], "/dasbor/")
        self.assertContains(response, "Belum ada rekonsiliasi")
        self.assertContains(response, '<html lang="id">')


class StaticFilesTest(SimpleTestCase):
    def test_the_stylesheet_is_found_and_collected_for_the_manifest(self) -> None:
        from django.contrib.staticfiles import finders

        self.assertIsNotNone(finders.find("lindung/app.css"))

    def test_pages_render_under_production_static_storage(self) -> None:
        """collectstatic + manifest storage, as gunicorn serves it: no missing entries."""
        import tempfile

        with tempfile.TemporaryDirectory() as root:
            env = {
                **PRODUCTION,
                "SECURE_SSL_REDIRECT": "0",
                "DATABASE_URL": f"sqlite:///{root}/db",
            }
            script = (
                "from django.core.management import call_command;"
                "from django.test import Client;"
                "call_command('collectstatic', '--no-input', verbosity=0);"
                "r = Client().get('/akun/masuk/',"
                " HTTP_HOST='lindung.pekalongankota.go.id', secure=True);"
                "print(r.status_code, b'/static/lindung/app.' in r.content)"
            )
            result = lindung(
                "shell", "--no-imports", "-c", script, STATIC_ROOT=root + "/static", **env
            )
        self.assertEqual(result.stdout.split()[-2:], ["200", "True"], result.stderr)


class SharedCacheTest(SimpleTestCase):
    def test_production_caches_in_the_database_shared_by_every_process(self) -> None:
        code = (
            "from django.conf import settings as s; from django.core.cache import cache; "
            "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
        )
        result = lindung("shell", "--no-imports", "-c", code, **PRODUCTION)
        self.assertEqual(
            result.stdout.split(),
            ["django.core.cache.backends.db.DatabaseCache", "lindung_cache"],
            result.stderr,
        )
        result = lindung("shell", "--no-imports", "-c", code,
                         **{**PRODUCTION, "CACHE_BACKEND": "locmem"})  # fmt: skip
        self.assertEqual(result.stdout.split(), ["django.core.cache.backends.locmem.LocMemCache"])

    def test_migrate_creates_the_cache_table(self) -> None:
        # A fresh production database must not need `createcachetable`: the dashboard reads
        # the cache on every request (found by .ci/smoke, a 500 on /dasbor/).
        with tempfile.TemporaryDirectory() as root:
            env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{root}/db.sqlite3"}
            result = lindung("migrate", "--no-input", **env)
            self.assertEqual(result.returncode, 0, result.stderr)
            with sqlite3.connect(f"{root}/db.sqlite3") as db:
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        self.assertIn("lindung_cache", tables)

    def test_the_rate_limits_count_in_the_default_cache(self) -> None:
        from django.core.cache import cache

        from lindung.accounts import services as accounts_services
        from lindung.lib import ratelimit
        from lindung.registry import lookups

        # Both count through one counter in django.core.cache.cache, the default alias,
        # which CACHES points at the shared backend outside tests.
        self.assertIs(ratelimit.cache, cache)
        self.assertIs(accounts_services.count_in_window, ratelimit.count_in_window)
        self.assertIs(lookups.count_in_window, ratelimit.count_in_window)


class ClientIpTest(SimpleTestCase):
    def ip(self, **meta: str) -> str | None:
        from django.test import RequestFactory

        from lindung.web.clientip import client_ip

        return client_ip(RequestFactory().get("/", **meta))

    def test_without_trusted_proxies_only_the_socket_address_counts(self) -> None:
        self.assertEqual(
            self.ip(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4"), "10.0.0.5"
        )

    @override_settings(AXES_IPWARE_PROXY_COUNT=1)
    def test_behind_one_proxy_the_last_forwarded_entry_is_the_client(self) -> None:
        forged = "6.6.6.6, 203.0.113.9"  # the client typed the first entry; nginx added the last
        self.assertEqual(
            self.ip(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forged), "203.0.113.9"
        )
        self.assertEqual(self.ip(REMOTE_ADDR="10.0.0.5"), "10.0.0.5")

    @override_settings(AXES_IPWARE_PROXY_COUNT=2)
    def test_behind_two_proxies_the_second_from_the_right(self) -> None:
        chain = "6.6.6.6, 203.0.113.9, 10.0.0.2"
        self.assertEqual(
            self.ip(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=chain), "203.0.113.9"
        )
