"""The demo city's businesses: every finding, every stage, some links to review, repeatable."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.test import TestCase

from lindung.bpjs.models import Employer, Link
from lindung.compliance import rules
from lindung.compliance.models import Business, Finding
from lindung.compliance.queries import compliance_panel
from lindung.demo.compliance import build_compliance_demo
from lindung.tests.factories import make_pemda

DAY = date(2026, 11, 20)


class DemoTest(TestCase):
    def test_the_demo_shows_every_finding_and_stage(self) -> None:
        pemda = make_pemda("3375", "Kota Pekalongan")
        result = build_compliance_demo(pemda=pemda, businesses=300, seed=1, on=DAY)
        self.assertEqual(result.businesses, 300)
        kinds = Counter(Finding.objects.filter(pemda=pemda).values_list("kind", flat=True))
        self.assertEqual(set(kinds), set(rules.KINDS))
        stages = set(Finding.objects.filter(pemda=pemda).values_list("stage", flat=True))
        self.assertEqual(stages, set(rules.STAGES))
        self.assertTrue(Employer.objects.filter(pemda=pemda, link=Link.PROPOSED).exists())
        self.assertTrue(Employer.objects.filter(pemda=pemda, reason="name_kecamatan").exists())
        overdue = Finding.objects.filter(
            pemda=pemda, stage__in=rules.ACTIVE_STAGES, deadline__lt=DAY
        )
        self.assertTrue(overdue.exists())
        batik = Business.objects.filter(pemda=pemda, kbli="13134").count()
        self.assertGreater(batik, 100)  # batik is the main sector
        panel = compliance_panel(pemda)
        self.assertEqual(panel["businesses"], 300)
        self.assertGreater(panel["workers_unprotected"], 0)
        self.assertEqual(panel["by_sector"][0]["division"], "13")

    def test_the_demo_is_deterministic(self) -> None:
        first = make_pemda("3375", "Kota Pekalongan")
        second = make_pemda("3326", "Kabupaten Pekalongan")
        build_compliance_demo(pemda=first, businesses=80, seed=3, on=DAY)
        build_compliance_demo(pemda=second, businesses=80, seed=3, on=DAY)

        def shape(pemda):  # type: ignore[no-untyped-def]
            return sorted(
                Finding.objects.filter(pemda=pemda).values_list(
                    "business__name", "kind", "stage", "iuran"
                )
            )

        self.assertEqual(shape(first), shape(second))
