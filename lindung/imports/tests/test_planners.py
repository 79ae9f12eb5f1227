"""Every import kind has one planner, registered by the app that owns its data."""

from __future__ import annotations

from django.test import SimpleTestCase

from lindung.imports import planners
from lindung.imports.models import ImportBatch

OWNERS = {
    ImportBatch.Kind.WORKERS: "lindung.imports",
    ImportBatch.Kind.MEMBERSHIPS: "lindung.imports",
    ImportBatch.Kind.EMPLOYERS: "lindung.imports",
    ImportBatch.Kind.BUSINESSES: "lindung.compliance",
    ImportBatch.Kind.PROJECTS: "lindung.projects",
    ImportBatch.Kind.ELECTION_MEMBERS: "lindung.cohorts",
    ImportBatch.Kind.INFORMAL_MEMBERS: "lindung.cohorts",
}


class PlannersTest(SimpleTestCase):
    def test_every_kind_has_a_planner_of_its_owning_app(self) -> None:
        self.assertEqual(set(planners.IMPORTERS), set(ImportBatch.Kind.values))
        for kind, planner in planners.IMPORTERS.items():
            self.assertTrue(planner.__module__.startswith(OWNERS[kind] + "."), (kind, planner))

    def test_a_kind_without_a_planner_fails_loudly(self) -> None:
        with self.assertRaisesMessage(LookupError, "no importer registered"):
            planners.planner_for(ImportBatch(kind="nope"))

    def test_a_second_planner_for_a_kind_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            planners.register(ImportBatch.Kind.WORKERS, object)
