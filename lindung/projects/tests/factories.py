"""Plain factories for project tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lindung.projects.models import Payment, Project, Termin
from lindung.registry.models import Opd


def make_project(opd: Opd, *, termins: tuple[int, ...] = (), **overrides: Any) -> Project:
    """A project of `opd`; `termins` are the percents of its schedule, one a month."""
    fields = {
        "name": "Rehabilitasi Saluran Drainase",
        "contractor_name": "CV Karya Batik Konstruksi",
        "contractor_nib": "9120001234567",
        "contract_value": 850_000_000,
        "spk_date": date(2025, 3, 21),
        "start_date": date(2025, 3, 24),
        "end_date": date(2025, 9, 30),
        **overrides,
    }
    project = Project.objects.create(pemda=opd.pemda, opd=opd, **fields)
    for number, percent in enumerate(termins, start=1):
        Termin.objects.create(
            project=project,
            number=number,
            planned_date=date(2025, 3 + number, 1),
            percent=Decimal(percent),
        )
    return project


def make_payment(project: Project, amount: int, paid_on: date = date(2025, 4, 2)) -> Payment:
    return Payment.objects.create(project=project, amount=amount, paid_on=paid_on)
