"""A masked role (Pimpinan) cannot unmask a NIK by searching its beginning (issue 15)."""

from __future__ import annotations

from io import BytesIO

from django.core.cache import cache
from django.test import override_settings
from openpyxl import load_workbook

from lindung.registry.models import NikLookup
from lindung.tests.base import BaseTestCase


class NikLookupTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.nik = self.worker.person.nik
        self.list_url = f"/registri/opd/{self.opd.pk}/"

    def names(self, q: str) -> list[str]:
        response = self.client.get(self.list_url, {"q": q})
        self.assertEqual(response.status_code, 200)
        return [e.person.name for e in response.context["page"].object_list]

    def test_prefixes_find_nothing_for_pimpinan_on_the_page(self) -> None:
        self.client.force_login(self.pimpinan)
        for q in ("3", "33", self.nik[:4], self.nik[:15], "3375.01", "Siti 3375"):
            with self.subTest(q=q):
                self.assertEqual(self.names(q), [])
                response = self.client.get(self.list_url, {"q": q})
                self.assertContains(response, "NIK lengkap")
        self.assertFalse(NikLookup.objects.exists())
        self.assertEqual(self.names("Siti"), ["Siti Aminah"])  # a name search still works

    def test_the_export_of_a_refused_search_is_empty(self) -> None:
        self.client.force_login(self.pimpinan)
        response = self.client.get(f"{self.list_url}unduh.xlsx", {"q": self.nik[:6]})
        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 1)  # the header only

    def test_a_whole_nik_finds_the_row_once_and_is_logged(self) -> None:
        self.client.force_login(self.pimpinan)
        self.assertEqual(self.names(self.nik), ["Siti Aminah"])
        lookup = NikLookup.objects.get()
        self.assertEqual(
            (lookup.user, lookup.nik, lookup.source), (self.pimpinan, self.nik, "web")
        )
        self.assertIsNotNone(lookup.at)

    def test_unmasked_roles_search_by_prefix_unlogged(self) -> None:
        self.client.force_login(self.admin)
        self.assertEqual(self.names(self.nik[:4]), ["Siti Aminah"])
        self.assertFalse(NikLookup.objects.exists())

    def test_the_api_refuses_prefixes_and_logs_whole_niks(self) -> None:
        auth = self.bearer(self.pimpinan)
        for url in ("/api/v1/engagements", "/api/v1/people"):
            for q in ("3", "33", self.nik[:4], self.nik[:12]):
                with self.subTest(url=url, q=q):
                    response = self.client.get(url, {"q": q}, **auth)
                    self.assertEqual(response.status_code, 422)
                    self.assertIn("q", response.json()["fields"])
            response = self.client.get(url, {"q": self.nik}, **auth)
            self.assertEqual(response.json()["count"], 1)
            row = response.json()["results"][0]
            self.assertNotEqual(row.get("person", row)["nik"], self.nik)  # still masked
        self.assertEqual(list(NikLookup.objects.values_list("source", flat=True)), ["api", "api"])

    @override_settings(NIK_LOOKUP_LIMIT=30)
    def test_the_31st_lookup_in_an_hour_is_refused(self) -> None:
        auth = self.bearer(self.pimpinan)
        for _i in range(30):
            response = self.client.get("/api/v1/people", {"q": self.nik}, **auth)
            self.assertEqual(response.status_code, 200)
        response = self.client.get("/api/v1/people", {"q": self.nik}, **auth)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Batas pencarian NIK", response.json()["error"])
        self.assertEqual(NikLookup.objects.count(), 30)
        self.client.force_login(self.pimpinan)
        response = self.client.get(self.list_url, {"q": self.nik})
        self.assertEqual(list(response.context["page"].object_list), [])
        self.assertContains(response, "Batas pencarian NIK")
        self.client.force_login(self.admin)  # the limit is per user
        self.assertEqual(self.names(self.nik), ["Siti Aminah"])
