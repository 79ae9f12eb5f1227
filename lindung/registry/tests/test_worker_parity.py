"""One worker record, three ways in: the add form, the API and an imported list agree.

The invariants live in lindung.registry.rules (`worker_problems`); the form, the API (which
cleans with the same form) and the importer's row parser must each reach the same verdict
for the same record: valid everywhere, or invalid everywhere on the same fields.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import transaction

from lindung.lib.dates import today
from lindung.registry.forms import WorkerAddForm
from lindung.registry.models import Engagement, Person
from lindung.registry.rules import MAX_MONTHLY_WAGE, one_year_after
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_valid_nik

BORN = date(1990, 7, 5)  # the birth date make_valid_nik() encodes
STARTED = date(2024, 1, 2)
FUTURE = date(today().year + 5, 1, 1)
AHEAD = one_year_after(today())  # the latest start date accepted
# The import file's headings, and the field each one holds (to name the field of an error).
CSV_COLUMNS = {
    "NIK": "nik",
    "Nama Lengkap": "name",
    "Tanggal Lahir": "birth_date",
    "Jenis Tenaga": "category",
    "SK Walikota": "has_sk",
    "Gaji": "monthly_wage",
    "TMT": "start_date",
}
VALID = frozenset[str]()


@dataclass
class Record:
    """A worker as typed; None is an empty field. `wrong` are the fields the rules reject."""

    label: str
    wrong: frozenset[str]
    nik: str | None = None
    name: str = "Budi Santoso"
    birth_date: date | None = BORN
    monthly_wage: int | None = 2_500_000
    start_date: date | None = STARTED

    def __post_init__(self) -> None:
        if self.nik is None:
            self.nik = make_valid_nik()

    # -- the record as each path takes it -------------------------------------------------------

    def form_data(self) -> dict[str, str]:
        return {
            "nik": self.nik or "",
            "name": self.name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else "",
            "sex": "",
            "phone": "",
            # The form asks for a category and a funding source; every path gets one.
            "category": "honorer",
            "has_sk": "on",
            "monthly_wage": "" if self.monthly_wage is None else str(self.monthly_wage),
            "funding_source": "apbd",
            "start_date": self.start_date.isoformat() if self.start_date else "",
            "reason": "",
        }

    def api_body(self, opd_id: int) -> dict[str, Any]:
        body: dict[str, Any] = {
            "opd_id": opd_id,
            "nik": self.nik or "",
            "name": self.name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "category": "honorer",
            "has_sk": True,
            "funding_source": "apbd",
        }
        # An unknown wage or start date is left out, as a client without it would.
        if self.monthly_wage is not None:
            body["monthly_wage"] = self.monthly_wage
        if self.start_date is not None:
            body["start_date"] = self.start_date.isoformat()
        return body

    def csv_row(self) -> list[Any]:
        return [
            self.nik or "",
            self.name,
            self.birth_date.strftime("%d/%m/%Y") if self.birth_date else "",
            "Honorer",
            "Ya",
            "" if self.monthly_wage is None else self.monthly_wage,
            self.start_date.strftime("%d/%m/%Y") if self.start_date else "",
        ]


def records() -> list[Record]:
    table = [
        Record("valid", VALID),
        Record("birth date taken from the NIK", VALID, birth_date=None),
        Record("the lowest wage", VALID, monthly_wage=1),
        Record("the highest wage", VALID, monthly_wage=MAX_MONTHLY_WAGE),
        Record(
            "born in the future, started in 1990",
            frozenset({"birth_date", "start_date"}),
            birth_date=FUTURE,
            start_date=date(1990, 1, 2),
        ),
        Record(
            "born in the future, starting later still",
            frozenset({"birth_date", "start_date"}),
            birth_date=FUTURE,
            start_date=date(FUTURE.year + 1, 1, 1),
        ),
        Record("starting a year from today", VALID, start_date=AHEAD),
        Record(
            "starting a year and a day from today",
            frozenset({"start_date"}),
            start_date=AHEAD + timedelta(days=1),
        ),
        Record("started before birth", frozenset({"start_date"}), start_date=date(1985, 1, 2)),
        Record("started on the birth day", frozenset({"start_date"}), start_date=BORN),
        Record(
            "started before the birth date in the NIK",
            frozenset({"start_date"}),
            birth_date=None,
            start_date=date(1985, 1, 2),
        ),
        Record("started the day after birth", VALID, start_date=date(1990, 7, 6)),
        Record("wage 0", frozenset({"monthly_wage"}), monthly_wage=0),
        Record("wage below zero", frozenset({"monthly_wage"}), monthly_wage=-2_500_000),
        Record(
            "wage above Rp1 miliar",
            frozenset({"monthly_wage"}),
            monthly_wage=MAX_MONTHLY_WAGE + 1,
        ),
        Record("NIK with month 13", frozenset({"nik"}), nik="3375019913900001"),
        Record("NIK too short", frozenset({"nik"}), nik="33750199"),
        Record("NIK with letters", frozenset({"nik"}), nik="33750107O5900001"),
        Record("no NIK", frozenset({"nik"}), nik=""),
        Record("no name", frozenset({"name"}), name=""),
        Record("a name of spaces", frozenset({"name"}), name="   "),
        Record("a name too long", frozenset({"name"}), name="A" * 151),
        Record(
            "bad NIK and wage 0",
            frozenset({"nik", "monthly_wage"}),
            nik="33750199",
            monthly_wage=0,
        ),
    ]
    # Start date and wage become optional (null = unknown) in another branch. Until the form
    # accepts them empty, a record without them is invalid on the form and valid in an
    # import by design; the records join the table once the form no longer requires them.
    if not _required("start_date"):
        table.append(Record("no start date", VALID, start_date=None))
    if not _required("monthly_wage"):
        table.append(Record("no wage", VALID, monthly_wage=None))
    return table


def _required(field: str) -> bool:
    return WorkerAddForm.base_fields[field].required


class WorkerParityTest(BaseTestCase):
    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def test_form_api_and_import_give_each_record_the_same_verdict(self) -> None:
        table = records()
        through_import = self.import_verdicts(table)
        for i, record in enumerate(table):
            with self.subTest(record=record.label):
                verdicts = {
                    "form": self.form_verdict(record),
                    "api": self.api_verdict(record),
                    "import": through_import[i],
                }
                self.assertEqual(
                    verdicts, dict.fromkeys(verdicts, record.wrong), "the paths disagree"
                )

    # -- the three paths ------------------------------------------------------------------------

    def form_verdict(self, record: Record) -> frozenset[str]:
        self.client.force_login(self.admin)
        with transaction.atomic():  # each record alone: a saved one is rolled back
            response = self.client.post(
                f"/registri/opd/{self.opd.pk}/tambah-pekerja/", record.form_data()
            )
            saved = Engagement.objects.filter(person__nik=record.nik, opd=self.opd).exists()
            transaction.set_rollback(True)
        if response.status_code == 302:
            self.assertTrue(saved, "the form redirected without saving")
            return VALID
        self.assertEqual(response.status_code, 200)
        self.assertFalse(saved)
        errors = response.context["form"].errors
        self.assertNotIn("__all__", errors)
        return frozenset(errors)

    def api_verdict(self, record: Record) -> frozenset[str]:
        with transaction.atomic():
            response = self.client.post(
                "/api/v1/engagements",
                json.dumps(record.api_body(self.opd.pk)),
                content_type="application/json",
                **self.bearer(self.admin),
            )
            transaction.set_rollback(True)
        if response.status_code == 201:
            return VALID
        self.assertEqual(response.status_code, 422, response.content)
        return frozenset(response.json()["fields"])

    def import_verdicts(self, table: list[Record]) -> list[frozenset[str]]:
        """One dry run of a CSV holding every record, a row each (row 1 is the header)."""
        path = self.tmp / "pekerja-dlh.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(r.csv_row() for r in table)
        out = StringIO()
        try:
            call_command("import", "workers", str(path), "--pemda", "3375", "--opd", "DLH",
                         "--json", "--dry-run", stdout=out)  # fmt: skip
        except SystemExit as exc:
            self.assertEqual(exc.code, 1)  # rows with errors; the file itself was read
        result = json.loads(out.getvalue())
        self.assertEqual(result["status"], "preview", result["message"])
        self.assertEqual(result["skipped_rows"], [], "every record is a person")
        wrong: dict[int, set[str]] = {}
        for e in result["errors"]:
            wrong.setdefault(e["row"], set()).add(CSV_COLUMNS[e["column"]])
        verdicts = [frozenset(wrong.get(n, ())) for n in range(2, len(table) + 2)]
        self.assertEqual(result["created"], verdicts.count(VALID))
        self.assertFalse(Person.objects.filter(nik__in=[r.nik for r in table]).exists())
        return verdicts
