"""Accounts services: users with one role in one Pemda, tokens."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from lindung.accounts.models import Role
from lindung.accounts.services import token_create, token_revoke, user_upsert
from lindung.registry.access import worker_scope
from lindung.tests.base import BaseTestCase


class UserUpsertTest(BaseTestCase):
    def test_each_inconsistent_account_is_refused(self) -> None:
        cases = [
            ({"role": "walikota", "pemda": self.pemda}, "role"),
            ({"role": Role.ADMIN_PEMDA, "pemda": None}, "__all__"),
            ({"role": "", "pemda": self.pemda}, "__all__"),
            ({"role": Role.OPERATOR_OPD, "pemda": self.pemda, "opds": []}, "opds"),
            ({"role": Role.OPERATOR_OPD, "pemda": self.pemda, "opds": [self.foreign_opd]}, "opds"),
        ]
        for kwargs, field in cases:
            with (
                self.subTest(field=field, kwargs=kwargs),
                self.assertRaises(ValidationError) as ctx,
            ):
                user_upsert(username="baru", password="x" * 12, **kwargs)  # type: ignore[arg-type]
            self.assertIn(
                field,
                ctx.exception.message_dict
                if hasattr(ctx.exception, "error_dict")
                else {"__all__": 1},
            )

    def test_upsert_resets_an_existing_user(self) -> None:
        user = user_upsert(
            username="operator", password="baru-sekali-123", pemda=self.pemda, role=Role.PIMPINAN
        )
        self.assertEqual(user.pk, self.operator.pk)
        self.assertEqual(list(user.opds.all()), [])
        self.assertTrue(user.check_password("baru-sekali-123"))


class TokenTest(BaseTestCase):
    def test_revoking_someone_elses_or_a_revoked_token_is_refused(self) -> None:
        from lindung.accounts.models import Credential as ApiToken

        token_create(user=self.admin, name="a")
        token = ApiToken.objects.get(user=self.admin, name="a")
        with self.assertRaises(ValidationError):
            token_revoke(user=self.operator, token_id=token.pk)
        token_revoke(user=self.admin, token_id=token.pk)
        with self.assertRaises(ValidationError):
            token_revoke(user=self.admin, token_id=token.pk)


class TokenUseTest(BaseTestCase):
    def test_last_use_is_written_at_most_once_a_minute(self) -> None:
        import time_machine

        from lindung.accounts.models import Credential as ApiToken

        headers = self.bearer(self.bpjs)
        with time_machine.travel("2026-05-01 08:00:00+07:00", tick=False):
            self.client.get("/api/v1/me", **headers)
            first = ApiToken.objects.get(user=self.bpjs).last_used_at
            with time_machine.travel("2026-05-01 08:00:30+07:00", tick=False):
                self.client.get("/api/v1/me", **headers)
                self.assertEqual(ApiToken.objects.get(user=self.bpjs).last_used_at, first)
            with time_machine.travel("2026-05-01 08:02:00+07:00", tick=False):
                self.client.get("/api/v1/me", **headers)
                self.assertGreater(ApiToken.objects.get(user=self.bpjs).last_used_at, first)


class ScopeTest(BaseTestCase):
    def test_anonymous_and_deactivated_users_have_no_scope(self) -> None:
        with self.assertRaises(PermissionDenied):
            worker_scope(AnonymousUser())  # type: ignore[arg-type]
        self.bpjs.is_active = False
        with self.assertRaises(PermissionDenied):
            worker_scope(self.bpjs)

    def test_deactivated_users_tokens_stop_working(self) -> None:
        headers = self.bearer(self.bpjs)
        self.bpjs.is_active = False
        self.bpjs.save()
        self.assertEqual(self.client.get("/api/v1/me", **headers).status_code, 401)
