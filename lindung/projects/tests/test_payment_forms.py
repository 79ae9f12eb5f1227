"""Payments above the outstanding iuran, and registration dates and corrections, via HTTP."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError

from lindung.lib.dates import today
from lindung.projects import services
from lindung.projects.models import Payment, Project
from lindung.projects.tests.factories import make_payment, make_project
from lindung.tests.base import BaseTestCase

# Rp850 juta contract (docs/regulations.md example): iuran Rp1.525.000.
IURAN = 1_525_000


class OverpaymentTest(BaseTestCase):
    def setUp(self) -> None:
        self.project = make_project(
            self.opd, termins=(30, 40, 30), registration_number="JK-1",
            registered_on=date(2025, 4, 1),
        )  # fmt: skip
        self.url = f"/proyek/{self.project.pk}/pembayaran/"
        self.client.force_login(self.bpjs)

    def pay(self, amount: str, **extra: str):  # type: ignore[no-untyped-def]
        return self.client.post(self.url, {"paid_on": "2025-04-02", "amount": amount, **extra})

    def test_the_form_tells_what_is_outstanding_and_hides_the_confirmation(self) -> None:
        make_payment(self.project, 762_500)
        page = self.client.get(self.url)
        self.assertContains(page, "Sisa iuran: Rp762.500 dari Rp1.525.000.")
        self.assertContains(page, 'type="hidden" name="confirm_overpayment"')
        self.assertNotContains(page, "Saya yakin, bayar lebih")

    def test_a_payment_above_the_outstanding_iuran_is_refused_with_the_amounts(self) -> None:
        response = self.pay("2.000.000.000")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "Pembayaran Rp2.000.000.000 melebihi sisa iuran Rp1.525.000 (lebih Rp1.998.475.000).",
        )
        # The confirmation appears with the warning.
        self.assertContains(response, 'type="checkbox" name="confirm_overpayment"')
        self.assertContains(response, "Saya yakin, bayar lebih")
        self.assertFalse(Payment.objects.exists())

    def test_a_confirmation_without_a_reason_is_refused(self) -> None:
        response = self.pay("2.000.000.000", confirm_overpayment="on", overpayment_reason=" ")
        self.assertContains(response, "Tulis alasan membayar lebih dari sisa iuran.")
        self.assertContains(response, 'type="checkbox" name="confirm_overpayment"')
        self.assertFalse(Payment.objects.exists())

    def test_a_confirmed_overpayment_is_stored_audited_and_shown(self) -> None:
        response = self.pay(
            "1.600.000",
            confirm_overpayment="on",
            overpayment_reason="Termasuk denda keterlambatan",
        )
        self.assertRedirects(response, f"/proyek/{self.project.pk}/")
        payment = Payment.objects.get()
        self.assertEqual(payment.amount, 1_600_000)
        self.assertTrue(payment.overpayment_confirmed)
        self.assertEqual(payment.overpayment_reason, "Termasuk denda keterlambatan")
        audit = payment.history.get()
        self.assertEqual(audit.history_user, self.bpjs)
        self.assertEqual(audit.overpayment_reason, "Termasuk denda keterlambatan")
        self.assertIn("bayar lebih dikonfirmasi", audit.history_change_reason)
        page = self.client.get(response["Location"])
        self.assertContains(page, "Lunas")
        self.assertContains(page, "lebih bayar Rp75.000")  # 1.600.000 - 1.525.000
        self.assertContains(page, "Bayar lebih, dikonfirmasi: Termasuk denda keterlambatan")

    def test_what_is_outstanding_shrinks_with_each_payment(self) -> None:
        self.assertRedirects(self.pay("762.500"), f"/proyek/{self.project.pk}/")
        response = self.pay("762.501")
        self.assertContains(response, "melebihi sisa iuran Rp762.500 (lebih Rp1).")
        self.assertRedirects(self.pay("762.500"), f"/proyek/{self.project.pk}/")
        self.assertEqual(Payment.objects.filter(overpayment_confirmed=False).count(), 2)
        response = self.pay("1")
        self.assertContains(response, "melebihi sisa iuran Rp0 (lebih Rp1).")
        self.assertEqual(Payment.objects.count(), 2)

    def test_the_service_refuses_an_unconfirmed_overpayment_too(self) -> None:
        # The same rule for the CLI and imports, which call the service directly.
        with self.assertRaises(ValidationError) as caught:
            services.payment_record(
                actor=None, project=self.project, paid_on=date(2025, 4, 2), amount=IURAN + 1
            )
        self.assertEqual(caught.exception.error_dict["amount"][0].code, "payment_amount")
        self.assertFalse(Payment.objects.exists())
        payment = services.payment_record(
            actor=None, project=self.project, paid_on=date(2025, 4, 2), amount=IURAN + 1,
            confirm_overpayment=True, overpayment_reason="Salah transfer, menunggu refund",
        )  # fmt: skip
        self.assertTrue(payment.overpayment_confirmed)

    def test_an_exact_payment_records_no_confirmation(self) -> None:
        payment = services.payment_record(
            actor=None, project=self.project, paid_on=date(2025, 4, 2), amount=IURAN,
            confirm_overpayment=True, overpayment_reason="tidak perlu",
        )  # fmt: skip
        self.assertFalse(payment.overpayment_confirmed)
        self.assertEqual(payment.overpayment_reason, "")


class RegistrationDateTest(BaseTestCase):
    def setUp(self) -> None:
        spk = today() - timedelta(days=10)
        self.project = make_project(
            self.opd, spk_date=spk, start_date=spk, end_date=spk + timedelta(days=90)
        )
        self.url = f"/proyek/{self.project.pk}/pendaftaran/"
        self.client.force_login(self.bpjs)

    def test_a_registration_date_in_the_future_is_refused(self) -> None:
        tomorrow = today() + timedelta(days=1)
        response = self.client.post(
            self.url, {"registration_number": "JK-1", "registered_on": tomorrow.isoformat()}
        )
        self.assertContains(response, "Tanggal pendaftaran BPJS tidak boleh di masa depan.")
        self.project.refresh_from_db()
        self.assertIsNone(self.project.registered_on)
        # The service (and the model) refuse it as well.
        with self.assertRaises(ValidationError) as caught:
            services.project_register(
                actor=None, project=self.project, registration_number="JK-1",
                registered_on=tomorrow,
            )  # fmt: skip
        self.assertIn("registered_on", caught.exception.message_dict)
        self.assertFalse(Project.objects.exclude(registered_on=None).exists())

    def test_today_is_accepted(self) -> None:
        response = self.client.post(
            self.url, {"registration_number": "JK-1", "registered_on": today().isoformat()}
        )
        self.assertRedirects(response, f"/proyek/{self.project.pk}/")


class RegistrationCorrectionTest(BaseTestCase):
    def setUp(self) -> None:
        self.project = make_project(self.opd)
        self.url = f"/proyek/{self.project.pk}/pendaftaran/"
        self.client.force_login(self.bpjs)

    def register(self, **data: str):  # type: ignore[no-untyped-def]
        return self.client.post(
            self.url, {"registration_number": "JK-1", "registered_on": "2025-04-01", **data}
        )

    def test_before_registration_the_form_records_it_without_a_reason(self) -> None:
        page = self.client.get(self.url)
        self.assertContains(page, "Catat pendaftaran BPJS")
        self.assertNotContains(page, "Alasan koreksi")
        self.assertRedirects(self.register(), f"/proyek/{self.project.pk}/")
        self.project.refresh_from_db()
        self.assertEqual(self.project.registration_number, "JK-1")
        self.assertEqual(
            self.project.history.first().history_change_reason, "Pendaftaran BPJS dicatat"
        )

    def test_once_registered_the_form_corrects_it_with_a_reason(self) -> None:
        self.register()
        detail = self.client.get(f"/proyek/{self.project.pk}/")
        self.assertContains(detail, "Koreksi pendaftaran")
        page = self.client.get(self.url)
        self.assertContains(page, "Koreksi pendaftaran: Rehabilitasi Saluran Drainase")
        self.assertContains(page, "Alasan koreksi")
        # Without a reason: refused, nothing changed.
        response = self.register(registration_number="JK-2", registered_on="2025-04-02")
        self.assertEqual(response.status_code, 200)
        self.assertIn("reason", response.context["form"].errors)
        self.project.refresh_from_db()
        self.assertEqual(
            (self.project.registration_number, self.project.registered_on),
            ("JK-1", date(2025, 4, 1)),
        )
        # With a reason: changed, and the history says who, what and why.
        response = self.register(
            registration_number="JK-2", registered_on="2025-04-02", reason="Salah ketik nomor"
        )
        self.assertRedirects(response, f"/proyek/{self.project.pk}/")
        self.project.refresh_from_db()
        self.assertEqual(self.project.registration_number, "JK-2")
        latest, earlier = self.project.history.all()[:2]
        self.assertEqual(
            (latest.history_user, latest.history_change_reason, latest.registration_number),
            (self.bpjs, "Salah ketik nomor", "JK-2"),
        )
        self.assertEqual(earlier.registration_number, "JK-1")

    def test_the_service_needs_a_reason_to_correct(self) -> None:
        services.project_register(
            actor=None, project=self.project, registration_number="JK-1",
            registered_on=date(2025, 4, 1),
        )  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            services.project_register(
                actor=None, project=self.project, registration_number="JK-9",
                registered_on=date(2025, 4, 1),
            )  # fmt: skip
        self.assertIn("alasan koreksi", caught.exception.message_dict["reason"][0])
        self.project.refresh_from_db()
        self.assertEqual(self.project.registration_number, "JK-1")
