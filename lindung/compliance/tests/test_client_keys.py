"""The client keys page: Admin Pemda only, the key shown once, revocation, the audit trail."""

from __future__ import annotations

import re

from django.core.cache import cache

from lindung.accounts.models import Credential
from lindung.accounts.services import client_key_create
from lindung.tests.base import BaseTestCase

URL = "/kepatuhan/kunci-api/"


class ClientKeysPageTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_only_the_admin_pemda_opens_the_page(self) -> None:
        for name, user in self.personas().items():
            self.client.force_login(user)
            expected = 200 if name in ("admin", "outsider", "root") else 403
            with self.subTest(name):
                self.assertEqual(self.client.get(URL).status_code, expected)
                if expected == 403:
                    self.assertEqual(self.client.post(URL, {"name": "X"}).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(URL).status_code, 302)  # to the login page

    def test_the_menu_links_to_the_page_for_the_admin_only(self) -> None:
        self.client.force_login(self.admin)
        self.assertContains(self.client.get("/kepatuhan/"), URL)
        self.client.force_login(self.disnaker)
        self.assertNotContains(self.client.get("/kepatuhan/"), URL)

    def test_a_new_key_is_shown_once_and_then_authenticates(self) -> None:
        self.client.force_login(self.admin)
        page = self.client.post(URL, {"name": "SiCantik DPMPTSP", "rate_per_minute": "120"})
        self.assertEqual(page.status_code, 200)
        self.assertIn("no-store", page["Cache-Control"])
        raw = re.search(r'id="raw-key"[^>]*>(lndk_[^<]+)<', page.content.decode())
        assert raw is not None
        key = Credential.objects.client_keys().get()
        self.assertEqual((key.pemda, key.name, key.rate_per_minute, key.created_by),
                         (self.pemda, "SiCantik DPMPTSP", 120, self.admin))  # fmt: skip
        self.assertEqual(key.digest, Credential.digest_of(raw[1]))
        response = self.client.get(
            "/api/v1/compliance/ping", HTTP_AUTHORIZATION=f"Bearer {raw[1]}"
        )
        self.assertEqual(response.json(), {"ok": True, "client": "SiCantik DPMPTSP"})
        # Listed by name and prefix afterwards, never in full again.
        listing = self.client.get(URL)
        self.assertContains(listing, "SiCantik DPMPTSP")
        self.assertContains(listing, key.prefix)
        self.assertNotContains(listing, raw[1])

    def test_a_blank_name_is_refused_next_to_the_field(self) -> None:
        self.client.force_login(self.admin)
        page = self.client.post(URL, {"name": " ", "rate_per_minute": "60"})
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'id="raw-key"')
        self.assertFalse(Credential.objects.exists())

    def test_revoke_refuses_the_key_at_once_and_is_recorded(self) -> None:
        key, raw = client_key_create(pemda=self.pemda, name="SiCantik", actor=self.admin)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        self.assertEqual(self.client.get("/api/v1/compliance/ping", **auth).status_code, 200)
        self.client.force_login(self.admin)
        response = self.client.post(f"{URL}{key.pk}/cabut/", follow=True)
        self.assertContains(response, "Kunci SiCantik dicabut.")
        api = self.client_class()  # no session: the key alone
        self.assertEqual(api.get("/api/v1/compliance/ping", **auth).status_code, 401)
        latest = key.history.latest()  # type: ignore[attr-defined]
        self.assertEqual((latest.history_user, latest.revoked_at is not None), (self.admin, True))
        # A second revoke says so instead of failing.
        again = self.client.post(f"{URL}{key.pk}/cabut/", follow=True)
        self.assertContains(again, "sudah dicabut")
        # A GET never revokes.
        self.assertEqual(self.client.get(f"{URL}{key.pk}/cabut/").status_code, 405)

    def test_another_pemda_neither_sees_nor_revokes_the_key(self) -> None:
        key, _raw = client_key_create(pemda=self.pemda, name="SiCantik")
        self.client.force_login(self.outsider)
        self.assertNotContains(self.client.get(URL), "SiCantik")
        self.assertEqual(self.client.post(f"{URL}{key.pk}/cabut/").status_code, 404)
        self.client.force_login(self.disnaker)
        self.assertEqual(self.client.post(f"{URL}{key.pk}/cabut/").status_code, 403)
        key.refresh_from_db()
        self.assertIsNone(key.revoked_at)
