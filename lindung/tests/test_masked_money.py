"""A masked role sees money per OPD or group, never per person (issue 15, item 7).

A per-worker monthly iuran lets one divide by the rate and read the wage back, so every
list, export and API answer a masked role gets carries no wage, no iuran and no income per
person.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from lindung.lib.formatting import rupiah
from lindung.reconciliation.models import Result
from lindung.reconciliation.rules import Category
from lindung.registry.models import Engagement
from lindung.tests import test_url_walk  # the module: an imported class would walk again

MONEY_KEYS = {"iuran", "city_wage", "reported_wage", "monthly_wage", "declared_income", "wage"}


class MaskedMoneyTest(test_url_walk.UrlWalkTest):
    """Reuses the walk's data (with its reconciliation run); its own tests only."""

    test_every_page_has_an_access_decision_for_every_persona = None  # type: ignore[assignment]
    test_anonymous_visitors_are_sent_to_login = None  # type: ignore[assignment]
    test_every_api_endpoint_has_an_access_decision_for_every_persona = None  # type: ignore[assignment]
    test_api_refuses_requests_without_a_valid_token = None  # type: ignore[assignment]
    test_the_walk_covers_every_route = None  # type: ignore[assignment]
    test_only_a_superuser_may_switch_pemda = None  # type: ignore[assignment]
    test_every_post_only_route_has_an_access_decision_for_every_persona = None  # type: ignore[assignment]
    test_a_whole_nik_lookup_finds_only_within_scope = None  # type: ignore[assignment]

    def amounts(self) -> set[int]:
        """Every per-person amount of the run and the registry."""
        found: set[int] = set()
        for r in Result.objects.filter(run=self.recon_run):
            found |= {v for v in (r.iuran, r.city_wage, r.reported_wage) if v}
        found |= {w for w in Engagement.objects.values_list("monthly_wage", flat=True) if w}
        return found

    def lists(self) -> list[str]:
        run, opd = self.recon_run.pk, self.opd.pk
        categories = [c for c in Category.values if Result.objects.filter(
            run=self.recon_run, category=c).exists()]  # fmt: skip
        self.assertGreaterEqual(len(categories), 3)
        return [
            f"/registri/opd/{opd}/",
            f"/registri/opd/{opd}/unduh.xlsx",
            f"/registri/orang/{self.worker.person_id}/",
            f"/dasbor/daftar/?status=workers&run={run}",
            f"/dasbor/daftar.xlsx?status=workers&run={run}",
            f"/dasbor/daftar.xlsx?status=gap&run={run}",
            *(f"/rekonsiliasi/{run}/daftar/?kategori={c}" for c in categories),
            *(f"/rekonsiliasi/{run}/daftar.xlsx?kategori={c}" for c in categories),
            f"/kohort/informal/{self.informal.pk}/",
        ]

    def cells(self, body: bytes) -> list[Any]:
        """The header row, then every other cell."""
        rows = list(load_workbook(BytesIO(body)).active.iter_rows(values_only=True))
        return [list(rows[0]), *(c for row in rows[1:] for c in row)]

    def test_pages_and_exports_show_no_money_per_person_to_pimpinan(self) -> None:
        amounts = self.amounts()
        self.assertTrue(amounts)
        money_headers = ("upah", "iuran per", "tambahan iuran", "selisih", "penghasilan", "gaji")
        for persona in ("pimpinan", "admin"):
            self.client.force_login(self.personas()[persona])
            leaked = []
            for url in self.lists():
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                if url.endswith(".xlsx") or ".xlsx?" in url:
                    header, *cells = self.cells(response.content)
                    leaked += [(url, c) for c in cells if isinstance(c, int) and c in amounts]
                    leaked += [
                        (url, h) for h in header if str(h).lower().startswith(money_headers)
                    ]
                else:
                    text = response.content.decode()
                    leaked += [(url, a) for a in amounts if rupiah(a) in text]
                    leaked += [(url, h) for h in ("Iuran per bulan", "Upah kota") if h in text]
            if persona == "pimpinan":
                self.assertEqual(leaked, [])
            else:
                self.assertNotEqual(leaked, [])  # the check sees money where it is shown

    def test_api_answers_carry_no_money_per_person_to_pimpinan(self) -> None:
        run = self.recon_run.pk
        urls = [
            "/api/v1/engagements",
            f"/api/v1/engagements/{self.worker.pk}",
            "/api/v1/coverage/records?pemda=3375&category=workers",
            *(f"/api/v1/reconciliation/runs/{run}/records?category={c}" for c in Category.values),
        ]

        def money(value: Any) -> list[Any]:
            if isinstance(value, dict):
                return [v for k, v in value.items() if k in MONEY_KEYS and v] + [
                    m for v in value.values() for m in money(v)
                ]
            if isinstance(value, list):
                return [m for v in value for m in money(v)]
            return []

        for persona in ("pimpinan", "admin"):
            auth = self.bearer(self.personas()[persona])
            found = []
            for url in urls:
                response = self.client.get(url, **auth)
                self.assertEqual(response.status_code, 200, (url, response.content))
                found += money(response.json())
            if persona == "pimpinan":
                self.assertEqual(found, [])
            else:
                self.assertNotEqual(found, [])
