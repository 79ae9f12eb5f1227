"""Plain factories for cohort tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from lindung.cohorts.models import (
    ElectionCohort,
    ElectionMember,
    ElectionRole,
    InformalCohort,
    InformalMember,
)
from lindung.registry.models import Pemda
from lindung.tests.factories import make_valid_nik


def make_election(pemda: Pemda, **overrides: Any) -> ElectionCohort:
    fields = {
        "body": "kpu",
        "election_name": "Pilkada Kota Pekalongan 2024",
        "term_start": date(2024, 10, 1),
        "term_end": date(2024, 12, 15),
        **overrides,
    }
    return ElectionCohort.objects.create(pemda=pemda, **fields)


def make_election_member(
    cohort: ElectionCohort, role: str = "kpps", honorarium: int = 1_100_000, **overrides: Any
) -> ElectionMember:
    role_row, _ = ElectionRole.objects.get_or_create(
        cohort=cohort, role=role, defaults={"honorarium": honorarium}
    )
    fields = {"nik": make_valid_nik(), "name": "Ahmad Fauzi", **overrides}
    return ElectionMember.objects.create(cohort=cohort, role=role_row, **fields)


def make_informal(pemda: Pemda, **overrides: Any) -> InformalCohort:
    fields = {
        "name": "Nelayan Panjang Wetan",
        "segment": "nelayan",
        "funding": "csr",
        "kecamatan": "Pekalongan Utara",
        **overrides,
    }
    return InformalCohort.objects.create(pemda=pemda, **fields)


def make_informal_member(
    cohort: InformalCohort, income: int = 1_000_000, **overrides: Any
) -> InformalMember:
    fields = {"nik": make_valid_nik(), "name": "Slamet Riyadi", **overrides}
    return InformalMember.objects.create(cohort=cohort, declared_income=income, **fields)
