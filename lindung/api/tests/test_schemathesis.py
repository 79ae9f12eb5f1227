"""Schemathesis over the whole OpenAPI schema: no 5xx, every answer as the schema documents.

Every operation is fuzzed in-process through the WSGI app, inside the TestCase's transaction
(the fuzzer's writes roll back with it), with a fixed budget and derandomized examples so CI
sees the same cases every run. Three passes per operation for the Admin Pemda: valid input
with random ids, valid input with the ids of real rows (so the views get past their 404s),
and invalid input (wrong types, missing fields). The Pimpinan (masked) and the superuser (no
Pemda of their own) take the real-ids pass too: their answers go down other branches.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from lindung.accounts.models import User
from lindung.imports.models import ImportBatch
from lindung.projects.tests.factories import make_payment, make_project
from lindung.reconciliation import services as recon
from lindung.reconciliation.models import Candidate
from lindung.reconciliation.tests.scenario import AS_OF, Scenario
from lindung.tests.base import BaseTestCase
from lindung.web.middleware import CONTROL_CHARS

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = 10  # per operation and pass: ~1,000 requests in all


def _scrub(value: Any) -> Any:
    """The value without control characters, which the hygiene middleware answers with 400."""
    if isinstance(value, str):
        return CONTROL_CHARS.sub("", value)
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _past_the_door(case: Any) -> Any:
    """A valid case that reaches the view: the 400 for control characters is tested apart
    (lindung/tests/test_hygiene.py) and would otherwise take a third of the budget."""
    for name in ("path_parameters", "query", "body"):
        value = getattr(case, name, None)
        if isinstance(value, dict | list | str):
            setattr(case, name, _scrub(value))
    return case


@pytest.mark.slow
class SchemathesisTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        scenario = Scenario(cls.pemda, cls.opd, cls.other_opd, [cls.worker, cls.other_worker])
        run = recon.reconcile(pemda=cls.pemda, as_of=AS_OF, user=cls.bpjs)
        project = make_project(cls.opd, termins=(30, 70))
        make_payment(project, 1_000_000)
        candidate = Candidate.objects.filter(run=run).first()
        cls.ids = {
            "opd_id": cls.opd.pk,
            "engagement_id": cls.worker.pk,
            "person_id": cls.worker.person_id,
            "batch_id": scenario.batch.pk,
            "project_id": project.pk,
            "run_id": run.pk,
            "candidate_id": candidate.pk if candidate else 1,
            "nib": project.contractor_nib,
        }
        assert ImportBatch.objects.filter(pk=scenario.batch.pk).exists()

    def setUp(self) -> None:
        # The WSGI handler closes "old" connections when a request starts and finishes, which
        # would end the TestCase's transaction (on PostgreSQL a connection outside autocommit
        # counts as unusable); the test client disconnects the same two signals.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        app = get_wsgi_application()
        self.schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    def fuzz(self, user: User, mode: GenerationMode, *, real_ids: bool) -> list[str]:
        headers = {"Authorization": self.bearer(user)["HTTP_AUTHORIZATION"]}
        failures: list[str] = []
        for result in self.schema.get_all_operations():
            operation = result.ok()
            names = set(re.findall(r"{(\w+)}", operation.path))
            if real_ids and not names:
                continue
            fixed = {k: v for k, v in self.ids.items() if k in names} if real_ids else None

            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)
            if mode == GenerationMode.POSITIVE:
                strategy = strategy.map(_past_the_door)

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck),
            )  # fmt: skip
            def check(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                check()
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every failure listed
                failures.append(f"{user.username} {mode.value} {operation.label}: {exc}")
        return failures

    def test_schema_is_json_without_duplicate_keys_and_documents_errors(self) -> None:
        """Swagger UI refuses a schema with a key twice (e.g. 404 and "404")."""

        def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            keys = [k for k, _ in pairs]
            self.assertEqual(len(keys), len(set(keys)), keys)
            return dict(pairs)

        response = self.client.get("/api/v1/openapi.json")
        schema = json.loads(response.content, object_pairs_hook=unique)
        me = schema["paths"]["/api/v1/me"]["get"]["responses"]
        self.assertEqual(sorted(me), ["200", "400", "401", "403"])
        coverage = schema["paths"]["/api/v1/coverage"]["get"]["responses"]
        self.assertEqual(sorted(coverage), ["200", "400", "401", "403", "404", "422"])
        error = schema["components"]["schemas"]["ErrorOut"]
        self.assertEqual(error["required"], ["error"])

    def test_admin_pemda_gets_no_5xx_and_only_documented_answers(self) -> None:
        failures = self.fuzz(self.admin, GenerationMode.POSITIVE, real_ids=False)
        failures += self.fuzz(self.admin, GenerationMode.POSITIVE, real_ids=True)
        failures += self.fuzz(self.admin, GenerationMode.NEGATIVE, real_ids=False)
        self.assertEqual(failures, [], "\n\n".join(failures))

    def test_pimpinan_and_superuser_on_real_rows(self) -> None:
        failures = self.fuzz(self.pimpinan, GenerationMode.POSITIVE, real_ids=True)
        failures += self.fuzz(self.root, GenerationMode.POSITIVE, real_ids=True)
        self.assertEqual(failures, [], "\n\n".join(failures))
