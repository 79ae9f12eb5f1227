"""City-wide coverage through the page, the API, the dashboard and a target."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.cache import cache

from lindung.dashboards import services as dash_services
from lindung.dashboards.tests import world
from lindung.dashboards.tests.world import Worker
from lindung.lib.dates import today
from lindung.tests.base import BaseTestCase
from lindung.workforce.models import BpjsTotal, Workforce

PAGE = "/cakupan-kota/"


class CitywideTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def enter(self, user, kind: str, **data):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        url = PAGE + ("pekerja/" if kind == "workforce" else "bpjs/")
        payload = {"segment": "pu", "people": "45210", "as_of": "2025-08-01",
                   "source": "BPS Sakernas Agustus 2025"}  # fmt: skip
        return self.client.post(url, {**payload, **data})

    def test_disnaker_enters_the_workforce_and_bpjs_the_branch_totals(self) -> None:
        self.assertRedirects(self.enter(self.disnaker, "workforce"), PAGE)
        self.assertRedirects(
            self.enter(self.bpjs, "bpjs", people="27126", as_of="2026-06-30",
                       source="Laporan BPJS Cabang Pekalongan"),
            PAGE,
        )  # fmt: skip
        self.assertEqual(self.enter(self.bpjs, "workforce").status_code, 403)
        self.assertEqual(self.enter(self.disnaker, "bpjs").status_code, 403)
        self.client.force_login(self.pimpinan)
        page = self.client.get(PAGE)
        # 27.126 of 45.210 = 60,0%, each figure with its source and date.
        self.assertContains(page, 'data-figure="pct-pu">60,0%', html=False)
        self.assertContains(page, "BPS Sakernas Agustus 2025, 1 Agustus 2025")
        self.assertContains(page, "Laporan BPJS Cabang Pekalongan, 30 Juni 2026")
        self.assertNotContains(page, "angka berselisih")  # ten months apart: no note
        row = Workforce.objects.get()
        self.assertEqual(row.history.get().history_user, self.disnaker)

    def test_the_same_segment_and_date_again_replaces_the_figure(self) -> None:
        self.enter(self.admin, "workforce")
        self.enter(self.admin, "workforce", people="46000", source="Disnaker WLKP 2025")
        row = Workforce.objects.get()
        self.assertEqual((row.people, row.source), (46_000, "Disnaker WLKP 2025"))
        self.assertEqual(row.history.count(), 2)

    def test_bad_input_is_refused_with_a_message(self) -> None:
        cases = [
            ({"as_of": f"{today().year + 1}-01-01"}, "Tanggal keadaan tidak boleh di masa depan."),
            ({"source": "  "}, "Sebutkan sumbernya"),
            ({"people": "-5"}, "Jumlah tidak boleh negatif."),
            ({"people": "banyak"}, "Tulis jumlah sebagai bilangan bulat"),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                self.assertContains(self.enter(self.admin, "bpjs", **data), message)
        self.assertFalse(BpjsTotal.objects.exists())

    def test_operator_and_perizinan_have_no_access(self) -> None:
        for user in (self.operator, self.perizinan):
            self.client.force_login(user)
            self.assertEqual(self.client.get(PAGE).status_code, 403)

    def test_the_api_reads_and_writes_through_the_same_rules(self) -> None:
        headers = self.bearer(self.bpjs)
        bad = self.client.post(
            "/api/v1/citywide/figures",
            {"kind": "bpjs", "segment": "bpu", "people": 3120, "as_of": "2026-06-30",
             "source": ""},
            content_type="application/json", **headers,
        )  # fmt: skip
        self.assertEqual(bad.status_code, 422)
        self.assertIn("source", bad.json()["fields"])
        ok = self.client.post(
            "/api/v1/citywide/figures",
            {"kind": "bpjs", "segment": "bpu", "people": 3120, "as_of": "2026-06-30",
             "source": "Laporan Cabang"},
            content_type="application/json", **headers,
        )  # fmt: skip
        self.assertEqual(ok.status_code, 201, ok.content)
        denied = self.client.post(
            "/api/v1/citywide/figures",
            {"kind": "workforce", "segment": "bpu", "people": 52000, "as_of": "2025-08-01",
             "source": "BPS"},
            content_type="application/json", **headers,
        )  # fmt: skip
        self.assertEqual(denied.status_code, 403)
        Workforce.objects.create(
            pemda=self.pemda, segment="bpu", people=52_000, as_of=date(2025, 8, 1), source="BPS"
        )
        body = self.client.get("/api/v1/citywide", **headers).json()
        bpu = next(s for s in body["segments"] if s["segment"] == "bpu")
        self.assertEqual(bpu["coverage_pct"], 6.0)
        self.assertEqual(body["total"]["participants"]["people"], 3120)

    def test_dashboard_and_targets_show_the_city_beside_the_pemda(self) -> None:
        as_of = today()
        world.build(self.pemda, [self.opd], [Worker(0, "honorer", True, "covered")], as_of=as_of)
        world.run(self.pemda, as_of)
        self.enter(self.admin, "workforce", people="1000", as_of=f"{as_of:%Y-%m-%d}")
        self.enter(self.admin, "bpjs", people="250", as_of=f"{as_of:%Y-%m-%d}",
                   source="Laporan Cabang")  # fmt: skip
        due = date(as_of.year + 1, as_of.month, 1)
        dash_services.target_create(
            pemda=self.pemda, segment="city_pu", metric="percent", value=Decimal("50"),
            due=due, user=self.admin,
        )  # fmt: skip
        page = self.client.get("/dasbor/")
        self.assertContains(page, 'data-figure="pct-total">25,0%', html=False)
        [row] = page.context["targets"]
        self.assertEqual(row.current, 25.0)
        self.assertEqual(row.progress.remaining, 25.0)
