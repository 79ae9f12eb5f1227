"""One bad date must not break a page; implausible years are refused everywhere (issue 15)."""

from __future__ import annotations

import importlib
import json
from datetime import date

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from lindung.lib.dates import validate_plausible_date
from lindung.lib.forms import PlausibleDateField
from lindung.projects import services as project_services
from lindung.projects.tests.factories import make_project
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_valid_nik

FORM_MODULES = [
    "lindung.registry.forms", "lindung.projects.forms", "lindung.cohorts.forms",
    "lindung.compliance.forms", "lindung.reconciliation.forms", "lindung.imports.forms",
    "lindung.dashboards.forms", "lindung.rulebook.forms", "lindung.accounts.forms",
]  # fmt: skip
# Dates no person types: BPJS export cells (checked by the importer), rule validity (admin),
# the holiday file, and a finding's stage date (set by the service from today).
NOT_TYPED = {
    ("bpjs", "membership"), ("rulebook", "rulevalue"), ("rulebook", "holiday"),
    ("compliance", "finding"),
}  # fmt: skip


class PlausibleDatesEverywhereTest(BaseTestCase):
    def test_every_form_date_field_refuses_implausible_years(self) -> None:
        seen = 0
        for name in FORM_MODULES:
            module = importlib.import_module(name)
            for value in vars(module).values():
                if not (isinstance(value, type) and issubclass(value, forms.BaseForm)):
                    continue
                for field_name, field in value.base_fields.items():
                    if isinstance(field, forms.DateField):
                        seen += 1
                        with self.subTest(form=value.__name__, field=field_name):
                            self.assertIsInstance(field, PlausibleDateField)
                            for year in (1, 1800, 9999):
                                with self.assertRaises(ValidationError):
                                    field.clean(f"{year:04d}-01-01")
        self.assertGreaterEqual(seen, 15)

    def test_every_typed_model_date_has_the_validator(self) -> None:
        for model in apps.get_models():
            label = (model._meta.app_label, model._meta.model_name)
            if not model.__module__.startswith("lindung.") or label in NOT_TYPED:
                continue
            if model._meta.model_name.startswith("historical"):
                continue
            for field in model._meta.fields:
                if isinstance(field, models.DateField) and not isinstance(
                    field, models.DateTimeField
                ):
                    with self.subTest(model=label, field=field.name):
                        self.assertIn(validate_plausible_date, field.validators)

    def test_services_and_the_api_refuse_years_like_0001_1800_9999(self) -> None:
        for year in (1, 1800, 9999):
            with self.subTest(year=year), self.assertRaises(ValidationError) as caught:
                project_services.project_create(
                    actor=self.admin, opd=self.opd, name="Jalan", contractor_name="CV A",
                    contract_value=900_000_000, spk_date=date(year, 1, 2),
                    start_date=date(2026, 1, 5), end_date=date(2026, 6, 30),
                )  # fmt: skip
            self.assertIn("spk_date", caught.exception.error_dict)
        auth = self.bearer(self.admin)
        project = {
            "opd_id": self.opd.pk, "name": "Pasar", "contractor_name": "PT B",
            "contract_value": 1_200_000_000, "spk_date": "1800-02-02",
            "start_date": "2026-02-09", "end_date": "9999-11-30",
        }  # fmt: skip
        response = self.client.post(
            "/api/v1/projects", json.dumps(project), content_type="application/json", **auth
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(set(response.json()["fields"]), {"spk_date", "end_date"})
        hire = {
            "opd_id": self.opd.pk, "nik": make_valid_nik(), "name": "Pekerja",
            "category": "kontrak", "monthly_wage": 2_100_000, "start_date": "0001-01-05",
        }  # fmt: skip
        response = self.client.post(
            "/api/v1/engagements", json.dumps(hire), content_type="application/json", **auth
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("start_date", response.json()["fields"])

    def test_a_project_the_rules_cannot_price_shows_its_reason(self) -> None:
        old = make_project(self.opd, termins=(50, 50), name="Gorong-gorong 2014",
                           spk_date=date(2014, 3, 3), start_date=date(2014, 3, 10),
                           end_date=date(2014, 9, 30))  # fmt: skip
        make_project(self.opd, name="Drainase 2025")
        self.client.force_login(self.admin)
        for url in ("/proyek/", "/proyek/terlambat/", f"/proyek/{old.pk}/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Gorong-gorong 2014")
                self.assertContains(response, "Tidak dapat dihitung")
        response = self.client.get("/proyek/")
        self.assertContains(response, "Drainase 2025")  # the other rows still priced
        response = self.client.get(f"/proyek/{old.pk}/cek-termin/?termin=1")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tidak dapat dihitung")
        auth = self.bearer(self.admin)
        rows = self.client.get("/api/v1/projects", **auth).json()
        by_name = {r["name"]: r for r in rows}
        self.assertEqual(by_name["Gorong-gorong 2014"]["status"], "unpriced")
        self.assertIn("Tidak dapat dihitung", by_name["Gorong-gorong 2014"]["problem"])
        self.assertIsNone(by_name["Gorong-gorong 2014"]["registration_deadline"])
        self.assertEqual(by_name["Drainase 2025"]["problem"], "")
        response = self.client.get(f"/api/v1/projects/{old.pk}/termin-check?termin=1", **auth)
        self.assertEqual(response.status_code, 422)
