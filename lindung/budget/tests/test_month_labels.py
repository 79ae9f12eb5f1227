"""The budget chart names its months in the page's language."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from lindung.budget.views import month_labels


class MonthLabelsTest(SimpleTestCase):
    def test_months_follow_the_language(self) -> None:
        with translation.override("id"):
            self.assertEqual(month_labels()[7], "Agu")
            self.assertEqual(len(month_labels()), 12)
        with translation.override("en"):
            self.assertEqual(month_labels()[7], "Aug")
