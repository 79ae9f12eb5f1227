"""Registry pages through HTTP: forms, errors next to fields, masking, search, query counts."""

from __future__ import annotations

from datetime import date, timedelta

from lindung.lib.dates import today
from lindung.registry.models import Engagement, Person
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_engagement, make_person, make_valid_nik


class WorkerAddViewTest(BaseTestCase):
    def url(self) -> str:
        return f"/registri/opd/{self.opd.pk}/tambah-pekerja/"

    def form(self, **overrides: str) -> dict[str, str]:
        return {
            "nik": make_valid_nik(birth=date(1995, 2, 1)),
            "name": "Ahmad Fauzi",
            "category": "kontrak",
            "monthly_wage": "Rp 2.500.000",
            "funding_source": "apbd",
            "start_date": "2026-02-02",
            **overrides,
        }

    def test_operator_adds_a_worker_and_lands_on_the_person_page(self) -> None:
        self.client.force_login(self.operator)
        data = self.form()
        response = self.client.post(self.url(), data)
        person = Person.objects.get(nik=data["nik"])
        self.assertRedirects(response, f"/registri/orang/{person.pk}/")
        eng = person.engagements.get()
        self.assertEqual((eng.opd, eng.monthly_wage), (self.opd, 2_500_000))
        page = self.client.get(response["Location"])
        self.assertContains(page, "Rp2.500.000")
        self.assertContains(page, "operator")  # history: who

    def test_bad_inputs_show_a_message_next_to_the_field_and_write_nothing(self) -> None:
        self.client.force_login(self.operator)
        cases = {
            "nik": ({"nik": "12345"}, "16 digit"),
            "monthly_wage": ({"monthly_wage": "-1"}, "lebih dari Rp0"),
            "start_date": (
                {"start_date": "1990-01-01", "birth_date": "1995-02-01"},
                "setelah tanggal lahir",
            ),
        }
        absurd = {"monthly_wage": "2000000000"}
        before = Engagement.objects.count()
        for field, (override, message) in cases.items():
            with self.subTest(field=field):
                response = self.client.post(self.url(), self.form(**override))
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
                self.assertContains(response, message)
        response = self.client.post(self.url(), self.form(**absurd))
        self.assertContains(response, "tidak wajar")
        self.assertEqual(Engagement.objects.count(), before)

    def test_duplicate_nik_in_the_pemda_is_shown_on_the_nik_field(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(self.url(), self.form(nik=self.other_worker.person.nik))
        self.assertEqual(response.status_code, 200)
        self.assertIn("OPD lain", response.context["form"].errors["nik"][0])

    def test_a_birth_date_against_the_nik_must_be_confirmed(self) -> None:
        self.client.force_login(self.operator)
        data = self.form(nik=make_valid_nik(birth=date(1995, 2, 1)), birth_date="1995-02-03")
        response = self.client.post(self.url(), data)
        # Refused with the warning, the confirmation box appearing with it, nothing saved.
        self.assertContains(
            response,
            "Tanggal lahir 3 Februari 1995 berbeda dengan tanggal lahir pada NIK "
            "(1 Februari 1995).",
        )
        self.assertContains(response, 'type="checkbox" name="birth_date_confirmed"')
        self.assertFalse(Person.objects.filter(nik=data["nik"]).exists())
        response = self.client.post(
            self.url(), {**data, "birth_date_confirmed": "on"}, follow=True
        )
        person = Person.objects.get(nik=data["nik"])
        self.assertRedirects(response, f"/registri/orang/{person.pk}/")
        self.assertEqual(person.birth_date, date(1995, 2, 3))
        # Confirmed: the page after saving shows its messages, but no second warning.
        self.assertContains(response, "ditambahkan ke")
        self.assertNotContains(response, "berbeda dengan tanggal lahir yang diberikan")
        self.assertIn(
            "berbeda dengan NIK, dikonfirmasi", person.history.get().history_change_reason
        )

    def test_the_confirmation_stays_hidden_when_the_birth_date_matches_the_nik(self) -> None:
        self.client.force_login(self.operator)
        page = self.client.get(self.url())
        self.assertNotContains(page, 'type="checkbox" name="birth_date_confirmed"')
        data = self.form(nik=make_valid_nik(birth=date(1995, 2, 1)), birth_date="1995-02-01")
        self.client.post(self.url(), data)
        person = Person.objects.get(nik=data["nik"])
        self.assertNotIn("berbeda", person.history.get().history_change_reason)

    def test_a_start_more_than_a_year_ahead_is_refused(self) -> None:
        self.client.force_login(self.operator)
        ahead = today() + timedelta(days=367)
        data = self.form(nik=make_valid_nik(birth=date(1995, 2, 1)), start_date=ahead.isoformat())
        response = self.client.post(self.url(), data)
        self.assertContains(response, "Tanggal mulai paling lambat satu tahun dari hari ini")
        self.assertFalse(Person.objects.filter(nik=data["nik"]).exists())


class UnknownStartAndWageViewTest(BaseTestCase):
    """A start date or wage left blank is saved as unknown and shown as such."""

    def test_the_add_form_offers_today_but_takes_a_blank_start_and_wage(self) -> None:
        self.client.force_login(self.operator)
        url = f"/registri/opd/{self.opd.pk}/tambah-pekerja/"
        page = self.client.get(url)
        self.assertEqual(page.context["form"].initial["start_date"], today())
        self.assertContains(page, "Kosongkan bila tidak diketahui.", count=2)
        nik = make_valid_nik(birth=date(1995, 2, 1))
        data = {"nik": nik, "name": "Tanpa TMT", "category": "honorer",
                "funding_source": "apbd", "monthly_wage": "", "start_date": ""}  # fmt: skip
        response = self.client.post(url, data)
        person = Person.objects.get(nik=nik)
        self.assertRedirects(response, f"/registri/orang/{person.pk}/")
        eng = person.engagements.get()
        self.assertEqual((eng.start_date, eng.monthly_wage), (None, None))

    def test_the_person_page_and_worker_list_say_tidak_diketahui(self) -> None:
        eng = make_engagement(
            self.opd, make_person(self.pemda, name="Rudi Tanpa Data"),
            start_date=None, monthly_wage=None,
        )  # fmt: skip
        self.client.force_login(self.operator)
        page = self.client.get(f"/registri/orang/{eng.person_id}/")
        self.assertEqual(page.status_code, 200)
        row = page.content.decode().split('id="engagements"')[1].split("</table>")[0]
        self.assertEqual(row.count("tidak diketahui"), 2)  # wage and start
        self.assertIn("Aktif", row)
        listed = self.client.get(f"/registri/opd/{self.opd.pk}/", {"q": "Rudi"})
        self.assertEqual([e.pk for e in listed.context["page"].object_list], [eng.pk])
        self.assertContains(listed, "tidak diketahui", count=2)
        # A masked reader sees neither the wage nor the words in its place.
        self.client.force_login(self.pimpinan)
        masked = self.client.get(f"/registri/orang/{eng.person_id}/")
        self.assertContains(masked, "tidak diketahui", count=1)  # the start only

    def test_editing_clears_the_wage_and_any_end_date_is_taken_without_a_start(self) -> None:
        self.client.force_login(self.operator)
        form = {"category": "kontrak", "funding_source": "apbd", "monthly_wage": "",
                "start_date": "", "reason": "TMT tidak ada di SK"}  # fmt: skip
        self.client.post(f"/registri/penugasan/{self.worker.pk}/ubah/", form)
        self.worker.refresh_from_db()
        self.assertEqual((self.worker.start_date, self.worker.monthly_wage), (None, None))
        response = self.client.post(
            f"/registri/penugasan/{self.worker.pk}/akhiri/",
            {"end_date": "2020-01-01", "reason": "Kontrak lama"},
        )
        self.assertEqual(response.status_code, 302)
        self.worker.refresh_from_db()
        self.assertEqual(self.worker.end_date, date(2020, 1, 1))

    def test_editing_refuses_a_start_more_than_a_year_ahead(self) -> None:
        self.client.force_login(self.operator)
        before = self.worker.start_date
        ahead = today() + timedelta(days=400)
        form = {"category": "kontrak", "funding_source": "apbd", "monthly_wage": "2500000",
                "start_date": ahead.isoformat(), "reason": "SK baru"}  # fmt: skip
        response = self.client.post(f"/registri/penugasan/{self.worker.pk}/ubah/", form)
        self.assertContains(response, "Tanggal mulai paling lambat satu tahun dari hari ini")
        self.worker.refresh_from_db()
        self.assertEqual(self.worker.start_date, before)


class EndEngagementViewTest(BaseTestCase):
    def test_end_date_before_start_is_refused_on_the_field(self) -> None:
        self.client.force_login(self.operator)
        response = self.client.post(
            f"/registri/penugasan/{self.worker.pk}/akhiri/",
            {"end_date": "2020-01-01", "reason": "x"},
        )
        self.assertIn("end_date", response.context["form"].errors)
        self.worker.refresh_from_db()
        self.assertIsNone(self.worker.end_date)

    def test_ending_records_who_and_why_in_the_person_history(self) -> None:
        self.client.force_login(self.operator)
        self.client.post(
            f"/registri/penugasan/{self.worker.pk}/akhiri/",
            {"end_date": "2025-12-31", "reason": "Kontrak tidak diperpanjang"},
        )
        page = self.client.get(f"/registri/orang/{self.worker.person_id}/")
        self.assertContains(page, "Kontrak tidak diperpanjang")
        self.assertContains(page, "31 Desember 2025")
        self.assertContains(page, "Berakhir")


class WorkerListViewTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for i in range(60):
            make_engagement(cls.opd, make_person(cls.pemda, name=f"Pekerja {i:02d}"), has_sk=i < 5)
        cls.ended = make_engagement(
            cls.opd, make_person(cls.pemda, name="Sudah Keluar"), end_date=date(2025, 1, 31)
        )

    def test_search_by_nik_finds_exactly_that_worker(self) -> None:
        self.client.force_login(self.operator)
        response = self.client.get(f"/registri/opd/{self.opd.pk}/", {"q": self.worker.person.nik})
        self.assertEqual([e.pk for e in response.context["page"].object_list], [self.worker.pk])

    def test_filters_and_pagination_run_on_the_server(self) -> None:
        self.client.force_login(self.operator)
        url = f"/registri/opd/{self.opd.pk}/"
        first = self.client.get(url)
        self.assertEqual(first.context["page"].paginator.count, 61)  # 60 + Siti, not the leaver
        self.assertEqual(len(first.context["page"].object_list), 50)
        second = self.client.get(url, {"page": 2})
        self.assertEqual(len(second.context["page"].object_list), 11)
        with_sk = self.client.get(url, {"sk": "1"})
        self.assertEqual(with_sk.context["page"].paginator.count, 5)
        ended = self.client.get(url, {"status": "berakhir"})
        self.assertEqual([e.pk for e in ended.context["page"].object_list], [self.ended.pk])

    def test_pimpinan_sees_masked_nik_and_no_wages(self) -> None:
        self.client.force_login(self.pimpinan)
        response = self.client.get(f"/registri/opd/{self.opd.pk}/", {"q": "Siti"})
        nik = self.worker.person.nik
        self.assertNotContains(response, nik)
        self.assertContains(response, nik[:6] + "********" + nik[-2:])
        self.assertNotContains(response, "Rp2.000.000")
        person = self.client.get(f"/registri/orang/{self.worker.person_id}/")
        self.assertNotContains(person, nik)
        self.assertNotContains(person, "Rp2.000.000")

    def test_worker_list_query_count_does_not_grow_with_rows(self) -> None:
        self.client.force_login(self.admin)
        self.client.get(f"/registri/opd/{self.opd.pk}/")  # warm the session
        with self.assertNumQueries(6):
            self.client.get(f"/registri/opd/{self.opd.pk}/")

    def test_opd_list_counts_active_workers_per_opd(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/registri/opd/")
        counts = {o.code: (o.active_workers, o.sk_workers) for o in response.context["opds"]}
        self.assertEqual(counts, {"DLH": (61, 5), "DINDIK": (1, 0)})

    def test_operator_sees_only_their_opd_in_the_list(self) -> None:
        self.client.force_login(self.operator)
        response = self.client.get("/registri/opd/")
        self.assertEqual([o.code for o in response.context["opds"]], ["DLH"])


class WorkerExportTest(BaseTestCase):
    def rows(self, user: object, url: str) -> list[tuple]:
        from io import BytesIO

        from openpyxl import load_workbook

        self.client.force_login(user)  # type: ignore[arg-type]
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        sheet = load_workbook(BytesIO(response.content)).active
        return list(sheet.iter_rows(values_only=True))

    def test_export_holds_exactly_the_filtered_list_with_nik_as_text(self) -> None:
        make_engagement(self.opd, make_person(self.pemda, name="Bambang"), category="honorer")
        rows = self.rows(self.operator, f"/registri/opd/{self.opd.pk}/unduh.xlsx?category=kontrak")
        self.assertEqual(rows[0][0], "NIK")
        self.assertEqual([r[1] for r in rows[1:]], ["Siti Aminah"])
        self.assertIsInstance(rows[1][0], str)
        self.assertEqual(rows[1][0], self.worker.person.nik)
        self.assertEqual(rows[1][6], 2_000_000)

    def test_export_for_pimpinan_is_masked(self) -> None:
        rows = self.rows(self.pimpinan, f"/registri/opd/{self.opd.pk}/unduh.xlsx")
        nik = self.worker.person.nik
        self.assertEqual(rows[1][0], nik[:6] + "********" + nik[-2:])
        # No birth-date and no wage column at all (money per person: issue 15).
        self.assertNotIn("Tanggal lahir", rows[0])
        self.assertNotIn("Upah per bulan (Rp)", rows[0])
        self.assertEqual(len(rows[0]), len(rows[1]))
