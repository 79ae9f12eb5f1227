"""Account management by an Admin Pemda: own Pemda only, never themself out, all audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from lindung.accounts.models import Role, User
from lindung.accounts.services import (
    user_change_password,
    user_create,
    user_reset_password,
    user_set_active,
    user_update,
)
from lindung.tests.base import BaseTestCase


class UserServicesTest(BaseTestCase):
    def test_an_admin_creates_an_operator_with_a_temporary_password_on_record(self) -> None:
        user, password = user_create(
            by=self.admin,
            pemda=self.pemda,
            username="op-dindik",
            role=Role.OPERATOR_OPD,
            opds=[self.other_opd],
            full_name="Dewi Lestari",
        )
        self.assertTrue(user.check_password(password))
        self.assertTrue(user.must_change_password)
        self.assertEqual(list(user.opds.all()), [self.other_opd])
        row = user.history.get()  # type: ignore[attr-defined]
        self.assertEqual(row.history_user, self.admin)
        self.assertEqual(row.history_change_reason, "akun dibuat; OPD: DINDIK")
        self.assertFalse(hasattr(row, "password"))  # the hash stays out of the history

    def test_an_admin_cannot_create_or_touch_accounts_of_another_pemda(self) -> None:
        with self.assertRaisesMessage(PermissionDenied, "Pemda Anda sendiri"):
            user_create(by=self.admin, pemda=self.other_pemda, username="x", role=Role.PIMPINAN)
        calls = [
            lambda: user_update(by=self.admin, user=self.outsider, role=Role.PIMPINAN),
            lambda: user_set_active(by=self.admin, user=self.outsider, active=False),
            lambda: user_reset_password(by=self.admin, user=self.outsider),
        ]
        for call in calls:
            with self.subTest(call=call), self.assertRaises(PermissionDenied):
                call()
        self.outsider.refresh_from_db()
        self.assertTrue(self.outsider.is_active)
        self.assertEqual(self.outsider.role, Role.ADMIN_PEMDA)

    def test_an_admin_cannot_touch_a_superuser_and_other_roles_manage_nothing(self) -> None:
        with self.assertRaisesMessage(PermissionDenied, "superuser"):
            user_reset_password(by=self.admin, user=self.root)
        with self.assertRaisesMessage(PermissionDenied, "Hanya Admin Pemda"):
            user_set_active(by=self.pimpinan, user=self.operator, active=False)

    def test_an_admin_cannot_deactivate_themself_or_change_their_own_role(self) -> None:
        with self.assertRaisesMessage(ValidationError, "menonaktifkan akun Anda sendiri"):
            user_set_active(by=self.admin, user=self.admin, active=False)
        with self.assertRaisesMessage(ValidationError, "mengubah peran akun Anda sendiri"):
            user_update(by=self.admin, user=self.admin, role=Role.PIMPINAN)
        self.admin.refresh_from_db()
        self.assertTrue(self.admin.is_active)
        self.assertEqual(self.admin.role, Role.ADMIN_PEMDA)

    def test_an_operator_needs_own_pemda_opds_and_other_roles_lose_their_binding(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            user_update(by=self.admin, user=self.operator, role=Role.OPERATOR_OPD, opds=[])
        self.assertIn("opds", ctx.exception.message_dict)
        with self.assertRaises(ValidationError):
            user_update(
                by=self.admin, user=self.operator, role=Role.OPERATOR_OPD, opds=[self.foreign_opd]
            )
        user_update(by=self.admin, user=self.operator, role=Role.PETUGAS_BPJS, opds=[self.opd])
        self.operator.refresh_from_db()
        self.assertEqual(self.operator.role, Role.PETUGAS_BPJS)
        self.assertFalse(self.operator.opds.exists())

    def test_a_username_is_taken_once(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            user_create(by=self.admin, pemda=self.pemda, username="Operator", role=Role.PIMPINAN)
        self.assertIn("username", ctx.exception.message_dict)

    def test_deactivation_and_reset_are_on_record_and_the_owner_clears_the_reset(self) -> None:
        user_set_active(by=self.admin, user=self.operator, active=False)
        password = user_reset_password(by=self.admin, user=self.operator)
        self.operator.refresh_from_db()
        self.assertFalse(self.operator.is_active)
        self.assertTrue(self.operator.check_password(password))
        self.assertTrue(self.operator.must_change_password)
        reasons = list(
            self.operator.history.order_by("history_id").values_list(  # type: ignore[attr-defined]
                "history_change_reason", "history_user__username"
            )
        )
        self.assertEqual(
            reasons[-2:], [("akun dinonaktifkan", "admin"), ("kata sandi direset", "admin")]
        )
        user_change_password(user=self.operator, password="sandi-baru-sekali-9")
        self.operator.refresh_from_db()
        self.assertFalse(self.operator.must_change_password)

    def test_a_superuser_manages_any_pemda(self) -> None:
        user, _password = user_create(
            by=self.root, pemda=self.other_pemda, username="batang-bpjs", role=Role.PETUGAS_BPJS
        )
        self.assertEqual(User.objects.get(username="batang-bpjs").pemda, self.other_pemda)
        user_set_active(by=self.root, user=user, active=False)
