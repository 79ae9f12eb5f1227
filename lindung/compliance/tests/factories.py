"""Plain factories for compliance tests and the URL walk."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from lindung.bpjs.models import Employer, Link
from lindung.compliance import services
from lindung.compliance.models import Business, Finding, FindingStep
from lindung.registry.models import Pemda

_serial = itertools.count(1)


def make_nib() -> str:
    return f"91200{next(_serial):08d}"


def make_business(pemda: Pemda, *, recompute: bool = True, **overrides: Any) -> Business:
    fields = {
        "nib": make_nib(),
        "name": "Batik Sekar Jagad",
        "kbli": "13134",
        "scale": "small",
        "kecamatan": "Pekalongan Barat",
        "address": "Jl. Hayam Wuruk 12",
        **overrides,
    }
    return services.business_create(actor=None, pemda=pemda, recompute=recompute, **fields)


def make_employer(pemda: Pemda, **overrides: Any) -> Employer:
    fields = {
        "npp": f"1708{next(_serial):04d}",
        "divisi": "001",
        "name": "PT Batik Sekar Jagad",
        "kecamatan": "Pekalongan Barat",
        "active_workers": 10,
        "total_wages": 30_000_000,
        "programs": "JKK,JKM,JHT",
        "paid_through": date(2026, 10, 1),
        **overrides,
    }
    return Employer.objects.create(pemda=pemda, **fields)


@dataclass
class WalkData:
    business: Business
    finding: Finding
    step: FindingStep
    employer: Employer


def make_compliance_walk_data(pemda: Pemda, *, actor: Any) -> WalkData:
    """A PWBD business with teguran I sent (a letter), and an NPP awaiting review (proposed
    for another business, so that the letter stays allowed)."""
    business = make_business(pemda)
    services.figure_add(
        actor=actor, business=business, source="wlkp", on=date(2026, 1, 31), workers=12,
        total_wages=36_000_000,
    )  # fmt: skip
    finding = Finding.objects.get(business=business, kind="PWBD")
    step = services.finding_step(actor=actor, finding=finding, stage="teguran_1")
    other = make_business(pemda, name="CV Sekar Jagad Batik")
    employer = make_employer(pemda, name="CV Sekar Jagad Batik", link=Link.PROPOSED,
                             business=other)  # fmt: skip
    finding.refresh_from_db()
    return WalkData(business, finding, step, employer)
