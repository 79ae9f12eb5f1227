"""Control characters are refused at the door; responses are never stored by caches."""

from __future__ import annotations

import json

from lindung.tests import test_url_walk  # the module: an imported class would walk again


class HygieneTest(test_url_walk.UrlWalkTest):
    """Reuses the walk's data and routes; its own tests only."""

    test_every_page_has_an_access_decision_for_every_persona = None  # type: ignore[assignment]
    test_anonymous_visitors_are_sent_to_login = None  # type: ignore[assignment]
    test_every_api_endpoint_has_an_access_decision_for_every_persona = None  # type: ignore[assignment]
    test_api_refuses_requests_without_a_valid_token = None  # type: ignore[assignment]
    test_the_walk_covers_every_route = None  # type: ignore[assignment]
    test_only_a_superuser_may_switch_pemda = None  # type: ignore[assignment]
    test_every_post_only_route_has_an_access_decision_for_every_persona = None  # type: ignore[assignment]
    test_a_whole_nik_lookup_finds_only_within_scope = None  # type: ignore[assignment]

    def test_a_nul_in_any_query_parameter_of_any_page_is_a_400(self) -> None:
        self.client.force_login(self.admin)
        for _name, url, _expected in self.pages():
            for param in ("q=3375%00", "opd=1%00", "x%00=1", "nama=%1b[0m"):
                with self.subTest(url=url, param=param):
                    sep = "&" if "?" in url else "?"
                    response = self.client.get(f"{url}{sep}{param}")
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("karakter kontrol", response.content.decode())

    def test_a_nul_in_a_form_field_is_a_400_and_nothing_is_saved(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(
            "/registri/opd/tambah/", {"code": "NUL", "name": "Dinas\x00Nol", "reason": "x"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.pemda.opds.filter(code="NUL").exists())

    def test_form_text_with_newlines_and_tabs_still_passes(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.get("/registri/opd/?q=Dinas%09Lingkungan%0D%0A")
        self.assertEqual(response.status_code, 200)

    def test_a_control_character_in_an_api_json_body_or_query_is_a_400(self) -> None:
        auth = self.bearer(self.admin)
        body = {"pemda": None, "code": "NUL", "name": "Dinas\u0000Nol"}
        response = self.client.post(
            "/api/v1/opds", json.dumps(body), content_type="application/json", **auth
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("karakter kontrol", response.json()["error"])
        nested = {"valid_only": False, "end_ids": [], "x": {"k\u0007": 1}}
        response = self.client.post(
            f"/api/v1/imports/{self.batch.pk}/commit",
            json.dumps(nested),
            content_type="application/json",
            **auth,
        )
        self.assertEqual(response.status_code, 400)
        response = self.client.get("/api/v1/people?q=33%00", **auth)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()), {"error", "fields"})

    def test_pages_downloads_and_api_answers_are_not_stored(self) -> None:
        self.client.force_login(self.admin)
        urls = ["/registri/opd/", f"/registri/opd/{self.opd.pk}/unduh.xlsx", "/api/v1/me"]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("no-store", response["Cache-Control"])
                self.assertIn("private", response["Cache-Control"])
