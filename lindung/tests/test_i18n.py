"""Bahasa Indonesia first, English as the second locale."""

from lindung.tests.base import BaseTestCase


class LanguageTest(BaseTestCase):
    def test_indonesian_is_the_default(self) -> None:
        self.client.force_login(self.operator)
        response = self.client.get(f"/registri/opd/{self.opd.pk}/")
        self.assertContains(response, "Tambah pekerja")
        self.assertContains(response, "Cari nama atau NIK")

    def test_an_english_browser_still_gets_indonesian_until_the_user_switches(self) -> None:
        self.client.force_login(self.operator)
        url = f"/registri/opd/{self.opd.pk}/"
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "Tambah pekerja")
        self.assertContains(response, '<html lang="id">')
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="id-ID")
        self.assertContains(response, "Add worker")

    def test_english_is_served_when_chosen(self) -> None:
        self.client.force_login(self.operator)
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        response = self.client.get(f"/registri/opd/{self.opd.pk}/")
        self.assertContains(response, "Add worker")
        self.assertContains(response, '<html lang="en">')
        self.assertNotContains(response, "Tambah pekerja")

    def test_dates_and_money_read_the_indonesian_way(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get(f"/registri/orang/{self.worker.person_id}/")
        self.assertContains(response, "2 Januari 2024")
        self.assertContains(response, "Rp2.000.000")
