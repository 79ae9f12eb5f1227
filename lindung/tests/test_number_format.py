"""One format for numbers, percents, dates and times, on the filters and on real pages."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import SimpleTestCase, TestCase
from django.utils import translation

from lindung.accounts.models import User

JAKARTA = ZoneInfo("Asia/Jakarta")


def render(text: str, **context: object) -> str:
    return Template("{% load lindung %}" + text).render(Context(context))


class FiltersTest(SimpleTestCase):
    def test_indonesian_formats(self) -> None:
        moment = datetime(2026, 12, 2, 7, 5, tzinfo=ZoneInfo("UTC"))  # 14.05 in Jakarta
        with translation.override("id"):
            self.assertEqual(render("{{ d|tanggal }}", d=date(2026, 12, 2)), "2 Desember 2026")
            self.assertEqual(render("{{ d|tanggal }}", d=moment), "2 Desember 2026")
            self.assertEqual(render("{{ d|bulan }}", d=date(2026, 12, 2)), "Desember 2026")
            self.assertEqual(render("{{ t|jam }}", t=moment), "14.05 WIB")
            self.assertEqual(render("{{ t|waktu }}", t=moment), "2 Desember 2026 14.05 WIB")
            self.assertEqual(render("{{ n|angka }}", n=3817), "3.817")
            self.assertEqual(render("{{ n|angka }}", n=1234567), "1.234.567")
            self.assertEqual(render("{{ n|angka }}", n=Decimal("2.50")), "2,5")
            self.assertEqual(render("{{ n|angka:2 }}", n=0.8765), "0,88")
            self.assertEqual(render("{{ p|persen }}", p=33.33333), "33,3%")
            self.assertEqual(render("{{ p|persen }}", p=100), "100,0%")
            self.assertEqual(render("{{ r|percent }}", r=Decimal("0.0024")), "0,24%")
            self.assertEqual(render("{{ m|rupiah }}", m=1234567), "Rp1.234.567")

    def test_empty_values_show_a_dash(self) -> None:
        for name in ("tanggal", "bulan", "jam", "waktu", "angka", "persen"):
            with self.subTest(name=name):
                self.assertEqual(render(f"{{{{ v|{name} }}}}", v=None), "–")

    def test_english_follows_the_language(self) -> None:
        moment = datetime(2026, 12, 2, 14, 5, tzinfo=JAKARTA)
        with translation.override("en"):
            self.assertEqual(render("{{ d|tanggal }}", d=moment), "2 December 2026")
            self.assertEqual(render("{{ t|jam }}", t=moment), "14:05 WIB")
            self.assertEqual(render("{{ n|angka }}", n=3817), "3,817")
            self.assertEqual(render("{{ p|persen }}", p=33.33333), "33.3%")


class TextOnly(HTMLParser):
    """The text a person reads: identifiers (.mono), scripts and forms (typing hints) left out."""

    SKIP = {"script", "style", "title", "option", "textarea", "form"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        skip = tag in self.SKIP or "mono" in classes or (bool(self.stack) and self.stack[-1])
        self.stack.append(skip)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


# A run of digits not part of a grouped number (3.817), a decimal (33,3) or an id (#12).
BARE = re.compile(r"(?<![\d.,#/-])\d{4,}(?![\d.,/-])")


def bare_numbers(html: str) -> list[str]:
    parser = TextOnly()
    parser.feed(html)
    text = " ".join(parser.chunks)
    found = []
    for m in BARE.finditer(text):
        digits = m.group()
        if len(digits) == 4 and 1900 <= int(digits) <= 2100:
            continue  # a year
        found.append(text[max(m.start() - 30, 0) : m.end() + 10].strip())
    return found


@pytest.mark.slow
class PagesShowGroupedNumbersTest(TestCase):
    """The demo city's main pages, as its Admin Pemda: no bare 3817 or 21327090."""

    @classmethod
    def setUpTestData(cls) -> None:
        out = StringIO()
        call_command("demo", workers=1500, businesses=60, stdout=out)
        call_command("demo_users", stdout=out)

    def test_main_pages(self) -> None:
        from lindung.reconciliation.models import Run

        self.client.force_login(User.objects.get(username="admin_pemda"))
        run = Run.objects.latest("pk")
        opd = run.pemda.opds.order_by("pk").first()
        pages = [
            "/dasbor/",
            "/registri/opd/",
            f"/registri/opd/{opd.pk}/",
            "/rekonsiliasi/",
            f"/rekonsiliasi/{run.pk}/",
            f"/rekonsiliasi/{run.pk}/daftar/?kategori=not_registered",
            "/iuran/anggaran/?year=2027",
            "/proyek/",
            "/kohort/",
            "/kepatuhan/",
            "/kepatuhan/ringkasan/",
            "/dasbor/target/",
        ]
        found = {}
        for url in pages:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            bare = bare_numbers(response.content.decode())
            if bare:
                found[url] = bare[:5]
        self.assertEqual(found, {})
