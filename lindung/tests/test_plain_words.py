"""No internal code or raw number reaches what users read: pages, the rakor PDF, XLSX exports.

A *code* is a value of one of the project's TextChoices that no person would write: it has an
underscore (``teguran_2``, ``not_registered``) or is all capitals (``ARREARS``), and is not
itself a word of a label (``PWBD`` is: "PWBD (belum mendaftar)"). A *raw number* is five or more
digits without thousands separators (``42000000``), unless it is an identifier that the data
holds as text (NIK, NPP, KPJ, NIB, NIP, phone, OPD code...), which people read digit by digit.

The pages, their arguments and who may open them come from the URL walk, as every persona;
only the text a person sees is searched (tag text, and the alt, title, aria-label and
placeholder attributes), not URLs, option values or scripts.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unittest
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any
from unittest import skipUnless

from django.apps import apps
from django.db import models
from django.http import HttpResponse

from lindung.tests import test_url_walk

SEEN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# Downloads that are files, not pages, and the health check (plain "ok"), are read elsewhere.
NOT_PAGES = {"web-healthz", "imp-status"}
# Stored text fields that hold identifiers read digit by digit.
IDENTIFIER_FIELD = re.compile(r"nik|npp|kpj|nib|nip|phone|hp|kbli|code|kode|number|nomor|no_")
DIGITS = re.compile(r"(?:(?<=Rp)|(?<![\w.,/*#:-]))\d{5,}(?![\w.,/*%-])")
# Identifiers by their shape, for examples that are in no table (import templates): NIB (13
# digits), NIK (16), NIP (18), and phone numbers (0 or 62, then 9 to 12 digits).
ID_SHAPE = re.compile(r"\d{13}|\d{16}|\d{18}|(0|62)\d{9,12}")


def _choices_classes() -> Iterator[type[models.TextChoices]]:
    seen: set[type] = set()
    todo: list[type] = [models.TextChoices]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
                if sub.__module__.startswith("lindung."):
                    yield sub


def internal_codes() -> set[str]:
    """Values of the project's TextChoices that look like codes, not like words."""
    import lindung.urls  # noqa: F401 - loads views and forms, and the choices they declare

    labels = " ".join(
        str(label) for cls in _choices_classes() for label in cls.labels
    )  # every label, to spare codes that are words in them (PWBD, UMK)
    codes = set()
    for cls in _choices_classes():
        for value in cls.values:
            text = str(value)
            looks_like_code = "_" in text or (text.isupper() and len(text) > 2)
            if looks_like_code and not re.search(rf"(?<![\w-]){re.escape(text)}(?![\w-])", labels):
                codes.add(text)
    return codes


def identifiers() -> set[str]:
    """Every all-digit value of a stored identifier field (NIK, NPP, NIB, phone, code...)."""
    found: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("lindung."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField) and IDENTIFIER_FIELD.search(field.name):
                for value in model._default_manager.values_list(field.name, flat=True):
                    found.update(re.findall(r"\d{5,}", value or ""))
    return found


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in SEEN_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip())


