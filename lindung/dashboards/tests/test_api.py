"""Coverage API: figures and their records, counts equal, masking, refusals."""

from __future__ import annotations

from django.core.cache import cache

from lindung.dashboards.tests import world
from lindung.dashboards.tests.world import Worker
from lindung.lib.dates import today
from lindung.tests.base import BaseTestCase

W = Worker


class CoverageApiTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        workers = [
            W(0, "honorer", True, "covered"),
            W(0, "kontrak", False, "programs_missing"),
            W(1, "kegiatan", False, "covered"),
            W(1, "kontrak", True, "wage_underreported"),
        ]
        world.build(cls.pemda, [cls.opd, cls.other_opd], workers, as_of=today(), strangers=2)
        cls.latest = world.run(cls.pemda, today())

    def setUp(self) -> None:
        cache.clear()

    def get(self, user, url):  # type: ignore[no-untyped-def]
        return self.client.get(url, **self.bearer(user))

    def test_coverage_has_the_issue_shape(self) -> None:
        body = self.get(self.bpjs, "/api/v1/coverage?pemda=3375").json()
        self.assertEqual(
            set(body),
            {
                "run",
                "as_of",
                "workers",
                "covered",
                "coverage_pct",
                "registered",
                "registered_pct",
                "opds_with_participants",
                "opds_without_participants",
                "opds_without_npp",
                "by_category",
                "by_opd",
            },  # fmt: skip
        )
        self.assertEqual((body["run"], body["workers"], body["covered"]), (self.latest.pk, 6, 2))
        self.assertEqual(body["coverage_pct"], 33.3)
        self.assertEqual(body["by_category"]["unknown_to_city"], 2)
        dlh = next(o for o in body["by_opd"] if o["opd_code"] == "DLH")
        self.assertEqual(
            dlh,
            {
                "opd_code": "DLH",
                "opd_name": "Dinas Lingkungan Hidup",
                "workers": 3,
                "covered": 1,
                "coverage_pct": 33.3,
            },
        )

    def test_every_count_equals_its_figure(self) -> None:
        body = self.get(self.admin, "/api/v1/coverage?pemda=3375").json()
        for category, n in body["by_category"].items():
            page = self.get(
                self.admin, f"/api/v1/coverage/records?pemda=3375&category={category}"
            ).json()
            self.assertEqual(page["count"], n, category)
            self.assertEqual(len(page["results"]), n)
        for opd in body["by_opd"]:
            for category, key in (("covered", "covered"), ("workers", "workers")):
                url = (
                    "/api/v1/coverage/records?pemda=3375"
                    f"&category={category}&opd={opd['opd_code']}"
                )
                self.assertEqual(self.get(self.admin, url).json()["count"], opd[key])

    def test_operator_gets_their_opd_only_and_pimpinan_masked_values(self) -> None:
        body = self.get(self.operator, "/api/v1/coverage").json()
        self.assertEqual([o["opd_code"] for o in body["by_opd"]], ["DLH"])
        self.assertEqual(body["workers"], 3)
        other = self.get(self.operator, "/api/v1/coverage/records?category=gap&opd=DINDIK")
        self.assertEqual(other.status_code, 404)
        records = self.get(self.pimpinan, "/api/v1/coverage/records?category=workers").json()
        self.assertTrue(
            all("*" in r["nik"] and r["city_wage"] is None for r in records["results"])
        )

    def test_bad_category_and_page_are_field_errors(self) -> None:
        response = self.get(self.admin, "/api/v1/coverage/records?pemda=3375&category=semua")
        self.assertEqual(response.status_code, 422)
        self.assertIn("category", response.json()["fields"])
        response = self.get(self.admin, "/api/v1/coverage/records?pemda=3375&category=gap&page=9")
        self.assertEqual(response.status_code, 422)
        self.assertIn("page", response.json()["fields"])

    def test_a_pemda_without_a_run_says_so(self) -> None:
        response = self.get(self.outsider, "/api/v1/coverage")
        self.assertEqual(response.status_code, 404)
        self.assertIn("Belum ada rekonsiliasi", response.json()["error"])
        self.assertEqual(self.get(self.root, "/api/v1/coverage").status_code, 422)
        self.assertEqual(self.get(self.root, "/api/v1/coverage?pemda=3375").json()["workers"], 6)
