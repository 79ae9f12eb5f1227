"""403, 404 and 500 speak Bahasa Indonesia inside the layout and lead back home."""

from __future__ import annotations

from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.views.defaults import server_error

from lindung.tests.base import BaseTestCase

HOME_LINK = '<a class="button primary" href="/">Kembali ke beranda</a>'


class ErrorPagesTest(BaseTestCase):
    def test_403_for_a_role_that_may_not_open_the_page(self) -> None:
        self.client.force_login(self.operator)
        response = self.client.get("/registri/opd/tambah/")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, '<h1 id="error-title">Akses ditolak</h1>', status_code=403)
        self.assertContains(response, HOME_LINK, status_code=403, html=False)
        self.assertContains(response, 'aria-label="Menu utama"', status_code=403)  # the layout
        self.assertNotContains(response, "Forbidden", status_code=403)

    def test_404_for_an_unknown_address_and_for_another_opds_worker(self) -> None:
        self.client.force_login(self.operator)
        for url in ("/tidak-ada/", f"/registri/orang/{self.other_worker.person_id}/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "Halaman tidak ditemukan", status_code=404)
                self.assertContains(response, HOME_LINK, status_code=404)
                self.assertContains(response, self.operator.username, status_code=404)

    def test_404_for_a_visitor_who_is_not_signed_in(self) -> None:
        response = self.client.get("/tidak-ada/")
        self.assertContains(response, "Halaman tidak ditemukan", status_code=404)
        self.assertNotContains(response, "Menu utama", status_code=404)

    def test_500_needs_neither_the_database_nor_a_request_context(self) -> None:
        request = RequestFactory().get("/dasbor/")
        with CaptureQueriesContext(connection) as queries:
            response = server_error(request)
        self.assertEqual(len(queries), 0)
        self.assertEqual(response.status_code, 500)
        html = response.content.decode()
        self.assertIn('<html lang="id">', html)
        self.assertIn("Terjadi kesalahan pada server", html)
        self.assertIn(HOME_LINK, html)
        self.assertNotIn("set_language", html)  # no form that would need a CSRF token

    def test_500_from_a_failing_view(self) -> None:
        self.client.raise_request_exception = False
        self.client.force_login(self.admin)
        with override_settings(ROOT_URLCONF="lindung.tests.urls_failing"):
            response = self.client.get("/gagal/")
        self.assertContains(response, "Terjadi kesalahan pada server", status_code=500)

    def test_csrf_failure_in_bahasa_indonesia(self) -> None:
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.admin)
        response = client.post("/pemda/pilih/", {"pemda": "3375"})
        self.assertContains(response, "Formulir kedaluwarsa", status_code=403)
        self.assertContains(response, HOME_LINK, status_code=403)
