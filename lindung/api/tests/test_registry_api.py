"""Registry API: one error shape, field-level 422s, scope per token, masking."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from lindung.lib.dates import today
from lindung.registry.models import Engagement, Person
from lindung.registry.rules import one_year_after
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_valid_nik


class RegistryApiTest(BaseTestCase):
    def call(self, method: str, url: str, user: Any, body: Any = None) -> Any:
        return self.client.generic(
            method,
            url,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            **self.bearer(user),
        )

    def hire(self, **overrides: Any) -> dict[str, Any]:
        return {
            "opd_id": self.opd.pk,
            "nik": make_valid_nik(),
            "name": "Dewi Sartika",
            "category": "honorer",
            "has_sk": True,
            "monthly_wage": 2_300_000,
            "start_date": "2026-03-02",
            **overrides,
        }

    def test_operator_hires_through_the_api_with_the_same_service(self) -> None:
        response = self.call(
            "POST", "/api/v1/engagements", self.operator, self.hire(reason="SK 2026")
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        eng = Engagement.objects.get(pk=body["id"])
        self.assertEqual(eng.history.get().history_user, self.operator)
        self.assertEqual(body["monthly_wage"], 2_300_000)
        self.assertTrue(body["has_sk"])

    def test_bad_input_is_a_422_with_field_errors_and_writes_nothing(self) -> None:
        before = Engagement.objects.count()
        cases = {
            "nik": {"nik": "33750199"},
            "monthly_wage": {"monthly_wage": 1_000_000_001},
            "opd_id": {"opd_id": self.other_opd.pk},  # outside the operator's scope
            "start_date": {"start_date": "2026-13-01"},
        }
        for field, override in cases.items():
            with self.subTest(field=field):
                response = self.call(
                    "POST", "/api/v1/engagements", self.operator, self.hire(**override)
                )
                self.assertEqual(response.status_code, 422, response.content)
                body = response.json()
                self.assertEqual(body["error"], "Data tidak valid.")
                self.assertIn(field, body["fields"])
        self.assertEqual(Engagement.objects.count(), before)

    def test_a_start_more_than_a_year_ahead_is_a_field_error(self) -> None:
        ahead = one_year_after(today()) + timedelta(days=1)
        response = self.call(
            "POST", "/api/v1/engagements", self.operator, self.hire(start_date=ahead.isoformat())
        )
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(
            response.json()["fields"]["start_date"],
            ["Tanggal mulai paling lambat satu tahun dari hari ini; periksa tahunnya."],
        )
        self.assertFalse(Engagement.objects.filter(person__name="Dewi Sartika").exists())

    def test_a_birth_date_against_the_nik_needs_the_confirmation_flag(self) -> None:
        nik = make_valid_nik(birth=date(1995, 2, 1))
        body = self.hire(nik=nik, birth_date="1995-02-03")
        response = self.call("POST", "/api/v1/engagements", self.operator, body)
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn(
            "berbeda dengan tanggal lahir pada NIK", response.json()["fields"]["birth_date"][0]
        )
        self.assertFalse(Person.objects.filter(nik=nik).exists())
        response = self.call(
            "POST", "/api/v1/engagements", self.operator, {**body, "birth_date_confirmed": True}
        )
        self.assertEqual(response.status_code, 201, response.content)
        person = Person.objects.get(nik=nik)
        self.assertEqual(person.birth_date, date(1995, 2, 3))
        self.assertIn("dikonfirmasi", person.history.get().history_change_reason)

    def test_duplicate_nik_in_the_pemda_is_a_field_error(self) -> None:
        response = self.call(
            "POST", "/api/v1/engagements", self.admin, self.hire(nik=self.other_worker.person.nik)
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("nik", response.json()["fields"])

    def test_end_before_start_is_a_field_error(self) -> None:
        response = self.call(
            "POST",
            f"/api/v1/engagements/{self.worker.pk}/end",
            self.operator,
            {"end_date": "2020-01-01", "reason": "salah"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("end_date", response.json()["fields"])

    def test_null_start_and_wage_are_accepted_and_returned_as_null(self) -> None:
        response = self.call(
            "POST", "/api/v1/engagements", self.operator,
            self.hire(monthly_wage=None, start_date=None),
        )  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["start_date"], body["monthly_wage"]), (None, None))
        self.assertTrue(body["active"])
        eng = Engagement.objects.get(pk=body["id"])
        self.assertEqual((eng.start_date, eng.monthly_wage), (None, None))
        absent = self.hire()
        del absent["monthly_wage"], absent["start_date"]
        response = self.call("POST", "/api/v1/engagements", self.operator, absent)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIsNone(response.json()["start_date"])
        # The person's page in the API shows it too.
        person = self.call("GET", f"/api/v1/people/{eng.person_id}", self.admin).json()
        self.assertEqual([e["start_date"] for e in person["engagements"]], [None])

    def test_patch_clears_a_wage_with_null_and_leaves_what_it_omits(self) -> None:
        url = f"/api/v1/engagements/{self.worker.pk}"
        body = self.call("PATCH", url, self.operator, {"category": "honorer", "reason": "x"})
        self.assertEqual((body.json()["monthly_wage"], body.json()["start_date"]),
                         (2_000_000, "2024-01-02"))  # fmt: skip
        body = self.call("PATCH", url, self.operator, {"monthly_wage": None, "reason": "x"})
        self.assertEqual(body.status_code, 200, body.content)
        self.assertIsNone(body.json()["monthly_wage"])
        self.assertEqual(body.json()["start_date"], "2024-01-02")
        body = self.call("PATCH", url, self.operator, {"start_date": None, "reason": "x"})
        self.assertIsNone(body.json()["start_date"])
        self.worker.refresh_from_db()
        self.assertEqual((self.worker.start_date, self.worker.monthly_wage), (None, None))
        # Without a start, an early end is no longer "before the start".
        ended = self.call(
            "POST", f"{url}/end", self.operator, {"end_date": "2020-01-01", "reason": "lama"}
        )
        self.assertEqual(ended.status_code, 200, ended.content)

    def test_operator_lists_only_their_opd(self) -> None:
        body = self.call("GET", "/api/v1/engagements", self.operator).json()
        self.assertEqual({r["opd_code"] for r in body["results"]}, {"DLH"})
        self.assertEqual(body["count"], 1)
        other = self.call("GET", f"/api/v1/engagements?opd={self.other_opd.pk}", self.operator)
        self.assertEqual(other.status_code, 404)

    def test_superuser_token_sees_every_pemda_and_can_filter(self) -> None:
        all_opds = self.call("GET", "/api/v1/opds", self.root).json()
        self.assertEqual({o["pemda"] for o in all_opds}, {"3375", "3325"})
        batang = self.call("GET", "/api/v1/opds?pemda=3325", self.root).json()
        self.assertEqual([o["name"] for o in batang], ["DLH Batang"])

    def test_a_pemda_user_cannot_ask_for_another_pemda(self) -> None:
        response = self.call("GET", "/api/v1/opds?pemda=3325", self.admin)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"error": "Tidak ditemukan.", "fields": {}})

    def test_pimpinan_gets_masked_nik_and_no_wage(self) -> None:
        body = self.call("GET", f"/api/v1/people/{self.worker.person_id}", self.pimpinan).json()
        nik = self.worker.person.nik
        self.assertEqual(body["nik"], nik[:6] + "********" + nik[-2:])
        self.assertIsNone(body["engagements"][0]["monthly_wage"])
        self.assertIsNone(body["birth_date"])

    def test_a_revoked_token_stops_working(self) -> None:
        from lindung.accounts.models import Credential as ApiToken
        from lindung.accounts.services import token_create, token_revoke

        raw = token_create(user=self.admin, name="skrip")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        self.assertEqual(self.client.get("/api/v1/me", **auth).status_code, 200)
        token_revoke(user=self.admin, token_id=ApiToken.objects.get(name="skrip").pk)
        self.assertEqual(self.client.get("/api/v1/me", **auth).status_code, 401)

    def test_only_a_digest_of_the_token_is_stored(self) -> None:
        from lindung.accounts.models import Credential as ApiToken
        from lindung.accounts.services import token_create

        raw = token_create(user=self.admin)
        self.assertFalse(ApiToken.objects.filter(digest=raw).exists())
        self.assertTrue(ApiToken.objects.filter(digest=ApiToken.digest_of(raw)).exists())

    def test_openapi_docs_are_served(self) -> None:
        self.client.force_login(self.admin)
        schema = self.client.get("/api/v1/openapi.json").json()
        self.assertIn("/api/v1/engagements", schema["paths"])
        docs = self.client.get("/api/docs", follow=True)
        self.assertContains(docs, "swagger-ui-bundle.js")
        self.assertNotContains(docs, "cdn.")  # works offline

    def test_people_search_by_nik_typed_with_dots_or_by_name(self) -> None:
        nik = self.worker.person.nik
        by_nik = self.call(
            "GET", f"/api/v1/people?q={nik[:6]}.{nik[6:12]}.{nik[12:]}", self.admin
        ).json()
        self.assertEqual([p["id"] for p in by_nik["results"]], [self.worker.person_id])
        by_name = self.call("GET", "/api/v1/people?q=joko", self.admin).json()
        self.assertEqual([p["name"] for p in by_name["results"]], ["Joko Susilo"])
        hidden = self.call("GET", "/api/v1/people?q=joko", self.operator).json()
        self.assertEqual(hidden["count"], 0)  # Joko works in another OPD


class ErrorShapeTest(BaseTestCase):
    """Every refusal has the one shape, and schema errors read in Bahasa Indonesia."""

    def post(self, path: str, body: str) -> Any:
        return self.client.post(
            path, body, content_type="application/json", **self.bearer(self.admin)
        )

    def test_schema_errors_in_indonesian(self) -> None:
        response = self.post("/api/v1/quotes", '{"segment": "pu", "wage": "dua juta"}')
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["fields"]["wage"], ["Harus bilangan bulat."])
        response = self.post("/api/v1/benefits", "{}")
        self.assertEqual(response.json()["fields"]["benefit"], ["Wajib diisi."])

    def test_a_body_that_is_not_json_is_a_422_in_the_same_shape(self) -> None:
        response = self.post("/api/v1/quotes", '{"segment": ')
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json(), {"error": "Isi permintaan bukan JSON yang sah.", "fields": {}}
        )

    def test_an_opd_for_an_unknown_or_foreign_pemda_is_a_field_error(self) -> None:
        """Found by schemathesis: the body's Pemda code answered 404, undocumented there."""
        for code in ("9999", self.other_pemda.code):
            with self.subTest(code=code):
                body = {"pemda": code, "code": "BARU", "name": "Dinas Baru", "reason": "uji"}
                response = self.post("/api/v1/opds", json.dumps(body))
                self.assertEqual(response.status_code, 422, response.content)
                self.assertEqual(response.json()["fields"], {"pemda": ["Pemda tidak ditemukan."]})
