"""Project services and the access helper, branch by branch (services write with history)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from lindung.projects import access, services
from lindung.projects.models import Payment
from lindung.projects.tests.factories import make_project
from lindung.tests.base import BaseTestCase


class ProjectServiceTest(BaseTestCase):
    def setUp(self) -> None:
        self.project = make_project(self.opd)

    def test_update_records_history_and_refuses_unknown_fields(self) -> None:
        services.project_update(
            actor=self.admin, project=self.project, reason="Adendum", contract_value=900_000_000
        )
        self.project.refresh_from_db()
        self.assertEqual(self.project.contract_value, 900_000_000)
        latest = self.project.history.first()
        self.assertEqual(
            (latest.history_user, latest.history_change_reason), (self.admin, "Adendum")
        )
        with self.assertRaises(TypeError):
            services.project_update(actor=None, project=self.project, reason="x", pemda=None)

    def test_termin_numbers_follow_the_schedule(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.termin_add(
                actor=None, project=self.project, planned_date=date(2025, 5, 1),
                percent=Decimal(30), number=2,
            )  # fmt: skip
        self.assertIn("termin ke-1", caught.exception.message_dict["number"][0])
        termin = services.termin_add(
            actor=None, project=self.project, planned_date=date(2025, 5, 1),
            percent=Decimal(30), number=1,
        )  # fmt: skip
        self.assertEqual(termin.amount, 255_000_000)

    def test_registration_needs_a_number_and_payments_an_spk_date_before_them(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.project_register(
                actor=None, project=self.project, registration_number=" ",
                registered_on=date(2025, 4, 1),
            )  # fmt: skip
        self.assertIn("registration_number", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            services.project_register(
                actor=None, project=self.project, registration_number="JK-1",
                registered_on=date(2025, 3, 1),
            )  # fmt: skip
        self.assertIn("registered_on", caught.exception.message_dict)
        self.project.refresh_from_db()
        services.project_register(
            actor=self.bpjs, project=self.project, registration_number="JK-1",
            registered_on=date(2025, 4, 1),
        )  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            services.payment_record(
                actor=None, project=self.project, paid_on=date(2025, 3, 1), amount=1000
            )
        self.assertIn("paid_on", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            services.payment_record(
                actor=None, project=self.project, paid_on=date(2099, 1, 1), amount=1000
            )
        self.assertEqual(
            caught.exception.message_dict["paid_on"], ["Tanggal bayar tidak boleh di masa depan."]
        )
        self.assertFalse(Payment.objects.exists())


class ProjectAccessTest(BaseTestCase):
    def test_anonymous_and_inactive_users_have_no_scope(self) -> None:
        with self.assertRaises(PermissionDenied):
            access.project_scope(AnonymousUser())  # type: ignore[arg-type]
        self.admin.is_active = False
        with self.assertRaises(PermissionDenied):
            access.project_scope(self.admin)
        self.assertFalse(access.can_read_projects(self.perizinan))
        self.assertTrue(access.can_read_projects(self.disnaker))

    def test_scope_is_cached_on_the_user(self) -> None:
        scope = access.project_scope(self.operator)
        with self.assertNumQueries(0):
            self.assertIs(access.project_scope(self.operator), scope)
        self.assertEqual(scope.opd_ids, frozenset({self.opd.pk}))
