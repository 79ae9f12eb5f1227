"""Property: over generated cities, every dashboard figure equals the count of its list.

Each example builds engagements and a membership snapshot, runs the real reconciliation
(DuckDB), then compares the run's stored figures and the dashboard's aggregates with the
lists (the same `select` the pages, the XLSX and the API use).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from lindung.accounts.models import Role
from lindung.accounts.services import user_upsert
from lindung.dashboards import queries
from lindung.dashboards.tests import world
from lindung.reconciliation.access import results_for_user
from lindung.reconciliation.models import Result
from lindung.reconciliation.queries import figures
from lindung.reconciliation.rules import Category
from lindung.registry.access import worker_scope
from lindung.tests.factories import make_opd, make_pemda

workers = st.builds(
    world.Worker,
    opd=st.integers(0, 3),
    kind=st.sampled_from(world.KINDS),
    has_sk=st.booleans(),
    state=st.sampled_from(world.STATES),
    wage=st.sampled_from([1_800_000, 2_500_000, 6_000_000]),
)


class FiguresEqualListsTest(TestCase):
    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        people=st.lists(workers, min_size=1, max_size=25),
        strangers=st.integers(1, 3),  # a snapshot is never empty
        operator_opds=st.sets(st.integers(0, 3), min_size=1, max_size=2),
    )
    def test_every_figure_equals_its_list(self, people, strangers, operator_opds) -> None:  # type: ignore[no-untyped-def]
        cache.clear()
        as_of = date(2026, 10, 31)
        pemda = make_pemda("3375", "Kota Pekalongan")
        opds = [make_opd(pemda, f"OPD{i}", name=f"Dinas Uji {i}") for i in range(4)]
        world.build(pemda, opds, people, as_of=as_of, strangers=strangers)
        run = world.run(pemda, as_of)
        admin = user_upsert(
            username="a", password="x-rahasia-1", pemda=pemda, role=Role.ADMIN_PEMDA
        )
        operator = user_upsert(
            username="o", password="x-rahasia-1", pemda=pemda, role=Role.OPERATOR_OPD,
            opds=[opds[i] for i in operator_opds],
        )  # fmt: skip
        for user in (admin, operator):
            scope = worker_scope(user)
            base = results_for_user(user, run)
            f = figures(run, scope)

            def count(sel: queries.Selection, base: Any = base) -> int:
                return queries.records(base, sel).count()

            for c in Category:
                self.assertEqual(count(queries.Selection(c.value)), f.counts[c.value], c)
            self.assertEqual(count(queries.Selection(queries.WORKERS)), f.workers)
            self.assertEqual(count(queries.Selection(queries.GAP)), f.gap)
            self.assertEqual(count(queries.Selection(queries.REGISTERED)), f.registered)
            for entry in f.by_opd:
                opd_id = entry["opd_id"]
                self.assertEqual(
                    count(queries.Selection(queries.WORKERS, opd_id)), entry["workers"]
                )
                for c in Category:
                    self.assertEqual(count(queries.Selection(c.value, opd_id)), entry[c.value])
            for row in queries.by_kind(base, run, scope):
                for status, n in (
                    (queries.WORKERS, row.workers),
                    (Category.COVERED.value, row.covered),
                    (queries.GAP, row.gap),
                ):
                    self.assertEqual(
                        count(row.selection(status)), n, (row.kind, row.has_sk, status)
                    )
        # And the run itself: one result per active engagement, per category as generated.
        expected_not_registered = sum(p.state == "not_registered" for p in people)
        self.assertEqual(run.counts["not_registered"], expected_not_registered)
        self.assertEqual(run.workers, len(people))
        self.assertEqual(
            Result.objects.filter(run=run, category="unknown_to_city").count(), strangers
        )
