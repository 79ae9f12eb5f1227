"""Retention (UU 27/2022): people without an engagement for N months lose what identifies them."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from unittest import mock

from django.core.management import CommandError, call_command
from django.utils import timezone

from lindung.reconciliation.models import MatchDecision, Result, Run
from lindung.registry import retention
from lindung.registry.models import Person
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_engagement, make_person

TODAY = date(2026, 12, 2)


class RetentionTest(BaseTestCase):
    def setUp(self) -> None:
        self.gone = make_person(self.pemda, name="Bambang Gunawan", phone="081234567890")
        self.gone_eng = make_engagement(self.opd, self.gone, end_date=date(2024, 5, 31))
        self.recent = make_person(self.pemda, name="Ani Wijaya")
        make_engagement(self.other_opd, self.recent, end_date=date(2026, 3, 31))
        # No engagement at all: due only once recorded before the cutoff.
        self.never = make_person(self.pemda, name="Dewi Lestari")
        self.fresh = make_person(self.pemda, name="Eko Prasetyo")
        self.never.history.update(history_date=timezone.now() - timedelta(days=800))

    def run_command(self, *args: str) -> str:
        out = StringIO()
        with mock.patch("lindung.registry.management.commands.retention.today", lambda: TODAY):
            call_command("retention", *args, stdout=out)
        return out.getvalue()

    def test_only_people_without_an_engagement_since_the_cutoff_are_due(self) -> None:
        due = retention.due(older_than_months=24, today=TODAY)
        self.assertEqual(list(due), [self.gone, self.never])
        # Active workers of the base case, someone who left in March, a new record: kept.
        self.assertEqual(list(retention.due(older_than_months=12, today=TODAY)), [
            self.gone, self.never,
        ])  # fmt: skip
        self.assertIn(self.recent, retention.due(older_than_months=6, today=TODAY))
        self.assertEqual(retention.due(older_than_months=24, today=TODAY, pemda_id=0).count(), 0)
        with self.assertRaises(ValueError):
            retention.due(older_than_months=0, today=TODAY)

    def test_months_before_keeps_the_day_or_the_month_end(self) -> None:
        self.assertEqual(retention.months_before(date(2026, 12, 2), 24), date(2024, 12, 2))
        self.assertEqual(retention.months_before(date(2026, 3, 31), 1), date(2026, 2, 28))
        self.assertEqual(retention.months_before(date(2026, 1, 15), 1), date(2025, 12, 15))

    def test_dry_run_changes_nothing(self) -> None:
        out = self.run_command("--older-than-months", "24", "--dry-run")
        self.assertIn("2 orang", out)
        self.gone.refresh_from_db()
        self.assertEqual(self.gone.name, "Bambang Gunawan")

    def test_anonymises_audits_and_scrubs_history_runs_and_decisions(self) -> None:
        old_nik = self.gone.nik
        run = Run.objects.create(pemda=self.pemda, as_of=date(2024, 5, 1))
        Result.objects.create(
            run=run, category="not_registered", opd=self.opd, engagement=self.gone_eng, nik=old_nik
        )
        MatchDecision.objects.create(
            pemda=self.pemda,
            city_nik=old_nik,
            member_nik="3375010101900002",
            accepted=True,
            decided_at=timezone.now(),
        )
        out = self.run_command("--older-than-months", "24", "--pemda", "3375")
        self.assertIn("2 orang dianonimkan; 2 baris", out)

        self.gone.refresh_from_db()
        self.assertEqual(self.gone.nik, retention.placeholder_nik(self.gone.pk))
        self.assertEqual(
            (self.gone.name, self.gone.birth_date, self.gone.sex, self.gone.phone),
            ("Anonim", None, "", ""),
        )
        latest = self.gone.history.latest()
        self.assertIn("UU 27/2022", latest.history_change_reason)
        self.assertIn("24 bulan", latest.history_change_reason)
        # No history entry keeps the old values; the engagement and its history stay.
        self.assertFalse(Person.history.filter(nik=old_nik).exists())
        self.assertFalse(Person.history.filter(name="Bambang Gunawan").exists())
        self.assertEqual(self.gone.engagements.get(), self.gone_eng)
        self.assertEqual(Result.objects.get().nik, self.gone.nik)
        self.assertEqual(MatchDecision.objects.get().city_nik, self.gone.nik)

        # Untouched: the recent leaver, the fresh record, the active workers.
        self.recent.refresh_from_db()
        self.assertEqual(self.recent.name, "Ani Wijaya")
        self.assertEqual(Person.objects.get(pk=self.fresh.pk).name, "Eko Prasetyo")
        self.assertEqual(Person.objects.get(pk=self.worker.person_id).name, "Siti Aminah")

        # A second run finds nothing left to do.
        self.assertIn("0 orang dianonimkan", self.run_command("--older-than-months", "24"))

    def test_bad_arguments_are_refused(self) -> None:
        with self.assertRaisesMessage(CommandError, "minimal 1"):
            self.run_command("--older-than-months", "0")
        with self.assertRaisesMessage(CommandError, "9999"):
            self.run_command("--older-than-months", "12", "--pemda", "9999")
