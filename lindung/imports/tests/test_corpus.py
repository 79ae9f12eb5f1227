"""The worker-list corpus: real Pemda spreadsheets, each imported through the CLI and judged
against the expected.json written beside it by corpus/build.py from its own ground truth.

Compared per file: the people in the registry (Person + Engagement: NIK, name, birth date,
start and end date, monthly wage, OPD name), the rows in error as a set of (sheet, row,
code), the rows skipped as not-people counted by code (blank rows not counted), the sheets
read and skipped, and the warning codes. All differences of a file are reported together.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lindung.imports.tests.corpus import build
from lindung.registry.models import Engagement
from lindung.tests.factories import make_engagement, make_opd, make_pemda, make_person

FILES = build.FILES
CORPUS = sorted(p.name.removesuffix(".expected.json") for p in FILES.glob("*.expected.json"))


@pytest.fixture
def pemda(db: Any) -> Any:
    """Kota Pekalongan with DLH and DINDIK, and one worker already on DLH's list."""
    pemda = make_pemda("3375", "Kota Pekalongan")
    dlh = make_opd(pemda, "DLH", name="Dinas Lingkungan Hidup")
    make_opd(pemda, "DINDIK", name="Dinas Pendidikan")
    make_engagement(dlh, make_person(pemda, name="Pekerja Lama"))
    return pemda


def run_cli(path: Path, *args: str) -> tuple[int, dict[str, Any] | None, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import",
            "workers",
            str(path),
            "--pemda",
            "3375",
            "--json",
            "--valid-only",
            *args,
            stdout=out,
            stderr=err,
        )
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    except CommandError as exc:
        return 2, None, str(exc)
    text = out.getvalue().strip()
    try:
        return code, json.loads(text), err.getvalue()
    except json.JSONDecodeError:
        return code, None, text or err.getvalue()


def people_in_registry(pemda: Any, before: set[int]) -> dict[str, dict[str, Any]]:
    rows = (
        Engagement.objects.filter(opd__pemda=pemda)
        .exclude(pk__in=before)
        .select_related("person", "opd")
    )
    return {
        e.person.nik: {
            "nik": e.person.nik,
            "name": e.person.name,
            "birth_date": e.person.birth_date.isoformat() if e.person.birth_date else None,
            "start_date": e.start_date.isoformat() if e.start_date else None,
            "end_date": e.end_date.isoformat() if e.end_date else None,
            "monthly_wage": e.monthly_wage,
            "opd": e.opd.name,
        }
        for e in rows
    }


def compare_people(want: list[dict[str, Any]], got: dict[str, dict[str, Any]]) -> list[str]:
    problems = []
    wanted = {p["nik"]: p for p in want}
    for nik, p in wanted.items():
        if nik not in got:
            problems.append(f"missing person {nik} {p['name']!r}")
            continue
        for key, value in p.items():
            if got[nik][key] != value:
                problems.append(f"person {nik} {key}: expected {value!r}, got {got[nik][key]!r}")
    problems += [
        f"unexpected person {nik} {p['name']!r}" for nik, p in got.items() if nik not in wanted
    ]
    return problems


def compare(
    expected: dict[str, Any], out: dict[str, Any], people: dict[str, dict[str, Any]]
) -> list[str]:
    problems = compare_people(expected["people"], people)

    def need(key: str) -> list[Any]:
        if key not in out:
            problems.append(f"the CLI JSON has no {key!r}")
        return out.get(key) or []

    want_errors = {(e["sheet"], e["row"], e["code"]) for e in expected["errors"]}
    got_errors = {(e.get("sheet"), e.get("row"), e.get("code")) for e in need("errors")}
    if got_errors != want_errors:
        problems.append(
            f"errors: missing {sorted(want_errors - got_errors)}, "
            f"unexpected {sorted(got_errors - want_errors, key=str)}"
        )
    skipped = Counter(s.get("code") for s in need("skipped_rows") if s.get("code") != "blank")
    if dict(skipped) != expected["skipped"]:
        problems.append(
            f"skipped rows by code: expected {expected['skipped']}, got {dict(skipped)}"
        )
    sheets = [s.get("name") for s in need("sheets")]
    if sheets != expected["sheets_read"]:
        problems.append(f"sheets read: expected {expected['sheets_read']}, got {sheets}")
    skipped_sheets = [s.get("name") for s in need("skipped_sheets")]
    if skipped_sheets != expected["sheets_skipped"]:
        problems.append(
            f"sheets skipped: expected {expected['sheets_skipped']}, got {skipped_sheets}"
        )
    warnings = {w.get("code") for w in need("warnings")}
    if warnings != set(expected["warnings"]):
        problems.append(f"warnings: expected {expected['warnings']}, got {sorted(warnings)}")
    if out.get("created") != len(expected["people"]):
        problems.append(f"created: expected {len(expected['people'])}, got {out.get('created')}")
    return problems


@pytest.mark.parametrize("name", CORPUS, ids=CORPUS)
def test_corpus_file(name: str, pemda: Any) -> None:
    expected = json.loads((FILES / f"{name}.expected.json").read_text(encoding="utf-8"))
    path = FILES / name
    if not path.exists():
        pytest.fail(f"{name} is missing: run the corpus build with LibreOffice and commit it")
    before = set(Engagement.objects.values_list("pk", flat=True))
    args = ["--opd", expected["opd"]] if expected["opd"] else ["--create-missing-opds"]
    code, out, message = run_cli(path, *args)
    if out is None:
        pytest.fail(f"exit {code}, no JSON: {message}")
    if out.get("status") != "committed":
        pytest.fail(f"status {out.get('status')!r}: {out.get('message')}")
    problems = compare(expected, out, people_in_registry(pemda, before))
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def test_the_corpus_on_disk_is_what_build_writes_now() -> None:
    """Rebuild the expected files into a temporary folder: they must equal the committed ones
    (the binary files are not compared; openpyxl and LibreOffice stamp them)."""
    with tempfile.TemporaryDirectory() as tmp:
        build.build(Path(tmp), convert=False)
        fresh = {p.name: p.read_text(encoding="utf-8") for p in Path(tmp).glob("*.expected.json")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in FILES.glob("*.expected.json")}
    assert sorted(fresh) == sorted(committed)
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"rebuild the corpus: {stale}"
    missing = [n for n in committed if not (FILES / n.removesuffix(".expected.json")).exists()]
    assert not missing, f"data files missing for {missing}"
    assert len(committed) >= 30
