"""Registry services: every write validated, recorded in history, nothing half-written."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from lindung.registry import services
from lindung.registry.models import Engagement, Person
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_valid_nik


class WorkerAddTest(BaseTestCase):
    def add(self, **overrides: object) -> Engagement:
        fields: dict = {
            "actor": self.operator,
            "opd": self.opd,
            "nik": make_valid_nik(birth=date(1992, 3, 14), sex="P"),
            "name": "Rina Lestari",
            "category": "kegiatan",
            "monthly_wage": 1_750_000,
            "start_date": date(2026, 1, 2),
            **overrides,
        }
        return services.worker_add(**fields)

    def test_it_creates_person_and_engagement_with_history(self) -> None:
        eng = self.add(reason="SK kegiatan 2026")
        self.assertEqual(eng.person.name, "Rina Lestari")
        record = eng.history.get()
        self.assertEqual(record.history_user, self.operator)
        self.assertEqual(record.history_change_reason, "SK kegiatan 2026")
        self.assertEqual(eng.person.history.get().history_user, self.operator)

    def test_it_fills_birth_date_and_sex_from_the_nik(self) -> None:
        eng = self.add()
        self.assertEqual(eng.person.birth_date, date(1992, 3, 14))
        self.assertEqual(eng.person.sex, "P")

    def test_it_normalises_a_nik_typed_with_dots_and_spaces(self) -> None:
        nik = make_valid_nik()
        eng = self.add(nik=f"{nik[:6]}.{nik[6:12]} {nik[12:]}")
        self.assertEqual(eng.person.nik, nik)

    def test_it_rejects_an_invalid_nik_and_writes_nothing(self) -> None:
        before = (Person.objects.count(), Engagement.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self.add(nik="3375019913900001")  # month 13
        self.assertIn("nik", ctx.exception.message_dict)
        self.assertEqual((Person.objects.count(), Engagement.objects.count()), before)

    def test_it_rejects_a_nik_already_working_in_this_opd(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            self.add(nik=self.worker.person.nik)
        self.assertIn("OPD ini", ctx.exception.message_dict["nik"][0])

    def test_it_rejects_a_nik_still_active_in_another_opd(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            self.add(nik=self.other_worker.person.nik)
        self.assertIn("OPD lain", ctx.exception.message_dict["nik"][0])

    def test_a_person_whose_engagement_ended_can_be_engaged_again(self) -> None:
        services.engagement_end(
            actor=self.admin,
            engagement=self.other_worker,
            end_date=date(2025, 12, 31),
            reason="Pindah",
        )
        eng = self.add(nik=self.other_worker.person.nik, start_date=date(2026, 1, 2))
        self.assertEqual(eng.person_id, self.other_worker.person_id)
        self.assertEqual(Person.objects.filter(nik=self.other_worker.person.nik).count(), 1)

    def test_it_rejects_absurd_and_negative_wages(self) -> None:
        for wage in (0, -5, 1_000_000_001):
            with self.subTest(wage=wage), self.assertRaises(ValidationError) as ctx:
                self.add(monthly_wage=wage)
            self.assertIn("monthly_wage", ctx.exception.message_dict)
        self.assertFalse(Engagement.objects.filter(person__name="Rina Lestari").exists())

    def test_a_failed_engagement_leaves_no_orphan_person(self) -> None:
        nik = make_valid_nik()
        with self.assertRaises(ValidationError):
            self.add(nik=nik, monthly_wage=-1)
        self.assertFalse(Person.objects.filter(nik=nik).exists())


class EngagementChangeTest(BaseTestCase):
    def test_end_before_start_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            services.engagement_end(
                actor=self.admin, engagement=self.worker, end_date=date(2023, 1, 1), reason="x"
            )
        self.assertIn("end_date", ctx.exception.message_dict)
        self.worker.refresh_from_db()
        self.assertIsNone(self.worker.end_date)

    def test_end_requires_a_reason(self) -> None:
        with self.assertRaises(ValidationError):
            services.engagement_end(
                actor=self.admin, engagement=self.worker, end_date=date(2026, 1, 1), reason=" "
            )

    def test_ending_twice_is_refused(self) -> None:
        services.engagement_end(
            actor=self.admin,
            engagement=self.worker,
            end_date=date(2025, 6, 30),
            reason="Kontrak selesai",
        )
        with self.assertRaises(ValidationError):
            services.engagement_end(
                actor=self.admin, engagement=self.worker, end_date=date(2025, 7, 30), reason="lagi"
            )

    def test_wage_change_is_recorded_with_old_and_new_value(self) -> None:
        services.engagement_update(
            actor=self.admin, engagement=self.worker, reason="Kenaikan UMK", monthly_wage=2_200_000
        )
        latest = self.worker.history.latest()
        delta = latest.diff_against(latest.prev_record)
        self.assertEqual(
            [(c.field, c.old, c.new) for c in delta.changes],
            [("monthly_wage", 2_000_000, 2_200_000)],
        )
        self.assertEqual(latest.history_change_reason, "Kenaikan UMK")
        self.assertEqual(latest.history_user, self.admin)

    def test_an_update_that_changes_nothing_writes_no_history(self) -> None:
        count = self.worker.history.count()
        services.engagement_update(
            actor=self.admin, engagement=self.worker, reason="tidak ada", monthly_wage=2_000_000
        )
        self.assertEqual(self.worker.history.count(), count)


class PemdaAndOpdTest(BaseTestCase):
    def test_pemda_setup_is_idempotent(self) -> None:
        first, created = services.pemda_setup(code="3376", name="Kota Tegal")
        again, created_again = services.pemda_setup(code="3376", name="Kota Tegal")
        self.assertTrue(created)
        self.assertFalse(created_again)
        self.assertEqual(first.pk, again.pk)

    def test_duplicate_opd_code_in_a_pemda_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            services.opd_create(
                actor=self.admin, pemda=self.pemda, code="DLH", name="Lagi", kind="dinas"
            )
        self.assertIn("code", ctx.exception.message_dict)

    def test_the_same_opd_code_is_fine_in_another_pemda(self) -> None:
        opd = services.opd_create(
            actor=self.root, pemda=self.other_pemda, code="DINDIK", name="Disdik", kind="dinas"
        )
        self.assertEqual(opd.pemda, self.other_pemda)

    def test_risk_group_outside_one_to_five_is_refused(self) -> None:
        with self.assertRaises(ValidationError):
            services.opd_create(
                actor=self.admin,
                pemda=self.pemda,
                code="X",
                name="X",
                kind="dinas",
                jkk_risk_group=6,
            )


class ServiceGuardsTest(BaseTestCase):
    def test_a_service_refuses_fields_it_does_not_own(self) -> None:
        with self.assertRaises(TypeError):
            services.person_update(
                actor=self.admin, person=self.worker.person, reason="x", nik="1"
            )

    def test_pemda_setup_renames_an_existing_tenant(self) -> None:
        pemda, created = services.pemda_setup(code="3375", name="Pemerintah Kota Pekalongan")
        self.assertFalse(created)
        pemda.refresh_from_db()
        self.assertEqual(pemda.name, "Pemerintah Kota Pekalongan")

    def test_opd_update_is_recorded(self) -> None:
        services.opd_update(actor=self.admin, opd=self.opd, reason="NPP dari BPJS", npp="17081342")
        self.opd.refresh_from_db()
        self.assertEqual(self.opd.npp, "17081342")
        self.assertEqual(self.opd.history.latest().history_change_reason, "NPP dari BPJS")

    def test_updates_that_change_nothing_write_no_history(self) -> None:
        opd_count, person_count = self.opd.history.count(), self.worker.person.history.count()
        services.opd_update(actor=self.admin, opd=self.opd, reason="x", name=self.opd.name)
        services.person_update(
            actor=self.admin, person=self.worker.person, reason="x", name=self.worker.person.name
        )
        self.assertEqual(self.opd.history.count(), opd_count)
        self.assertEqual(self.worker.person.history.count(), person_count)


class BulkServicesTest(BaseTestCase):
    def row(self, **kw: object) -> dict:
        return {"nik": make_valid_nik(), "name": "Bulk", "monthly_wage": 2_000_000, **kw}

    def test_bulk_add_creates_people_and_reuses_known_ones_with_history(self) -> None:
        services.engagement_end(
            actor=self.admin, engagement=self.other_worker, end_date=date(2025, 1, 31), reason="x"
        )
        rows = [
            self.row(),
            self.row(nik=self.other_worker.person.nik, start_date=date(2026, 2, 2)),
        ]
        ids = services.workers_bulk_add(actor=self.admin, opd=self.opd, rows=rows, reason="Impor")
        made = list(Engagement.objects.filter(pk__in=ids).order_by("pk"))
        self.assertEqual(len(made), 2)
        self.assertEqual(made[1].person_id, self.other_worker.person_id)
        self.assertEqual(made[0].history.get().history_change_reason, "Impor")
        self.assertEqual(made[0].history.get().history_user, self.admin)
        self.assertEqual(made[0].person.history.get().history_user, self.admin)
        self.assertEqual(Person.objects.get(nik=rows[0]["nik"]).birth_date, date(1990, 7, 5))

    def test_bulk_add_refuses_what_full_clean_would(self) -> None:
        for bad in ({"nik": "3375019913900001"}, {"monthly_wage": 0}, {"category": "pns"}):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                services.workers_bulk_add(
                    actor=None, opd=self.opd, rows=[self.row(**bad)], reason="x"
                )
        self.assertFalse(Person.objects.filter(name="Bulk").exists())

    def test_bulk_update_records_changes_and_skips_no_ops(self) -> None:
        count = self.worker.history.count()
        services.engagements_bulk_update(
            actor=self.admin, reason="sama", changes=[(self.worker, {"monthly_wage": 2_000_000})]
        )
        self.assertEqual(self.worker.history.count(), count)
        services.engagements_bulk_update(
            actor=self.admin, reason="UMK", changes=[(self.worker, {"monthly_wage": 2_100_000})]
        )
        self.worker.refresh_from_db()
        self.assertEqual(self.worker.monthly_wage, 2_100_000)
        self.assertEqual(self.worker.history.latest().history_change_reason, "UMK")
        with self.assertRaises(ValidationError):
            services.engagements_bulk_update(
                actor=None, reason="x", changes=[(self.worker, {"monthly_wage": -1})]
            )


class UnknownStartAndWageTest(BaseTestCase):
    """A worker list without a TMT or wage column: the engagement keeps them unknown."""

    def add(self, **overrides: object) -> Engagement:
        fields: dict = {
            "actor": self.operator, "opd": self.opd, "nik": make_valid_nik(),
            "name": "Tanpa TMT", "category": "honorer", **overrides,
        }  # fmt: skip
        return services.worker_add(**fields)

    def test_an_unknown_start_is_active_on_any_date_up_to_its_end(self) -> None:
        eng = self.add()
        eng.refresh_from_db()
        self.assertIsNone(eng.start_date)
        self.assertIsNone(eng.monthly_wage)
        long_ago = date(2001, 1, 1)
        self.assertTrue(eng.is_active_on(long_ago))
        self.assertIn(eng, Engagement.objects.active_on(long_ago))
        services.engagement_end(
            actor=self.admin, engagement=eng, end_date=date(2026, 3, 31), reason="Selesai"
        )
        self.assertTrue(eng.is_active_on(date(2026, 3, 31)))
        self.assertFalse(eng.is_active_on(date(2026, 4, 1)))
        self.assertNotIn(eng, Engagement.objects.active_on(date(2026, 4, 1)))
        self.assertIn(eng, Engagement.objects.inactive_on(date(2026, 4, 1)))
        # A known start still counts: the base worker started on 2 January 2024.
        self.assertNotIn(self.worker, Engagement.objects.active_on(date(2023, 12, 31)))
        self.assertFalse(self.worker.is_active_on(date(2023, 12, 31)))

    def test_an_end_before_a_known_start_is_refused_and_any_end_is_taken_without_one(
        self,
    ) -> None:
        with self.assertRaises(ValidationError) as ctx:
            services.engagement_end(
                actor=self.admin, engagement=self.worker, end_date=date(2023, 12, 31),
                reason="Salah ketik",
            )  # fmt: skip
        self.assertIn("end_date", ctx.exception.message_dict)
        unknown = self.add()
        services.engagement_end(
            actor=self.admin, engagement=unknown, end_date=date(1999, 1, 1), reason="Lama"
        )
        unknown.refresh_from_db()
        self.assertEqual(unknown.end_date, date(1999, 1, 1))

    def test_a_start_and_wage_can_be_made_unknown_and_known_again(self) -> None:
        services.engagement_update(
            actor=self.admin, engagement=self.worker, reason="TMT tidak jelas",
            start_date=None, monthly_wage=None,
        )  # fmt: skip
        self.worker.refresh_from_db()
        self.assertEqual((self.worker.start_date, self.worker.monthly_wage), (None, None))
        services.engagement_update(
            actor=self.admin, engagement=self.worker, reason="SK ditemukan",
            start_date=date(2024, 1, 2), monthly_wage=2_100_000,
        )  # fmt: skip
        self.worker.refresh_from_db()
        self.assertEqual(self.worker.monthly_wage, 2_100_000)

    def test_an_unknown_start_only_clashes_with_engagements_open_today(self) -> None:
        with self.assertRaises(ValidationError):
            self.add(nik=self.other_worker.person.nik)  # still engaged in DINDIK
        services.engagement_end(
            actor=self.admin, engagement=self.other_worker, end_date=date(2025, 6, 30),
            reason="Pindah",
        )  # fmt: skip
        again = self.add(nik=self.other_worker.person.nik)
        self.assertEqual(again.person_id, self.other_worker.person_id)

    def test_bulk_rows_without_wage_or_start_stay_unknown_not_today(self) -> None:
        nik = make_valid_nik()
        ids = services.workers_bulk_add(
            actor=self.admin, opd=self.opd, rows=[{"nik": nik, "name": "Impor"}], reason="Impor"
        )
        eng = Engagement.objects.get(pk=ids[0])
        self.assertEqual((eng.start_date, eng.monthly_wage), (None, None))
        self.assertEqual(eng.history.get().start_date, None)
        services.engagements_bulk_update(
            actor=self.admin, reason="UMK", changes=[(eng, {"monthly_wage": 2_300_000})]
        )
        eng.refresh_from_db()
        self.assertEqual(eng.monthly_wage, 2_300_000)