def plain_word_problems(text: str, codes: set[str], known: set[str]) -> list[str]:
    """Each code and raw number in the text, with the words around it."""

    def around(m: re.Match[str]) -> str:
        return text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " | ")

    found = []
    for code in sorted(codes):
        for m in re.finditer(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
            found.append(f"code {code!r} in “{around(m)}”")
    for m in DIGITS.finditer(text):
        if not ID_SHAPE.fullmatch(m.group()) and not any(m.group() in k for k in known):
            found.append(f"number {m.group()} in “{around(m)}”")
    return found


class PlainWordsRuleTest(unittest.TestCase):
    def test_it_finds_codes_and_raw_numbers_but_not_words_or_identifiers(self) -> None:
        codes = internal_codes()
        self.assertTrue({"PDS_TK", "teguran_2", "ARREARS", "UNCONFIRMED"} <= codes)
        self.assertNotIn("PWBD", codes)  # a word of its own label
        text = "PDS_TK · teguran_2 | ARREARS | Rp42000000 | 3375014507900001 | 081234567890"
        found = plain_word_problems(text, codes, known={"12345678"})
        self.assertEqual([f.split(" in ")[0] for f in found], [
            "code 'ARREARS'", "code 'PDS_TK'", "code 'teguran_2'", "number 42000000",
        ])  # fmt: skip
        fine = "PDS Tenaga Kerja · Teguran II | Rp42.000.000 | 33,3% | NPP 12345678 | 2026-12-02"
        self.assertEqual(plain_word_problems(fine, codes, known={"12345678"}), [])


class PlainWordsTest(test_url_walk.UrlWalkTest):
    """Runs on the URL walk's data; the walk's own tests are switched off below."""

    def body(self, response: HttpResponse) -> bytes:
        if response.streaming:
            return b"".join(response.streaming_content)  # type: ignore[attr-defined]
        return response.content

    def test_pages_show_no_internal_code_or_raw_number(self) -> None:
        codes, known = internal_codes(), identifiers()
        self.assertIn("ARREARS", codes)  # the search really has codes to look for
        failures: list[str] = []
        for persona, user in self.personas().items():
            self.client.force_login(user)
            for name, url, expected in self.pages():
                if name in NOT_PAGES or expected[persona] != 200:
                    continue
                response = self.client.get(url)
                if "text/html" not in response.get("Content-Type", ""):
                    continue
                text = visible_text(self.body(response).decode())
                failures += [
                    f"{persona} {url}: {p}" for p in plain_word_problems(text, codes, known)
                ]
        self.assertEqual(sorted(set(failures)), [], "\n" + "\n".join(sorted(set(failures))))

    def test_xlsx_exports_show_no_internal_code_or_raw_number_as_text(self) -> None:
        import openpyxl

        from lindung.dashboards.services import report_create, report_execute
        from lindung.reconciliation.rules import Category
        from lindung.reconciliation.services import reconcile
        from lindung.reconciliation.tests.scenario import AS_OF

        run = reconcile(pemda=self.pemda, as_of=AS_OF, user=self.admin).pk
        report = report_execute(report_create(pemda=self.pemda, format="xlsx", user=self.admin))
        codes, known = internal_codes(), identifiers()
        fake = f"/dasbor/rakor/{self.report.pk}/unduh/"  # the walk's two-byte stand-in
        urls = {u for _n, u, _e in self.pages() if ("xlsx" in u or "unduh" in u) and u != fake}
        urls |= {
            f"/dasbor/daftar.xlsx?status=workers&run={run}",
            f"/dasbor/daftar.xlsx?status=gap&run={run}",
            f"/dasbor/rakor/{report.pk}/unduh/",
            "/iuran/anggaran/?format=xlsx",
            *(f"/rekonsiliasi/{run}/daftar.xlsx?kategori={c}" for c in Category.values),
        }
        failures: list[str] = []
        self.client.force_login(self.admin)
        checked = 0
        for url in sorted(urls):
            response = self.client.get(url)
            if response.status_code != 200 or "spreadsheet" not in response["Content-Type"]:
                continue
            checked += 1
            workbook = openpyxl.load_workbook(BytesIO(self.body(response)))
            text = "\n".join(_cell_texts(workbook.worksheets))
            failures += [f"{url}: {p}" for p in plain_word_problems(text, codes, known)]
        self.assertGreater(checked, 3)
        self.assertEqual(sorted(set(failures)), [], "\n" + "\n".join(sorted(set(failures))))

    @skipUnless(shutil.which("pdftotext"), "needs pdftotext (apt-get install poppler-utils)")
    def test_the_rakor_pdf_shows_no_internal_code_or_raw_number(self) -> None:
        from lindung.dashboards.services import report_create, report_execute
        from lindung.reconciliation.services import reconcile
        from lindung.reconciliation.tests.scenario import AS_OF

        reconcile(pemda=self.pemda, as_of=AS_OF, user=self.admin)
        report = report_execute(report_create(pemda=self.pemda, format="pdf", user=self.admin))
        self.assertEqual(report.status, "done", report)
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "rakor.pdf"
            pdf.write_bytes(bytes(report.content))
            text = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
                ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
                capture_output=True, check=True, text=True,
            ).stdout  # fmt: skip
        self.assertIn("rakor", text.lower())
        problems = plain_word_problems(text, internal_codes(), identifiers())
        self.assertEqual(problems, [], "\n" + "\n".join(problems))


def _cell_texts(sheets: Iterable[Any]) -> Iterator[str]:
    """The text cells of the workbook (numbers are formatted by the spreadsheet program)."""
    for ws in sheets:
        yield ws.title
        for row in ws.iter_rows(values_only=True):
            yield from (v for v in row if isinstance(v, str))


# The walk's own tests run in test_url_walk.py; here only the three above.
for _name in [n for n in vars(test_url_walk.UrlWalkTest) if n.startswith("test_")]:
    setattr(PlainWordsTest, _name, None)
