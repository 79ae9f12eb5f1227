"""Property: a clean list of workers survives any mix of the habits of real Pemda files.

Hypothesis draws 1-15 valid workers (NIK, name, birth date, monthly wage, start date) and a
random subset of habits: title rows with a merged cell, a two-row header with a merged group
cell, a row of column numbers, section rows between people, a totals row, a signature block,
shuffled columns, header spellings, dates typed in Indonesian forms (or date cells, or Excel
serials), money typed as "Rp 1.500.000,-" and the like. The sheet is written as XLSX and
imported through the CLI into a fresh OPD: the same people must come back, without errors.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from lindung.imports.tests.corpus import tables as t
from lindung.imports.tests.corpus.build import TITLES, signature
from lindung.lib.nik import make_nik
from lindung.registry.models import Engagement
from lindung.tests.factories import make_opd, make_pemda

HEADERS = {
    "no": ["No", "No.", "NO"],
    "nik": ["NIK", "No. KTP", "No. Induk Kependudukan (NIK)", "Nomor Induk Kependudukan"],
    "name": ["Nama", "Nama Lengkap", "Nama Tenaga Non ASN", "NAMA"],
    "birth_date": ["Tgl Lahir", "Tgl. Lhr", "Tanggal Lahir"],
    "ttl": ["Tempat, Tanggal Lahir", "TTL", "Tempat/Tgl Lahir"],
    "wage": [
        "HONOR/BULAN (Rp)",
        "Gaji (Rp.)",
        "Jml Honor per Bln",
        "Besaran Honor",
        "Honor",
        "Gaji",
    ],
    "start_date": ["TMT", "TMT Kerja", "Tgl Mulai"],
}
SECTIONS = [
    "A. TENAGA ADMINISTRASI",
    "B. PETUGAS KEBERSIHAN",
    "II. PETUGAS KEBERSIHAN",
    "C. PENGEMUDI",
    "III. TENAGA TEKNIS",
]
DATE_FORMATS = ["cell", "serial", *t.TEXT_DATE_FORMATS]


@st.composite
def workers(draw: Any) -> list[t.Worker]:
    n = draw(st.integers(1, 15))
    names = draw(
        st.lists(
            st.tuples(st.sampled_from(t.MALE + t.FEMALE), st.sampled_from(t.LAST))
            .filter(lambda p: p[0] != p[1])
            .map(" ".join),
            min_size=n,
            max_size=n,
            unique=True,
        )
    )
    serials = draw(
        st.lists(
            st.integers(1, 999).map(lambda k: k * 10 + 1), min_size=n, max_size=n, unique=True
        )
    )
    out = []
    for name, serial in zip(names, serials, strict=True):
        sex = draw(st.sampled_from("LP"))
        birth = draw(st.dates(date(1966, 1, 1), date(2003, 12, 28)))
        start = draw(st.dates(date(2010, 1, 1), date(2025, 6, 30)))
        start = max(start, date(birth.year + 19, 1, 2))
        nik = make_nik(
            regency_code=draw(st.sampled_from(t.REGENCIES)),
            district=draw(st.integers(1, 4)),
            birth_date=birth,
            sex=sex,
            serial=serial,
        )
        out.append(
            t.Worker(
                nik=nik,
                name=name,
                sex=sex,
                birth=birth,
                place=draw(st.sampled_from(t.PLACES)),
                wage=draw(st.integers(1_000_000, 6_000_000)),
                start=start,
                end=None,
            )
        )
    return out


@st.composite
def sheets(draw: Any) -> tuple[t.SheetSpec, list[t.Worker]]:
    people = draw(workers())
    ttl = draw(st.booleans())
    birth_field = "ttl" if ttl else "birth_date"
    date_fmt = draw(st.sampled_from(t.TEXT_DATE_FORMATS if ttl else DATE_FORMATS))
    fields = ["no", "name", "nik", birth_field, "wage", "start_date"]
    if draw(st.booleans()):  # shuffled columns
        fields = draw(st.permutations(fields))
    fmts = {
        "nik": draw(st.sampled_from(["", "number"])),
        birth_field: date_fmt,
        "wage": draw(st.sampled_from(t.MONEY_FORMATS)),
        "start_date": draw(st.sampled_from(DATE_FORMATS)),
    }
    cols = [t.Column(f, draw(st.sampled_from(HEADERS[f])), None, fmts.get(f, "")) for f in fields]
    if draw(st.booleans()):  # a two-row header: a group cell over a run of columns
        i = draw(st.integers(0, len(cols) - 2))
        j = draw(st.integers(i + 1, len(cols) - 1))
        group = draw(st.sampled_from(["Data Kependudukan", "Kepegawaian", "Data Pribadi"]))
        for c in cols[i : j + 1]:
            c.group = group
    items: list[Any] = [t.Person(w) for w in people]
    if draw(st.booleans()):  # section rows between people
        cuts = sorted(draw(st.sets(st.integers(0, len(people) - 1), min_size=1, max_size=3)))
        titles = iter(draw(st.permutations(SECTIONS)))
        for k in reversed(cuts):
            items.insert(
                k,
                t.Section(
                    next(titles), col=draw(st.sampled_from([0, 1])), merge=draw(st.booleans())
                ),
            )
    if draw(st.booleans()):
        items.append(t.Totals(draw(st.sampled_from(["JUMLAH", "TOTAL", "Jumlah"]))))
    if draw(st.booleans()):
        items.append(t.Blank())
        items.append(
            signature(draw(st.sampled_from(["right", "both", "left", "merged"])), len(cols))
        )
    spec = t.SheetSpec(
        "Daftar",
        cols,
        items,
        titles=TITLES[: draw(st.integers(0, 3))],
        number_row=draw(st.booleans()),
        offset=draw(st.sampled_from([0, 0, 1])),
    )
    return spec, people


class HabitsProperty(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.pemda = make_pemda("3375", "Kota Pekalongan")

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sheets())
    def test_the_same_people_come_back_whatever_the_habits(
        self, drawn: tuple[t.SheetSpec, list[t.Worker]]
    ) -> None:
        spec, people = drawn
        opd = make_opd(self.pemda, "PROP", name="Dinas Uji Sifat")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "daftar.xlsx"
            t.write_xlsx(path, [spec])
            out = StringIO()
            try:
                call_command(
                    "import",
                    "workers",
                    str(path),
                    "--pemda",
                    "3375",
                    "--opd",
                    "PROP",
                    "--json",
                    stdout=out,
                    stderr=StringIO(),
                )
            except SystemExit:
                pass
        result = json.loads(out.getvalue())
        self.assertEqual(result["errors"], [], result.get("message"))
        self.assertEqual(result["status"], "committed", result.get("message"))
        got = {
            (e.person.nik, e.person.name, e.person.birth_date, e.start_date, e.monthly_wage)
            for e in Engagement.objects.filter(opd=opd).select_related("person")
        }
        want = {(w.nik, w.name, w.birth, w.start, w.wage) for w in people}
        self.assertEqual(got, want)
