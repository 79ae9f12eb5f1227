"""Chart scales run on round numbers and labels never sit on top of each other."""

from __future__ import annotations

import re
import unittest

from lindung.lib.charts import _short, bar_chart_svg, line_chart_svg, nice_step, nice_ticks

Y_LABEL = re.compile(r'text-anchor="end" font-size="11">([^<]+)</text>')


class NiceTicksTest(unittest.TestCase):
    def test_steps_are_one_two_or_five_times_a_power_of_ten(self) -> None:
        self.assertEqual(
            [nice_step(p) for p in (382, 100, 8, 1_234_567, 0.9)],
            [100, 20, 2, 500_000, 0.2],
        )

    def test_ticks_run_from_zero_to_just_above_the_peak(self) -> None:
        self.assertEqual(nice_ticks(382), [0, 100, 200, 300, 400])
        self.assertEqual(nice_ticks(100), [0, 20, 40, 60, 80, 100])
        self.assertEqual(nice_ticks(3), [0, 1, 2, 3])  # counts: never half a worker
        self.assertEqual(nice_ticks(21_327_090), [0, 5e6, 10e6, 15e6, 20e6, 25e6])

    def test_short_labels(self) -> None:
        self.assertEqual(
            [_short(v) for v in (0, 400, 2_500, 15_000_000, 2_000_000_000)],
            ["0", "400", "2,5 rb", "15 jt", "2 M"],
        )


class ChartLabelTest(unittest.TestCase):
    def test_bar_chart_axis_has_round_values(self) -> None:
        svg = bar_chart_svg(
            title="t", categories=["A", "B"], series=[("x", [95, 382]), ("y", [10, 20])]
        )
        self.assertEqual(Y_LABEL.findall(svg), ["0", "100", "200", "300", "400"])

    def test_long_category_labels_slant_and_the_chart_grows(self) -> None:
        codes = [f"DINKOMINFO{i}" for i in range(15)]
        svg = bar_chart_svg(title="t", categories=codes, series=[("x", list(range(15)))])
        self.assertIn("rotate(-40", svg)
        height = int(re.search(r'viewBox="0 0 760 (\d+)"', svg).group(1))  # type: ignore[union-attr]
        self.assertGreater(height, 300)
        short = bar_chart_svg(title="t", categories=["A", "B"], series=[("x", [1, 2])])
        self.assertNotIn("rotate(", short)

    def test_legend_entries_do_not_overlap(self) -> None:
        names = ["Skenario dengan nama yang sangat panjang sekali", "Kedua", "Ketiga"]
        svg = bar_chart_svg(title="t", categories=["Jan"], series=[(n, [1]) for n in names])
        xs = [float(x) for x in re.findall(r'<rect x="([\d.]+)" y="\d+" width="12"', svg)]
        self.assertEqual(len(xs), 3)
        self.assertGreater(xs[1] - xs[0], len(names[0]) * 12 * 0.55)

    def test_percent_line_chart_ticks(self) -> None:
        svg = line_chart_svg(title="t", labels=["a", "b"], series=[("s", [40.0, 46.8])],
                             y_max=100, unit="%")  # fmt: skip
        self.assertEqual(Y_LABEL.findall(svg), ["0%", "20%", "40%", "60%", "80%", "100%"])
