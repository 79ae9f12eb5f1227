"""Demo cohorts: one election's ad hoc staff and informal (BPU) cohorts, with a matching
BPJS TK membership batch so that registration status and targets show real progress.

Deterministic for a seed. NIKs are valid for the city (lindung.lib.nik.make_nik) and never
repeat within the demo. Members are written in bulk with one history record each.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from lindung.bpjs.models import Membership
from lindung.cohorts.models import (
    ElectionCohort,
    ElectionMember,
    ElectionRole,
    InformalCohort,
    InformalMember,
    SegmentTarget,
)
from lindung.demo.registry import FEMALE, MALE, SURNAMES
from lindung.imports.memberships import scope_of
from lindung.imports.models import ImportBatch
from lindung.lib.nik import make_nik
from lindung.registry.models import Pemda

REASON = "Data demo"

# Role, honorarium (Pilkada 2024 member rates, see docs/regulations.md), count.
ELECTION_ROLES = (
    ("ppk", 2_200_000, 20),
    ("pps", 1_300_000, 81),
    ("pantarlih", 1_000_000, 120),
    ("kpps", 1_100_000, 420),
)
# name, segment, funding, kecamatan, members, declared income
INFORMAL = (
    ("Nelayan Panjang Wetan", "nelayan", "apbd", "Pekalongan Utara", 160, 1_000_000),
    ("Ojek Pangkalan Kota", "ojek", "self", "Pekalongan Barat", 90, 1_500_000),
    ("Pekerja Batik Pesindon", "batik", "csr", "Pekalongan Barat", 140, 1_000_000),
    ("Pedagang Pasar Banjarsari", "pedagang", "apbd", "Pekalongan Timur", 110, 1_000_000),
    ("Petani Kuripan", "petani", "village", "Pekalongan Selatan", 60, 1_000_000),
)
TARGETS = {"nelayan": 300, "ojek": 200, "batik": 250, "pedagang": 200, "petani": 100}
SHARE_ELECTION = 0.72  # with JKK + JKM through the NPHD (BPJS branch figures vary)
SHARE_INFORMAL = 0.62  # active BPU members among the cohorts
SHARE_LAPSED = 0.1  # registered once, now non-active


@dataclass
class CohortsDemo:
    election_members: int
    informal_members: int
    memberships: int


class _Niks:
    """Valid, distinct NIKs of the city's districts."""

    def __init__(self, rng: random.Random, code: str) -> None:
        self.rng, self.code, self.used = rng, code, set[str]()

    def person(self) -> tuple[str, str]:
        sex = "L" if self.rng.random() < 0.6 else "P"
        while True:
            birth = date(1960, 1, 1) + timedelta(days=self.rng.randint(0, 365 * 45))
            nik = make_nik(
                regency_code=self.code,
                district=self.rng.randint(1, 4),
                birth_date=birth,
                sex=sex,
                serial=self.rng.randint(5000, 9999),
            )
            if nik not in self.used:
                self.used.add(nik)
                break
        first = self.rng.choice(MALE if sex == "L" else FEMALE)
        return nik, f"{first} {self.rng.choice(SURNAMES)}"


def build_cohorts(*, pemda: Pemda, today: date, seed: int = 1) -> CohortsDemo:
    rng = random.Random(seed * 15_485_863)  # noqa: S311 - deterministic demo data, not secrets
    niks = _Niks(rng, pemda.code if len(pemda.code) == 4 else "3375")
    memberships: list[Membership] = []
    batch = ImportBatch.objects.create(
        pemda=pemda,
        kind=ImportBatch.Kind.MEMBERSHIPS,
        original_name="demo-kepesertaan-kohort.xlsx",
        status=ImportBatch.Status.COMMITTED,
        scope=f"memberships:{pemda.pk}",
        message="Data demo (sintetis): panitia ad hoc dan pekerja informal.",
    )
    with transaction.atomic():
        election = ElectionCohort.objects.create(
            pemda=pemda,
            body=ElectionCohort.Body.KPU,
            # A synthetic election in the demo year, so its staff are at work today.
            election_name=f"Pemilihan {pemda.name} {today.year} (demo)",
            term_start=date(today.year, 5, 1),
            term_end=date(today.year, 12, 31),
        )
        members: list[ElectionMember] = []
        for role, honorarium, count in ELECTION_ROLES:
            # KPPS serve the month of the vote only; the other roles the whole term.
            own = (
                {"term_start": date(today.year, 11, 1), "term_end": date(today.year, 11, 30)}
                if role == "kpps"
                else {}
            )
            role_row = ElectionRole.objects.create(
                cohort=election, role=role, honorarium=honorarium, **own
            )
            for _ in range(count):
                nik, name = niks.person()
                members.append(ElectionMember(cohort=election, role=role_row, nik=nik, name=name))
                if rng.random() < SHARE_ELECTION:
                    memberships.append(
                        _membership(pemda, batch, nik, name, "PU", "JKK,JKM", "aktif", today,
                                    npp="23000042", employer="KPU KOTA (BADAN AD HOC)",
                                    wage=honorarium)
                    )  # fmt: skip
        bulk_create_with_history(members, ElectionMember, default_change_reason=REASON)
        informal_total = 0
        for name, segment, funding, kecamatan, count, income in INFORMAL:
            cohort = InformalCohort.objects.create(
                pemda=pemda, name=name, segment=segment, funding=funding, kecamatan=kecamatan
            )
            rows = []
            for _ in range(count):
                nik, person = niks.person()
                rows.append(
                    InformalMember(cohort=cohort, nik=nik, name=person, declared_income=income)
                )
                roll = rng.random()
                if roll < SHARE_INFORMAL + SHARE_LAPSED:
                    status = "aktif" if roll < SHARE_INFORMAL else "non_aktif"
                    memberships.append(
                        _membership(pemda, batch, nik, person, "BPU", "JKK,JKM", status, today,
                                    wage=income)
                    )  # fmt: skip
            bulk_create_with_history(rows, InformalMember, default_change_reason=REASON)
            informal_total += count
        for segment, target in TARGETS.items():
            SegmentTarget.objects.create(
                pemda=pemda, segment=segment, year=today.year, target=target
            )
        Membership.objects.bulk_create(memberships, batch_size=1000)
        batch.counts = {"rows": len(memberships), "created": len(memberships), "errors": 0}
        batch.progress_done = batch.progress_total = len(memberships)
        batch.save(update_fields=["counts", "progress_done", "progress_total"])
    return CohortsDemo(len(members), informal_total, len(memberships))


def _membership(
    pemda: Pemda,
    batch: ImportBatch,
    nik: str,
    name: str,
    segment: str,
    programs: str,
    status: str,
    today: date,
    *,
    wage: int,
    npp: str = "",
    employer: str = "",
) -> Membership:
    values = {"npp": npp, "divisi": "", "segment": segment}
    last = today.replace(day=1) - timedelta(days=1)
    return Membership(
        pemda=pemda,
        batch=batch,
        scope=scope_of(values),
        is_current=True,
        nik=nik,
        name=name.upper(),
        npp=npp,
        employer_name=employer,
        segment=segment,
        programs=programs,
        reported_wage=wage,
        status=status,
        last_paid_month=last.replace(day=1) if status == "aktif" else None,
    )
