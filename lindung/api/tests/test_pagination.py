"""Every paginated API list: one envelope, API_PAGE_SIZE rows a page, a bad page is a 422."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_person


@override_settings(API_PAGE_SIZE=2)
class PaginationTest(BaseTestCase):
    def get(self, url: str) -> dict[str, Any]:
        response = self.client.get(url, **self.bearer(self.admin))
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_pages_follow_the_one_page_size_setting(self) -> None:
        for name in ("Ani", "Budi", "Cici"):
            make_person(self.pemda, name=name)
        total = self.get("/api/v1/people?pemda=3375")["count"]
        first = self.get("/api/v1/people?pemda=3375")
        last = self.get(f"/api/v1/people?pemda=3375&page={(total + 1) // 2}")
        self.assertEqual(set(first), {"count", "page", "pages", "results"})
        self.assertEqual((first["page"], first["pages"]), (1, (total + 1) // 2))
        self.assertEqual(len(first["results"]), 2)
        self.assertEqual(len(last["results"]), total - 2 * (last["page"] - 1))
        self.assertIn("Ani", [p["name"] for p in first["results"]])

    def test_a_page_past_the_last_or_below_one_is_a_field_error(self) -> None:
        for page in (0, 99):
            with self.subTest(page=page):
                response = self.client.get(
                    f"/api/v1/engagements?page={page}", **self.bearer(self.admin)
                )
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn("page", response.json()["fields"])

    def test_an_empty_list_is_one_empty_page(self) -> None:
        body = self.get("/api/v1/people?pemda=3375&q=Tidak%20Ada%20Orang")
        self.assertEqual((body["count"], body["page"], body["pages"], body["results"]),
                         (0, 1, 1, []))  # fmt: skip
