"""A worker list without a TMT or a wage column, through the worker planner.

The planner is driven directly (not through the file pipeline) so that only what it does
with a missing start date or wage is under test.
"""

from __future__ import annotations

from lindung.imports.models import ImportBatch
from lindung.imports.pipeline import Draft
from lindung.imports.workers import WorkerPlanner
from lindung.lib.dates import today
from lindung.registry.models import Engagement
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_engagement, make_person, make_valid_nik


class WorkerListWithoutStartOrWageTest(BaseTestCase):
    def planner(self) -> WorkerPlanner:
        batch = ImportBatch.objects.create(
            pemda=self.pemda, kind=ImportBatch.Kind.WORKERS, original_name="dlh.xlsx",
            created_by=self.admin, options={"opd_id": self.opd.pk, "end_missing": True},
        )  # fmt: skip
        return WorkerPlanner(batch)

    def test_new_rows_keep_start_and_wage_unknown_not_the_import_day(self) -> None:
        nik = make_valid_nik()
        planner = self.planner()
        draft = Draft(2, [nik, "Tanpa Kolom"], {"nik": nik, "name": "Tanpa Kolom"})
        planner.plan([draft], apply=True)
        self.assertEqual(draft.errors, [])
        eng = Engagement.objects.get(person__nik=nik)
        self.assertEqual((eng.start_date, eng.monthly_wage), (None, None))
        self.assertEqual(eng.opd, self.opd)

    def test_ending_the_missing_ends_an_unknown_start_today(self) -> None:
        unknown = make_engagement(self.opd, make_person(self.pemda), start_date=None)
        nik = self.worker.person.nik
        planner = self.planner()
        planner.plan([Draft(2, [nik], {"nik": nik, "name": "Siti Aminah"})], apply=True)
        planner.finish(apply=True)
        self.assertEqual(planner.ended, 1)
        unknown.refresh_from_db()
        self.assertEqual(unknown.end_date, today())
        self.worker.refresh_from_db()
        self.assertIsNone(self.worker.end_date)  # still on the list
