"""Projects through their pages, API and services: bad input, deadline, gate, status, panel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from lindung.projects import services
from lindung.projects.models import Payment, Project, Termin
from lindung.projects.queries import Context, overdue, projects_panel, with_totals
from lindung.projects.rules import Status
from lindung.projects.tests.factories import make_payment, make_project
from lindung.rulebook.models import Holiday, RuleValue
from lindung.tests.base import BaseTestCase

GOOD = {
    "name": "Rehabilitasi Saluran Drainase Jl. Hayam Wuruk",
    "contractor_name": "CV Karya Batik Konstruksi",
    "contractor_nib": "9120001234567",
    "contract_value": "850.000.000",
    "spk_date": "2025-03-21",
    "start_date": "2025-03-24",
    "end_date": "2025-09-30",
}


def facts_of(project: Project, day: date = date(2025, 5, 1)):  # type: ignore[no-untyped-def]
    return Context().facts(with_totals(Project.objects.filter(pk=project.pk)).get(), day=day)


class ProjectFormTest(BaseTestCase):
    def post(self, **changes: str):  # type: ignore[no-untyped-def]
        self.client.force_login(self.operator)
        return self.client.post("/proyek/tambah/", {**GOOD, "opd": self.opd.pk, **changes})

    def test_operator_records_a_project_of_own_opd(self) -> None:
        response = self.post()
        project = Project.objects.get()
        self.assertRedirects(response, f"/proyek/{project.pk}/")
        self.assertEqual(project.contract_value, 850_000_000)
        self.assertEqual(project.pemda, self.pemda)
        self.assertEqual(project.history.first().history_user, self.operator)

    def test_a_contract_value_of_zero_or_below_is_a_field_error(self) -> None:
        for value in ("0", "-5"):
            with self.subTest(value=value):
                response = self.post(contract_value=value)
                self.assertContains(response, "Nilai kontrak harus lebih dari Rp0.")
        self.assertFalse(Project.objects.exists())

    def test_an_spk_date_after_the_end_date_is_a_field_error(self) -> None:
        response = self.post(spk_date="2025-10-01")
        self.assertContains(response, "Tanggal SPK tidak boleh sesudah tanggal selesai.")
        self.assertFalse(Project.objects.exists())

    def test_operator_cannot_pick_another_opd(self) -> None:
        response = self.post(opd=str(self.other_opd.pk))
        self.assertContains(response, "Pilih OPD yang tersedia.")
        self.assertFalse(Project.objects.exists())

    def test_the_service_refuses_bad_values_too(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.project_create(
                actor=None, opd=self.opd, name="X", contractor_name="Y", contract_value=0,
                spk_date=date(2025, 10, 1), start_date=date(2025, 3, 1),
                end_date=date(2025, 9, 30),
            )  # fmt: skip
        self.assertIn("contract_value", caught.exception.message_dict)
        self.assertIn("spk_date", caught.exception.message_dict)
        self.assertFalse(Project.objects.exists())


class TerminScheduleTest(BaseTestCase):
    def test_termins_are_numbered_and_never_exceed_the_contract(self) -> None:
        project = make_project(self.opd)
        self.client.force_login(self.admin)
        url = f"/proyek/{project.pk}/termin/tambah/"
        self.client.post(url, {"planned_date": "2025-05-01", "percent": "60"})
        response = self.client.post(url, {"planned_date": "2025-07-01", "percent": "50"})
        self.assertContains(response, "Jumlah persen termin menjadi 110")
        self.assertEqual(list(project.termins.values_list("number", "percent")), [(1, 60)])
        response = self.client.post(url, {"planned_date": "2025-04-01", "percent": "40"})
        self.assertContains(response, "tidak boleh sebelum termin sebelumnya")
        self.client.post(url, {"planned_date": "2025-09-01", "percent": "40"})
        self.assertEqual(
            list(project.termins.values_list("number", "percent")),
            [(1, Decimal(60)), (2, Decimal(40))],
        )


class DeadlineWithShippedHolidaysTest(BaseTestCase):
    def test_lebaran_2025_pushes_the_deadline(self) -> None:
        # Shipped table (SKB 3 Menteri 2025): Nyepi 29 Mar, Idul Fitri 31 Mar and 1 Apr.
        # SPK Fri 21 Mar 2025 + 14 working days (Permenakertrans 44/2015 Pasal 3(3)) =
        # Mon 14 Apr 2025 (see test_rules for the day-by-day count).
        self.assertTrue(Holiday.objects.filter(date=date(2025, 3, 31)).exists())
        facts = facts_of(make_project(self.opd))
        self.assertEqual(facts.deadline, date(2025, 4, 14))
        self.assertEqual(facts.iuran_total, 1_525_000)  # docs/regulations.md worked example

    def test_the_number_of_working_days_is_a_rule_an_admin_can_change(self) -> None:
        # Default 14 (Permenakertrans 44/2015 Pasal 3(3)); a Pemda policy of 10 working days:
        # SPK Fri 21 Mar 2025 -> 24-28 Mar (5), [29 Mar-1 Apr off], 2-4 Apr (8), 7-8 Apr (10).
        rule = RuleValue.objects.get(key="jakon.registration.working_days")
        rule.value = "10"
        rule.save()
        self.assertEqual(facts_of(make_project(self.opd)).deadline, date(2025, 4, 8))

    def test_an_admin_added_holiday_moves_the_deadline(self) -> None:
        Holiday.objects.create(date=date(2025, 4, 14), name="Cuti bersama uji")
        self.assertEqual(facts_of(make_project(self.opd)).deadline, date(2025, 4, 15))


class StatusAndGateTest(BaseTestCase):
    def setUp(self) -> None:
        self.project = make_project(self.opd, termins=(30, 40, 30))

    def test_status_moves_from_not_registered_to_fully_paid(self) -> None:
        self.assertEqual(facts_of(self.project).status, Status.NOT_REGISTERED)
        services.project_register(
            actor=self.bpjs, project=self.project, registration_number="JK-2025-001",
            registered_on=date(2025, 4, 15),
        )  # fmt: skip
        self.assertEqual(facts_of(self.project).status, Status.LATE)  # deadline 14 Apr
        self.project.registered_on = date(2025, 4, 14)
        self.project.save()
        self.assertEqual(facts_of(self.project).status, Status.ON_TIME)
        make_payment(self.project, 1_525_000)
        self.assertEqual(facts_of(self.project).status, Status.FULLY_PAID)

    def test_a_payment_before_registration_is_refused(self) -> None:
        self.client.force_login(self.bpjs)
        response = self.client.post(
            f"/proyek/{self.project.pk}/pembayaran/", {"paid_on": "2025-04-02", "amount": "1000"}
        )
        self.assertContains(response, "Proyek belum terdaftar di BPJS")
        self.assertFalse(Payment.objects.exists())

    def test_termin_check_api_for_each_stage(self) -> None:
        # Iuran Rp1.525.000, stages 762.500 / 381.250 / 381.250: termin 1 needs 762.500,
        # termin 2 needs 1.143.750, termin 3 needs 1.525.000.
        url = f"/api/v1/projects/{self.project.pk}/termin-check?termin="
        auth = self.bearer(self.pimpinan)
        body = self.client.get(url + "1", **auth).json()
        self.assertFalse(body["open"])
        self.assertFalse(body["registered"])
        self.assertEqual(body["required_amount"], 762_500)
        self.assertIn("Proyek belum didaftarkan ke BPJS Ketenagakerjaan.", body["reasons"])
        services.project_register(
            actor=self.bpjs, project=self.project, registration_number="JK-2025-001",
            registered_on=date(2025, 4, 1),
        )  # fmt: skip
        for paid, opened in ((762_500, [1]), (381_250, [1, 2]), (381_250, [1, 2, 3])):
            make_payment(self.project, paid)
            for termin in (1, 2, 3):
                with self.subTest(paid=paid, termin=termin):
                    body = self.client.get(url + str(termin), **auth).json()
                    self.assertEqual(body["open"], termin in opened)
                    self.assertEqual(body["required_stage"], termin)
        self.assertEqual(body["shortfall"], 0)

    def test_a_termin_outside_the_schedule_is_a_422(self) -> None:
        auth = self.bearer(self.admin)
        for termin in ("4", "0", "x", ""):
            with self.subTest(termin=termin):
                response = self.client.get(
                    f"/api/v1/projects/{self.project.pk}/termin-check?termin={termin}", **auth
                )
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["error"], "Data tidak valid.")
                self.assertIn("termin", response.json()["fields"])
        response = self.client.get(
            f"/api/v1/projects/{self.project.pk}/termin-check?termin=4", **auth
        )
        self.assertEqual(
            response.json()["fields"]["termin"],
            ["Termin 4 di luar jadwal; proyek ini punya 3 termin."],
        )

    def test_gate_page_shows_why_not(self) -> None:
        self.client.force_login(self.disnaker)
        response = self.client.get(f"/proyek/{self.project.pk}/cek-termin/?termin=3")
        self.assertContains(response, "Belum boleh dibayar")
        self.assertContains(response, "Rp1.525.000")
        response = self.client.get(f"/proyek/{self.project.pk}/cek-termin/?termin=9")
        self.assertContains(response, "di luar jadwal")


class ApiCreateTest(BaseTestCase):
    def test_bad_input_is_one_422_with_field_errors(self) -> None:
        payload = {
            "opd_id": self.opd.pk, "name": "X", "contractor_name": "Y", "contract_value": 0,
            "spk_date": "2025-10-01", "start_date": "2025-03-01", "end_date": "2025-09-30",
        }  # fmt: skip
        response = self.client.post(
            "/api/v1/projects", payload, content_type="application/json",
            **self.bearer(self.admin),
        )  # fmt: skip
        self.assertEqual(response.status_code, 422)
        fields = response.json()["fields"]
        self.assertEqual(fields["contract_value"], ["Nilai kontrak harus lebih dari Rp0."])
        self.assertEqual(fields["spk_date"], ["Tanggal SPK tidak boleh sesudah tanggal selesai."])
        self.assertFalse(Project.objects.exists())


class OverdueAndPanelTest(BaseTestCase):
    def test_overdue_list_and_panel(self) -> None:
        late = make_project(self.opd, name="Belum daftar")
        registered = {"registration_number": "JK-1", "registered_on": date(2025, 4, 1)}
        done = make_project(self.opd, name="Lunas", **registered)
        make_payment(done, 1_525_000)
        unpaid = make_project(self.other_opd, name="Selesai belum lunas", **registered)
        make_payment(unpaid, 762_500)
        Termin.objects.create(project=unpaid, number=1, planned_date=date(2025, 5, 1), percent=100)
        day = date(2025, 10, 1)
        rows = {f.project.name: f.overdue for f in overdue(Project.objects.all(), day=day)}
        self.assertEqual(set(rows), {"Belum daftar", "Selesai belum lunas"})
        self.assertIn("kurang Rp762.500", rows["Selesai belum lunas"][0])
        with self.assertNumQueries(3):  # rule-table stamp, holidays, projects with totals
            panel = projects_panel(self.pemda, day=day)
        self.assertEqual(panel["projects"], 3)
        self.assertEqual(panel["by_status"][Status.NOT_REGISTERED], 1)
        self.assertEqual(panel["by_status"][Status.FULLY_PAID], 1)
        self.assertEqual(panel["overdue"], 2)
        self.assertEqual(panel["outstanding"], 1_525_000 + 762_500)
        self.assertEqual(panel["iuran_total"], 3 * 1_525_000)
        self.client.force_login(self.operator)
        page = self.client.get("/proyek/terlambat/")
        self.assertContains(page, "Belum daftar")
        self.assertNotContains(page, "Selesai belum lunas")  # another OPD's project
        self.assertEqual(late.opd, self.opd)


class ContractorComplianceTest(BaseTestCase):
    """The project page tells what the licensing office would be told about the contractor."""

    def test_a_contractor_with_an_open_finding(self) -> None:
        from lindung.compliance import services as compliance
        from lindung.compliance.tests.factories import make_business

        business = make_business(self.pemda, name="CV Karya Batik Konstruksi")
        # 9 workers reported to Disnaker and no NPP at BPJS: PWBD.
        compliance.figure_add(actor=None, business=business, source="wlkp",
                              on=date(2025, 1, 31), workers=9)  # fmt: skip
        project = make_project(self.opd, contractor_nib=business.nib)
        url = f"/proyek/{project.pk}/"
        self.client.force_login(self.admin)
        page = self.client.get(url)
        self.assertContains(page, "Tidak patuh")
        self.assertContains(page, "PWBD (belum mendaftar) · Terbuka")
        self.assertContains(page, f'href="/kepatuhan/usaha/{business.pk}/"')
        # An Operator OPD sees the answer, not the way into the compliance pages.
        self.client.force_login(self.operator)
        page = self.client.get(url)
        self.assertContains(page, "Tidak patuh")
        self.assertNotContains(page, "/kepatuhan/usaha/")

    def test_unknown_and_missing_nib(self) -> None:
        self.client.force_login(self.admin)
        unknown = make_project(self.opd, contractor_nib="9999999999999")
        self.assertContains(self.client.get(f"/proyek/{unknown.pk}/"), "Belum diketahui")
        blank = make_project(self.opd, contractor_nib="")
        self.assertContains(self.client.get(f"/proyek/{blank.pk}/"), "NIB penyedia belum diisi")
