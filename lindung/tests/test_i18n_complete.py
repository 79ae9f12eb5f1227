"""The English catalogue is complete, and the newer pages really read in English."""

from __future__ import annotations

import ast
import unittest
from dataclasses import dataclass, field
from pathlib import Path

from lindung.tests.base import BaseTestCase

PO_FILE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)  # msgctxt, msgid, msgstr, msgstr[0] …

    def label(self) -> str:
        ctxt = self.fields.get("msgctxt")
        text = f"line {self.line}: {self.fields.get('msgid', '')!r}"
        return f"{text} (context {ctxt!r})" if ctxt else text


def parse_po(text: str) -> list[Entry]:
    """Entries of a gettext catalogue, without the obsolete (#~) ones. Plain Python, no polib."""
    entries: list[Entry] = []
    current: Entry | None = None
    key: str | None = None

    def has_msgstr(entry: Entry) -> bool:
        return any(k.startswith("msgstr") for k in entry.fields)

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, key = None, None
            continue
        if line.startswith('"'):
            if current is None or key is None:
                raise ValueError(f"line {lineno}: a string continues no keyword")
            current.fields[key] += ast.literal_eval(line)
            continue
        is_keyword = not line.startswith("#")
        new_message = is_keyword and line.split(" ", 1)[0] in {"msgctxt", "msgid"}
        if current is None or (has_msgstr(current) and (not is_keyword or new_message)):
            current = Entry(line=lineno)
            entries.append(current)
        if not is_keyword:
            key = None  # comments, previous msgids (#|) and obsolete entries (#~)
            if line.startswith("#,"):
                current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        key, _, value = line.partition(" ")
        current.fields[key] = ast.literal_eval(value)
    return [e for e in entries if "msgid" in e.fields]


def problems(entries: list[Entry]) -> list[str]:
    out: list[str] = []
    for e in entries:
        if e.fields["msgid"] == "":
            continue  # the header
        if "fuzzy" in e.flags:
            out.append(f"fuzzy: {e.label()}")
        translations = [v for k, v in e.fields.items() if k.startswith("msgstr")]
        if not translations or any(v == "" for v in translations):
            out.append(f"empty: {e.label()}")
    return out


class CatalogueParserTest(unittest.TestCase):
    """The parser finds what it must find, so that a green completeness test means something."""

    SAMPLE = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\nmsgid "Satu"\nmsgstr "One"\n\n'
        '#: a.py:2\n#, fuzzy\n#| msgid "Dua lama"\nmsgid "Dua"\nmsgstr "Two"\n\n'
        '#: a.py:3\nmsgid ""\n"Tiga "\n"panjang"\nmsgstr ""\n\n'
        '#: a.py:4\n#, python-format\nmsgid "%(n)s hari"\nmsgid_plural "%(n)s hari"\n'
        'msgstr[0] "%(n)s day"\nmsgstr[1] ""\n\n'
        '#: a.py:5\nmsgctxt "plural"\nmsgid "kop surat"\nmsgstr ""\n"letterheads"\n\n'
        '#~ msgid "Lama"\n#~ msgstr ""\n'
    )

    def test_finds_fuzzy_empty_and_empty_plural_entries(self) -> None:
        entries = parse_po(self.SAMPLE)
        self.assertEqual(
            [e.fields["msgid"] for e in entries],
            ["", "Satu", "Dua", "Tiga panjang", "%(n)s hari", "kop surat"],
        )
        self.assertEqual(entries[5].fields["msgctxt"], "plural")
        self.assertEqual(entries[5].fields["msgstr"], "letterheads")
        self.assertEqual(
            problems(entries),
            [
                "fuzzy: line 9: 'Dua'",
                "empty: line 15: 'Tiga panjang'",
                "empty: line 21: '%(n)s hari'",
            ],
        )


class EnglishCatalogueCompleteTest(unittest.TestCase):
    def test_no_empty_or_fuzzy_entry(self) -> None:
        entries = parse_po(PO_FILE.read_text(encoding="utf-8"))
        self.assertGreater(len(entries), 1000)
        found = problems(entries)
        self.assertEqual(found, [], f"{len(found)} untranslated or fuzzy entries in {PO_FILE}")


class EnglishPagesTest(BaseTestCase):
    """The reconciliation and dashboard pages, chosen in English by the admin persona."""

    def english_page(self, url: str) -> str:
        self.client.force_login(self.admin)
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="en">')
        return response.content.decode()

    def test_reconciliation_page_in_english(self) -> None:
        html = self.english_page("/rekonsiliasi/")
        self.assertIn("<h1>Reconciliation of workers and BPJS TK membership</h1>", html)
        self.assertIn("Run reconciliation", html)
        self.assertNotIn("Rekonsiliasi pekerja dan kepesertaan BPJS TK", html)
        self.assertNotIn("Jalankan rekonsiliasi", html)

    def test_dashboard_in_english(self) -> None:
        html = self.english_page("/dasbor/")
        self.assertIn("<h1>Coverage dashboard · Kota Pekalongan</h1>", html)
        self.assertIn("No finished reconciliation for this Pemda yet.", html)
        self.assertNotIn("Dasbor cakupan", html)
        self.assertNotIn("Belum ada rekonsiliasi yang selesai untuk Pemda ini.", html)
