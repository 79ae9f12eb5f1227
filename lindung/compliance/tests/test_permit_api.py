"""The permit check: answers, client-key scoping, revocation, rate limit, the log."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from lindung.accounts.models import Credential
from lindung.accounts.services import rate_limited
from lindung.compliance import services
from lindung.compliance.models import PermitCheck
from lindung.compliance.tests.factories import make_business
from lindung.tests.base import BaseTestCase


def apikey(*args: str) -> str:
    out = StringIO()
    call_command("apikey", *args, stdout=out)
    return out.getvalue()


@time_machine.travel(date(2026, 11, 20), tick=False)
class PermitApiTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.clean = make_business(self.pemda, name="Batik Bersih")
        services.figure_add(actor=None, business=self.clean, source="wlkp", on=date(2026, 1, 31),
                            workers=0)  # fmt: skip
        self.bad = make_business(self.pemda, name="Batik Kotor")
        services.figure_add(actor=None, business=self.bad, source="wlkp", on=date(2026, 1, 31),
                            workers=12, total_wages=36_000_000)  # fmt: skip
        self.foreign = make_business(self.other_pemda, name="Batik Batang")
        self.key = apikey("create", "--pemda", "3375", "--name", "SiCantik DPMPTSP").split()[-1]

    def get(self, nib: str, key: str | None = None) -> Any:
        return self.client.get(
            f"/api/v1/compliance/{nib}", HTTP_AUTHORIZATION=f"Bearer {key or self.key}"
        )

    def test_the_key_is_printed_on_the_last_line_and_stored_hashed(self) -> None:
        self.assertTrue(self.key.startswith("lndk_"))
        stored = Credential.objects.get()
        self.assertEqual(stored.digest, Credential.digest_of(self.key))
        self.assertNotIn(self.key, str(Credential.objects.values_list().get()))

    def test_non_compliant_answer_without_personal_data(self) -> None:
        response = self.get(self.bad.nib)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(set(body), {"nib", "name", "status", "findings", "checked_at"})
        self.assertEqual(body["status"], "non_compliant")
        self.assertEqual(body["name"], "Batik Kotor")
        self.assertEqual(body["findings"], [{"kind": "PWBD", "since": "2026-11-20",
                                             "stage": "open"}])  # fmt: skip
        for word in ("nik", "wage", "upah", "evidence", "36000000", "iuran"):
            self.assertNotIn(word, response.content.decode().lower())

    def test_the_answer_is_rendered_byte_for_byte_as_its_schema_renders_it(self) -> None:
        from lindung.api.api import api
        from lindung.api.routers.compliance import PermitOut, permit_response

        def schema_rendering(answer: dict[str, Any]) -> str:
            data = PermitOut.model_validate(answer).model_dump()
            return str(api.renderer.render(request, data, response_status=200))

        request = RequestFactory().get("/")
        odd = make_business(self.pemda, name='Batik "Sekar" Jagad — Ñ')
        for nib in (self.bad.nib, self.clean.nib, odd.nib, "9999999999999"):
            with self.subTest(nib=nib):
                response = self.get(nib)  # the clock stands still: same checked_at
                answer = services.permit_check(pemda_id=self.pemda.pk, nib=nib, channel="api")
                self.assertEqual(response.content.decode(), schema_rendering(answer))
                self.assertEqual(response["Content-Type"], api.get_content_type())
                # Anything more on a finding stays out, as the schema keeps it out.
                answer["findings"] = [
                    {**f, "evidence": {"nik": "3375010507900001"}} for f in answer["findings"]
                ]
                ours = permit_response(answer).content.decode()
                self.assertEqual(ours, schema_rendering(answer))
                self.assertNotIn("3375010507900001", ours)
        self.assertIn('"findings": [{"kind": "PWBD"', self.get(self.bad.nib).content.decode())

    def test_compliant_unknown_and_never_compliant_without_data(self) -> None:
        self.assertEqual(self.get(self.clean.nib).json()["status"], "compliant")
        unknown = self.get("9999999999999").json()
        self.assertEqual(
            (unknown["status"], unknown["name"], unknown["findings"]), ("unknown", None, [])
        )
        no_data = make_business(self.pemda, name="Usaha Baru")
        self.assertEqual(self.get(no_data.nib).json()["status"], "unknown")

    def test_malformed_nib_is_a_field_error(self) -> None:
        for nib in ("123", "91200012345AB", "91200012345678"):
            with self.subTest(nib=nib):
                response = self.get(nib)
                self.assertEqual(response.status_code, 422)
                body = response.json()
                self.assertEqual(body["error"], "Data tidak valid.")
                self.assertIn("13 digit", body["fields"]["nib"][0])
        self.assertFalse(PermitCheck.objects.exists())

    def test_a_key_of_pemda_a_sees_nothing_of_pemda_b(self) -> None:
        body = self.get(self.foreign.nib).json()
        self.assertEqual((body["status"], body["name"]), ("unknown", None))
        other_key = apikey("create", "--pemda", "3325", "--name", "OSS Batang").split()[-1]
        body = self.get(self.bad.nib, other_key).json()
        self.assertEqual((body["status"], body["name"]), ("unknown", None))
        self.assertEqual(self.get(self.foreign.nib, other_key).json()["name"], "Batik Batang")
        self.assertEqual(
            set(PermitCheck.objects.values_list("pemda__code", "nib")),
            {("3375", self.foreign.nib), ("3325", self.bad.nib), ("3325", self.foreign.nib)},
        )

    def test_a_revoked_key_is_refused(self) -> None:
        self.assertEqual(self.get(self.clean.nib).status_code, 200)
        out = apikey("revoke", self.key[:12])
        self.assertIn("dicabut", out)
        response = self.get(self.clean.nib)
        self.assertEqual(response.status_code, 401)
        self.assertIn("error", response.json())
        with self.assertRaises(CommandError):
            apikey("revoke", self.key)

    def test_rate_limit_per_key_and_window(self) -> None:
        key = Credential.objects.get()
        key.rate_per_minute = 3
        key.save()
        codes = [self.get(self.clean.nib).status_code for _ in range(4)]
        self.assertEqual(codes, [200, 200, 200, 429])
        self.assertEqual(self.get(self.clean.nib).json()["error"][:5], "Batas")
        # The next window starts afresh.
        self.assertFalse(rate_limited(key, now=10**10))

    def test_every_check_is_logged_and_visible_to_disnaker(self) -> None:
        self.get(self.bad.nib)
        self.get("9999999999999")
        logged = list(PermitCheck.objects.order_by("pk").values_list("nib", "status", "channel"))
        self.assertEqual(
            logged,
            [(self.bad.nib, "non_compliant", "api"), ("9999999999999", "unknown", "api")],
        )
        self.assertEqual(PermitCheck.objects.filter(api_key__name="SiCantik DPMPTSP").count(), 2)
        self.client.force_login(self.disnaker)
        page = self.client.get("/kepatuhan/log-cek/")
        self.assertContains(page, "SiCantik DPMPTSP")
        self.assertContains(page, "9999999999999")
        self.client.force_login(self.perizinan)
        self.assertEqual(self.client.get("/kepatuhan/log-cek/").status_code, 403)

    def test_staff_token_of_perizinan_checks_its_own_pemda(self) -> None:
        response = self.client.get(
            f"/api/v1/compliance/{self.bad.nib}", **self.bearer(self.perizinan)
        )
        self.assertEqual(response.json()["status"], "non_compliant")
        self.assertEqual(PermitCheck.objects.get().user, self.perizinan)

    def test_a_superuser_names_the_pemda_in_the_query(self) -> None:
        headers = self.bearer(self.root)
        body = self.client.get(f"/api/v1/compliance/{self.bad.nib}?pemda=3375", **headers).json()
        self.assertEqual((body["name"], body["status"]), ("Batik Kotor", "non_compliant"))
        missing = self.client.get(f"/api/v1/compliance/{self.bad.nib}", **headers)
        self.assertEqual(missing.status_code, 422)
        self.assertIn("pemda", missing.json()["fields"])
        self.assertEqual(PermitCheck.objects.get().user, self.root)

    def test_ping_checks_a_key(self) -> None:
        response = self.client.get(
            "/api/v1/compliance/ping", HTTP_AUTHORIZATION=f"Bearer {self.key}"
        )
        self.assertEqual(response.json(), {"ok": True, "client": "SiCantik DPMPTSP"})
        self.assertFalse(PermitCheck.objects.exists())

    def test_the_search_page_answers_and_logs(self) -> None:
        self.client.force_login(self.perizinan)
        page = self.client.get("/kepatuhan/cek/", {"nib": self.bad.nib})
        self.assertContains(page, "TIDAK PATUH")
        # Findings by their labels, as the rest of the pages name them.
        self.assertContains(page, "PWBD (belum mendaftar) · sejak 20 November 2026 · Terbuka")
        page = self.client.get("/kepatuhan/cek/", {"nib": "12"})
        self.assertContains(page, "13 digit")
        check = PermitCheck.objects.get()
        self.assertEqual((check.channel, check.user), ("web", self.perizinan))
        self.client.force_login(self.operator)
        self.assertEqual(self.client.get("/kepatuhan/cek/").status_code, 403)
