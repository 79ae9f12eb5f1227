"""Targets: who sets them, bad input refused with a field error, progress against the run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.cache import cache

from lindung.dashboards import services
from lindung.dashboards.models import Target
from lindung.dashboards.tests import world
from lindung.dashboards.tests.world import Worker
from lindung.lib.dates import today
from lindung.tests.base import BaseTestCase


def _next_month() -> str:
    d = today()
    return f"{d.year + (d.month == 12)}-{d.month % 12 + 1:02d}"


class TargetTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def post(self, user, **data):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        payload = {"segment": "non_asn", "metric": "percent", "value": "100", "due": _next_month()}
        return self.client.post("/dasbor/target/", {**payload, **data})

    def test_admin_sets_a_coverage_target_due_at_the_end_of_its_month(self) -> None:
        response = self.post(self.admin, label="UCJ non-ASN")
        self.assertRedirects(response, "/dasbor/target/")
        target = Target.objects.get()
        self.assertEqual(target.pemda, self.pemda)
        self.assertEqual(target.value, Decimal("100"))
        self.assertEqual(target.due.day in (28, 29, 30, 31), True)
        self.assertEqual(target.history.get().history_user, self.admin)

    def test_petugas_bpjs_sets_a_bpu_participant_target(self) -> None:
        self.post(self.bpjs, segment="bpu", metric="count", value="24000")
        self.assertEqual(Target.objects.get().segment, "bpu")

    def test_a_target_in_the_past_is_a_field_error(self) -> None:
        response = self.post(self.admin, due="2020-12")
        self.assertEqual(response.status_code, 200)
        self.assertFormError(
            response.context["form"],
            "due",
            "Bulan target sudah lewat; pilih bulan ini atau sesudahnya.",
        )
        self.assertFalse(Target.objects.exists())

    def test_a_coverage_above_100_percent_is_a_field_error(self) -> None:
        response = self.post(self.admin, value="120")
        self.assertFormError(
            response.context["form"], "value", "Target cakupan tidak boleh lebih dari 100%."
        )

    def test_a_bpu_target_in_percent_and_a_fractional_count_are_refused(self) -> None:
        response = self.post(self.admin, segment="bpu", metric="percent", value="50")
        self.assertFormError(
            response.context["form"],
            "metric",
            "Target BPU dinyatakan dalam jumlah peserta, bukan persen.",
        )
        response = self.post(self.admin, segment="bpu", metric="count", value="10.5")
        self.assertFormError(
            response.context["form"], "value", "Jumlah peserta harus bilangan bulat."
        )
        response = self.post(self.admin, due="Desember")
        self.assertFormError(
            response.context["form"], "due", "Tulis bulan sebagai TTTT-BB, misalnya 2026-12."
        )

    def test_service_refuses_what_the_form_refuses(self) -> None:
        with self.assertRaises(services.TargetError) as caught:
            services.target_create(
                pemda=self.pemda, segment="non_asn", metric="percent", value=Decimal("0"),
                due=today(), user=None,
            )  # fmt: skip
        self.assertEqual(caught.exception.field, "value")

    def test_pimpinan_and_operator_cannot_set_targets(self) -> None:
        self.assertEqual(self.post(self.pimpinan).status_code, 403)
        self.assertEqual(self.post(self.operator).status_code, 403)
        self.assertFalse(Target.objects.exists())
        self.client.force_login(self.pimpinan)
        page = self.client.get("/dasbor/target/")
        self.assertNotContains(page, "Simpan target")

    def test_delete_is_for_setters_of_the_same_pemda(self) -> None:
        target = services.target_create(
            pemda=self.pemda, segment="non_asn", metric="percent", value=Decimal("90"),
            due=today(), user=self.admin,
        )  # fmt: skip
        url = f"/dasbor/target/{target.pk}/hapus/"
        for user, status in ((self.pimpinan, 403), (self.outsider, 404), (self.operator, 403)):
            self.client.force_login(user)
            self.assertEqual(self.client.post(url).status_code, status)
        self.client.force_login(self.bpjs)
        self.assertRedirects(self.client.post(url), "/dasbor/target/")
        self.assertFalse(Target.objects.exists())
        self.assertEqual(Target.history.filter(history_type="-").count(), 1)

    def test_progress_and_pace_are_measured_against_the_latest_run(self) -> None:
        as_of = today()
        world.build(
            self.pemda, [self.opd], [Worker(0, "honorer", True, "covered")] * 2, as_of=as_of
        )
        world.run(self.pemda, as_of)  # 2 of 4 workers covered: 50%
        due = date(as_of.year + 1, as_of.month, 1)  # twelve months from now
        services.target_create(
            pemda=self.pemda, segment="non_asn", metric="percent", value=Decimal("100"),
            due=due, user=self.admin,
        )  # fmt: skip
        self.client.force_login(self.pimpinan)
        row = self.client.get("/dasbor/").context["targets"][0]
        self.assertEqual(row.current, 50.0)
        self.assertEqual(row.progress.months_left, 12)
        self.assertAlmostEqual(row.progress.pace_needed, 50 / 12)
        page = self.client.get("/dasbor/target/")
        self.assertContains(page, "4,2%")  # 4,17 points a month
        self.assertContains(page, '<td class="num">100,0%</td>', html=False)  # one format
        self.assertContains(page, "50,0% (50,0%)")

    def test_a_target_on_bpjs_tercover_is_measured_by_that_figure(self) -> None:
        # Two workers covered, one registered with an under-reported wage, plus the two
        # factory workers without membership: tercover 3 of 5 = 60%, terlindungi 2 of 5 = 40%.
        as_of = today()
        people = [Worker(0, "honorer", True, "covered")] * 2 + [
            Worker(0, "kontrak", False, "wage_underreported")
        ]
        world.build(self.pemda, [self.opd], people, as_of=as_of)
        world.run(self.pemda, as_of)
        due = date(as_of.year + 1, as_of.month, 1)
        for metric in ("bpjs_pct", "percent"):
            services.target_create(
                pemda=self.pemda, segment="non_asn", metric=metric, value=Decimal("90"),
                due=due, user=self.admin,
            )  # fmt: skip
        self.client.force_login(self.pimpinan)
        rows = {r.target.metric: r for r in self.client.get("/dasbor/").context["targets"]}
        self.assertEqual((rows["bpjs_pct"].current, rows["bpjs_pct"].unit), (60.0, "%"))
        self.assertEqual(rows["percent"].current, 40.0)
        with self.assertRaises(services.TargetError):
            services.target_create(
                pemda=self.pemda, segment="non_asn", metric="bpjs_pct", value=Decimal("101"),
                due=due, user=self.admin,
            )  # fmt: skip
