"""Bearer credentials: one model, one authenticate function, one shared cache."""

from __future__ import annotations

from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from lindung.accounts.models import Credential
from lindung.accounts.services import (
    client_key_create,
    credential_authenticate,
    credential_revoke,
    rate_limited,
    token_authenticate,
    token_create,
)
from lindung.compliance.tests.factories import make_business
from lindung.lib.ratelimit import count_in_window
from lindung.registry.models import Pemda
from lindung.tests.base import BaseTestCase


class AuthenticateTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.key, self.raw_key = client_key_create(pemda=self.pemda, name="SiCantik")
        self.raw_token = token_create(user=self.bpjs, name="skrip")

    def test_a_valid_token_acts_as_its_user_and_a_key_for_its_pemda(self) -> None:
        token = credential_authenticate(self.raw_token)
        assert token is not None
        self.assertEqual((token.kind, token.user), ("personal", self.bpjs))
        key = credential_authenticate(self.raw_key)
        assert key is not None
        self.assertEqual((key.kind, key.pemda_id, key.pk), ("client", self.pemda.pk, self.key.pk))
        self.assertIsNone(token_authenticate(self.raw_key))  # a key acts for no user
        self.assertIsNone(credential_authenticate(self.raw_key + "x"))
        self.assertIsNone(credential_authenticate("Basic abc"))

    def test_a_revoked_credential_is_refused_even_once_cached(self) -> None:
        self.assertIsNotNone(credential_authenticate(self.raw_key))  # now in the cache
        credential_revoke(credential=self.key, actor=self.admin)
        self.assertIsNone(credential_authenticate(self.raw_key))
        self.assertIsNotNone(credential_authenticate(self.raw_token))
        token = Credential.objects.get(kind="personal", user=self.bpjs)
        credential_revoke(credential=token, actor=self.bpjs)
        self.assertIsNone(credential_authenticate(self.raw_token))

    def test_a_deactivated_user_is_refused_at_once(self) -> None:
        self.assertIsNotNone(token_authenticate(self.raw_token))  # now in the cache
        self.bpjs.is_active = False
        self.bpjs.save()
        self.assertIsNone(token_authenticate(self.raw_token))
        response = self.client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {self.raw_token}")
        self.assertEqual(response.status_code, 401)

    def test_a_key_answers_for_its_own_pemda_only(self) -> None:
        foreign = make_business(self.other_pemda, name="Batik Batang")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {self.raw_key}"}
        # Naming the other Pemda changes nothing: a key is bound to its own.
        body = self.client.get(f"/api/v1/compliance/{foreign.nib}?pemda=3325", **auth).json()
        self.assertEqual((body["name"], body["status"]), (None, "unknown"))
        # A client key opens the permit check only, not the rest of the API.
        self.assertEqual(self.client.get("/api/v1/me", **auth).status_code, 401)

    def test_the_rate_limit_counts_in_the_shared_cache(self) -> None:
        self.key.rate_per_minute = 2
        self.key.save()
        # Another worker process already counted two requests of this key in this window:
        # the count lives in Django's cache, which every process shares.
        count_in_window(f"credential:rate:{self.key.pk}", window=60)
        count_in_window(f"credential:rate:{self.key.pk}", window=60)
        response = self.client.get(
            "/api/v1/compliance/ping", HTTP_AUTHORIZATION=f"Bearer {self.raw_key}"
        )
        self.assertEqual(response.status_code, 429)
        cache.clear()
        self.assertFalse(rate_limited(self.key))

    def test_creation_and_revocation_are_recorded(self) -> None:
        credential_revoke(credential=self.key, actor=self.admin)
        history = list(self.key.history.order_by("history_id"))  # type: ignore[attr-defined]
        self.assertEqual([h.history_type for h in history], ["+", "~"])
        self.assertEqual(history[1].history_user, self.admin)
        self.assertEqual(history[1].history_change_reason, "Kunci API klien dicabut")
        self.assertNotIn(self.raw_key, str(Credential.objects.values_list().get(pk=self.key.pk)))


class MigrationTest(TransactionTestCase):
    """Tokens and keys issued before the one-model migration still authenticate after it."""

    before = [("accounts", "0003_credential"), ("compliance", "0005_letter_placeholders")]

    def test_tokens_and_keys_keep_working_and_the_log_keeps_its_key(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(self.before)
        old = executor.loader.project_state(self.before).apps
        pemda = old.get_model("registry", "Pemda").objects.create(code="3375", name="Kota X")
        user = old.get_model("accounts", "User").objects.create(
            username="lama", pemda_id=pemda.pk, role="petugas_bpjs"
        )
        raw_token, raw_key = "lnd_" + "t" * 43, "lndk_" + "k" * 43
        old.get_model("accounts", "ApiToken").objects.create(
            user=user, name="skrip", digest=Credential.digest_of(raw_token)
        )
        key = old.get_model("compliance", "ApiKey").objects.create(
            pemda=pemda, name="SiCantik", prefix=raw_key[:12],
            digest=Credential.digest_of(raw_key), rate_per_minute=60,
        )  # fmt: skip
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        cache.clear()
        migrated = credential_authenticate(raw_key)
        assert migrated is not None
        self.assertEqual((migrated.pk, migrated.pemda_id, migrated.rate_per_minute),
                         (key.pk, pemda.pk, 60))  # fmt: skip
        token_user = token_authenticate(raw_token)
        assert token_user is not None
        self.assertEqual(token_user.username, "lama")
        # New credentials take fresh ids after the copied ones.
        fresh, _raw = client_key_create(pemda=Pemda.objects.get(pk=pemda.pk), name="Baru")
        self.assertGreater(fresh.pk, key.pk)


class ApikeyCommandTest(BaseTestCase):
    def test_the_command_lists_and_revokes_client_keys(self) -> None:
        client_key_create(pemda=self.pemda, name="SiCantik")
        out = StringIO()
        call_command("apikey", "list", stdout=out)
        self.assertIn("SiCantik", out.getvalue())
        self.assertIn("3375", out.getvalue())
        self.assertIsNone(Credential.objects.get().revoked_at)
        call_command("apikey", "revoke", str(Credential.objects.get().pk), stdout=StringIO())
        self.assertIsNotNone(Credential.objects.get().revoked_at)
