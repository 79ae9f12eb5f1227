"""Pure rules of targets and trends, and the line chart: no database."""

import unittest
from datetime import date

from lindung.dashboards import rules
from lindung.lib.charts import line_chart_svg


class ProgressTest(unittest.TestCase):
    def test_pace_needed_spreads_the_rest_over_the_months_left(self) -> None:
        # 62.5% in November 2026, target 100% by December 2027: 13 months for 37.5 points.
        p = rules.progress(
            target=100, current=62.5, as_of=date(2026, 11, 23), due=date(2027, 12, 31)
        )
        self.assertEqual(p.months_left, 13)
        self.assertAlmostEqual(p.pace_needed, 37.5 / 13)
        self.assertEqual(p.share_done, 62.5)
        self.assertFalse(p.reached)
        self.assertIsNone(p.on_track)  # no trend yet

    def test_in_the_due_month_everything_left_is_needed_at_once(self) -> None:
        p = rules.progress(
            target=24_000, current=18_000, as_of=date(2026, 12, 5), due=date(2026, 12, 31)
        )
        self.assertEqual((p.months_left, p.pace_needed), (0, 6_000))

    def test_a_reached_target_needs_no_pace(self) -> None:
        p = rules.progress(target=80, current=85, as_of=date(2026, 11, 1), due=date(2026, 12, 31))
        self.assertTrue(p.reached)
        self.assertEqual((p.remaining, p.pace_needed, p.share_done), (0, 0, 100.0))
        self.assertTrue(p.on_track)

    def test_a_target_missed_after_its_month_is_overdue(self) -> None:
        p = rules.progress(target=100, current=70, as_of=date(2027, 2, 1), due=date(2026, 12, 31))
        self.assertTrue(p.overdue)
        self.assertFalse(p.on_track)

    def test_actual_pace_from_the_trend_decides_on_track(self) -> None:
        trend = [(date(2026, 8, 31), 40.0), (date(2026, 11, 23), 61.0)]  # 7 points a month
        fast = rules.progress(
            target=100, current=61, as_of=date(2026, 11, 23), due=date(2027, 6, 30), trend=trend
        )
        self.assertEqual(fast.pace_actual, 7.0)
        self.assertAlmostEqual(fast.pace_needed, 39 / 7)
        self.assertTrue(fast.on_track)
        slow = rules.progress(
            target=100, current=61, as_of=date(2026, 11, 23), due=date(2026, 12, 31), trend=trend
        )
        self.assertFalse(slow.on_track)

    def test_pace_needs_two_points_in_different_months(self) -> None:
        self.assertIsNone(rules.pace([(date(2026, 1, 31), 1.0)]))
        self.assertIsNone(rules.pace([(date(2026, 1, 1), 1.0), (date(2026, 1, 31), 5.0)]))


class MonthTest(unittest.TestCase):
    def test_latest_per_month_keeps_the_last_run_of_each_month(self) -> None:
        points = [
            (date(2026, 10, 31), 5, 1.0),
            (date(2026, 9, 30), 3, 0.5),
            (date(2026, 10, 31), 7, 2.0),  # same day, later run wins
            (date(2026, 10, 15), 9, 3.0),
        ]
        self.assertEqual(
            rules.latest_per_month(points),
            [(date(2026, 9, 30), 3, 0.5), (date(2026, 10, 31), 7, 2.0)],
        )


class LineChartTest(unittest.TestCase):
    def test_one_polyline_per_series_with_a_point_per_value(self) -> None:
        svg = line_chart_svg(
            title="Tren <cakupan>", labels=["09/2026", "10/2026", "11/2026"],
            series=[("Cakupan (%)", [50.0, 55.5, 61.0])], y_max=100, unit="%",
        )  # fmt: skip
        self.assertTrue(svg.startswith("<svg"))
        self.assertEqual(svg.count("<polyline"), 1)
        self.assertEqual(svg.count("<circle"), 3)
        self.assertIn("Tren &lt;cakupan&gt;", svg)
        self.assertIn("11/2026: 61,0%", svg)
        self.assertIn(">100%<", svg)  # the fixed top of the scale

    def test_a_missing_value_breaks_the_line(self) -> None:
        svg = line_chart_svg(title="t", labels=list("abcde"), series=[("s", [1, 2, None, 4, 5])])
        self.assertEqual(svg.count("<polyline"), 2)
        self.assertEqual(svg.count("<circle"), 4)

    def test_a_single_point_draws_no_line(self) -> None:
        svg = line_chart_svg(title="t", labels=["a"], series=[("s", [3])])
        self.assertEqual((svg.count("<polyline"), svg.count("<circle")), (0, 1))
