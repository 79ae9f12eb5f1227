"""City-wide coverage from published figures: the arithmetic, without the database."""

from __future__ import annotations

from datetime import date
from unittest import TestCase

from hypothesis import given
from hypothesis import strategies as st

from lindung.workforce.rules import Published, coverage, latest

SEGMENTS = ("pu", "bpu", "jakon")


def fig(segment: str, people: int, day: date, source: str = "BPS") -> Published:
    return Published(segment, people, day, source)


class CoverageTest(TestCase):
    def test_the_newest_figure_of_each_segment_counts(self) -> None:
        old, new = fig("pu", 40_000, date(2024, 8, 1)), fig("pu", 45_210, date(2025, 8, 1))
        self.assertEqual(latest([new, old]), {"pu": new})

    def test_coverage_per_segment_and_for_the_city(self) -> None:
        # PU: 27.126 of 45.210 = 60,0%; BPU: 3.120 of 52.000 = 6,0%; Jakon has no workforce
        # figure, so it is left out of the city total: 30.246 of 97.210 = 31,1%.
        workforce = [fig("pu", 45_210, date(2025, 8, 1)), fig("bpu", 52_000, date(2025, 8, 1))]
        bpjs = [
            fig("pu", 27_126, date(2026, 6, 30), "Cabang"),
            fig("bpu", 3_120, date(2026, 6, 30), "Cabang"),
            fig("jakon", 900, date(2026, 6, 30), "Cabang"),
        ]
        rows, total = coverage(SEGMENTS, workforce, bpjs)
        pct = {r.segment: r.pct for r in rows}
        self.assertEqual(pct, {"pu": 60.0, "bpu": 6.0, "jakon": None})
        self.assertEqual((total.participants.people, total.workforce.people), (30_246, 97_210))  # type: ignore[union-attr]
        self.assertEqual(total.pct, 31.1)
        self.assertEqual(rows[0].months_apart, 10)
        self.assertEqual(total.workforce.source, "BPS")  # type: ignore[union-attr]

    def test_no_figures_no_coverage(self) -> None:
        rows, total = coverage(SEGMENTS, [], [])
        self.assertTrue(all(r.pct is None and r.gap is None for r in rows))
        self.assertIsNone(total.pct)

    @given(
        st.lists(
            st.tuples(st.sampled_from(SEGMENTS), st.integers(1, 10**6), st.integers(0, 10**6)),
            max_size=6,
        )
    )
    def test_the_city_total_is_the_sum_of_the_segments_it_shows(self, entries) -> None:  # type: ignore[no-untyped-def]
        day = date(2026, 1, 1)
        workforce = [fig(s, w, day) for s, w, _p in entries]
        bpjs = [fig(s, p, day) for s, _w, p in entries]
        rows, total = coverage(SEGMENTS, workforce, bpjs)
        shown = [r for r in rows if r.pct is not None]
        people = sum(r.participants.people for r in shown)  # type: ignore[union-attr]
        self.assertEqual(total.participants.people if shown else 0, people)  # type: ignore[union-attr]
        for r in shown:
            self.assertEqual(r.gap, max(r.workforce.people - r.participants.people, 0))  # type: ignore[union-attr]
