"""The other apps' panels: each one on the dashboard and in the rakor report, none dropped."""

from __future__ import annotations

from django.core.cache import cache

from lindung.dashboards import panels
from lindung.dashboards.report import rakor_data, rakor_html
from lindung.dashboards.tests import world
from lindung.dashboards.tests.world import Worker
from lindung.lib.dates import today
from lindung.tests.base import BaseTestCase

# Every panel the dashboard and the rakor report show, in order. A panel added, removed or
# renamed changes this list on purpose.
EXPECTED_PANELS = ["compliance", "projects", "cohorts"]


class PanelsTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        world.build(cls.pemda, [cls.opd], [Worker(0, "honorer", True, "covered")], as_of=today())
        world.run(cls.pemda, today())

    def setUp(self) -> None:
        cache.clear()

    def test_the_providers_are_the_expected_panels(self) -> None:
        self.assertEqual([key for key, *_ in panels.PROVIDERS], EXPECTED_PANELS)

    def test_the_dashboard_shows_every_expected_panel(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/dasbor/")
        shown = [p.key for p in response.context["panels"]]
        self.assertEqual(shown, EXPECTED_PANELS)
        self.assertFalse([p.key for p in response.context["panels"] if p.failed])
        for key in EXPECTED_PANELS:
            self.assertContains(response, f'id="panel-{key}"')

    def test_the_rakor_report_shows_every_expected_panel(self) -> None:
        data = rakor_data(self.pemda)
        self.assertEqual([p.key for p in data.panels if not p.failed], EXPECTED_PANELS)
        html = rakor_html(data)
        for panel in data.panels:
            self.assertIn(str(panel.title), html)
