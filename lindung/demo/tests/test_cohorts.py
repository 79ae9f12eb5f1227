"""The demo's projects and cohorts: deterministic, valid NIKs, consistent with the snapshot."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from lindung.cohorts.models import ElectionMember, InformalMember
from lindung.cohorts.queries import cohorts_panel
from lindung.demo.cohorts import build_cohorts
from lindung.demo.projects import build_projects
from lindung.lib.nik import parse_nik
from lindung.projects.models import Project
from lindung.projects.queries import projects_panel
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_opd

TODAY = date(2026, 5, 15)


class DemoTest(BaseTestCase):
    def build(self) -> tuple[list[tuple[str, int, str]], list[str]]:
        for code in ("DPUPR", "DPERKIM"):
            make_opd(self.pemda, code)
        build_projects(pemda=self.pemda, today=TODAY, seed=3)
        build_cohorts(pemda=self.pemda, today=TODAY, seed=3)
        projects = list(
            Project.objects.order_by("pk").values_list(
                "name", "contract_value", "registration_number"
            )
        )
        niks = list(ElectionMember.objects.order_by("pk").values_list("nik", flat=True))
        return projects, niks

    def test_same_seed_same_demo(self) -> None:
        with transaction.atomic():
            first = self.build()
            transaction.set_rollback(True)
        self.assertEqual(self.build(), first)

    def test_demo_is_valid_and_consistent_with_the_snapshot(self) -> None:
        self.build()
        niks = list(ElectionMember.objects.values_list("nik", flat=True)) + list(
            InformalMember.objects.values_list("nik", flat=True)
        )
        self.assertEqual(len(niks), len(set(niks)))
        self.assertTrue(all(parse_nik(n).valid for n in niks))
        projects = projects_panel(self.pemda, day=TODAY)
        self.assertEqual(projects["projects"], 24)
        self.assertTrue(all(projects["by_status"].values()), projects["by_status"])
        panel = cohorts_panel(self.pemda, day=TODAY)
        election, informal = panel["election"], panel["informal"]
        self.assertEqual(election["members"], 641)
        # The demo term runs May-Dec; its 420 KPPS serve November only.
        self.assertEqual(election["active_members"], 641 - 420)
        november = cohorts_panel(self.pemda, day=date(2026, 11, 10))["election"]
        self.assertEqual(november["active_members"], 641)
        self.assertTrue(0.6 < election["registered"] / election["members"] < 0.85)
        self.assertTrue(0.5 < informal["registered"] / informal["members"] < 0.75)
        self.assertEqual(len(panel["targets"]), 5)
