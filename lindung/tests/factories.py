"""Plain factories for tests: valid rows with overridable fields."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from lindung.lib.nik import make_nik
from lindung.registry.models import Engagement, Opd, Pemda, Person

_serial = itertools.count(1)


def make_valid_nik(
    *, regency: str = "3375", birth: date = date(1990, 7, 5), sex: str = "L", district: int = 1
) -> str:
    return make_nik(
        regency_code=regency, district=district, birth_date=birth, sex=sex, serial=next(_serial)
    )


def make_pemda(code: str = "3375", name: str = "Kota Pekalongan") -> Pemda:
    return Pemda.objects.get_or_create(code=code, defaults={"name": name})[0]


def make_opd(pemda: Pemda, code: str = "DLH", **overrides: Any) -> Opd:
    fields = {"name": f"Dinas {code}", "kind": "dinas", "jkk_risk_group": 1, **overrides}
    return Opd.objects.create(pemda=pemda, code=code, **fields)


def make_person(pemda: Pemda, **overrides: Any) -> Person:
    fields = {
        "nik": make_valid_nik(regency=pemda.code if len(pemda.code) == 4 else "3375"),
        "name": "Budi Santoso",
        "birth_date": date(1990, 7, 5),
        "sex": "L",
        **overrides,
    }
    return Person.objects.create(pemda=pemda, **fields)


def make_engagement(opd: Opd, person: Person | None = None, **overrides: Any) -> Engagement:
    person = person or make_person(opd.pemda)
    fields = {
        "category": "kontrak",
        "has_sk": False,
        "monthly_wage": 2_000_000,
        "funding_source": "apbd",
        "start_date": date(2024, 1, 2),
        **overrides,
    }
    return Engagement.objects.create(pemda=opd.pemda, person=person, opd=opd, **fields)
