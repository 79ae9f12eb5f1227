"""A small world for dashboard tests: workers of several OPDs, a BPJS TK snapshot built to
put each worker in a chosen state, and real reconciliation runs over it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lindung.bpjs.models import Membership
from lindung.imports.models import ImportBatch
from lindung.reconciliation.models import Run
from lindung.reconciliation.services import reconcile
from lindung.registry.models import Engagement, Opd, Pemda
from lindung.tests.factories import make_engagement, make_person, make_valid_nik

# What the snapshot says about a worker (the category the run should give it).
STATES = (
    "covered", "not_registered", "wage_underreported", "programs_missing",
    "other_employer", "inactive",
)  # fmt: skip
KINDS = ("honorer", "kontrak", "kegiatan", "alih_daya")


@dataclass(frozen=True)
class Worker:
    opd: int  # index into the OPD list
    kind: str
    has_sk: bool
    state: str
    wage: int | None = 2_500_000  # None: unknown to the city
    start: date | None = date(2024, 1, 2)  # None: unknown


def npp_of(opd: Opd) -> str:
    return f"{30000000 + opd.pk:08d}"


def build(
    pemda: Pemda,
    opds: Sequence[Opd],
    workers: Sequence[Worker],
    *,
    as_of: date,
    strangers: int = 0,
) -> list[Engagement]:
    """Engagements and a current membership snapshot; `strangers` members unknown to the city."""
    for opd in opds:
        if not opd.npp:
            opd.npp = npp_of(opd)
            opd.save(update_fields=["npp"])
    batch = ImportBatch.objects.create(
        pemda=pemda, kind=ImportBatch.Kind.MEMBERSHIPS, original_name="uji.xlsx",
        status=ImportBatch.Status.COMMITTED, scope=f"memberships:{pemda.pk}",
    )  # fmt: skip
    last_paid = date(as_of.year - (as_of.month == 1), (as_of.month - 2) % 12 + 1, 1)
    engagements, members = [], []
    for w in workers:
        opd = opds[w.opd]
        eng = make_engagement(
            opd,
            make_person(pemda, nik=make_valid_nik(regency=pemda.code)),
            category=w.kind, has_sk=w.has_sk, monthly_wage=w.wage, start_date=w.start,
        )  # fmt: skip
        engagements.append(eng)
        if w.state == "not_registered":
            continue
        m = Membership(
            pemda=pemda, batch=batch, scope=npp_of(opd), nik=eng.person.nik,
            name=eng.person.name.upper(), birth_date=eng.person.birth_date, npp=npp_of(opd),
            employer_name=opd.name.upper(), segment="PU", programs="JKK,JKM,JHT",
            reported_wage=w.wage or 2_000_000, status="aktif", last_paid_month=last_paid,
            member_since=date(2024, 1, 2),
        )  # fmt: skip
        if w.state == "wage_underreported":
            m.reported_wage = (w.wage or 2_000_000) - 500_000
        elif w.state == "programs_missing":
            m.programs = "JKK,JKM"
        elif w.state == "other_employer":
            m.npp, m.scope, m.employer_name = "29999999", "29999999", "PT LAIN SEKALI"
        elif w.state == "inactive":
            m.status = "non_aktif"
        members.append(m)
    for i in range(strangers):
        opd = opds[i % len(opds)]
        members.append(
            Membership(
                pemda=pemda,
                batch=batch,
                scope=npp_of(opd),
                nik=make_valid_nik(sex="P"),
                name="ORANG LAIN",
                npp=npp_of(opd),
                employer_name=opd.name.upper(),
                segment="PU",
                programs="JKK,JKM,JHT",
                reported_wage=2_000_000,
                status="aktif",
                last_paid_month=last_paid,
            )  # fmt: skip
        )
    Membership.objects.bulk_create(members)
    return engagements


def run(pemda: Pemda, as_of: date) -> Run:
    return reconcile(pemda=pemda, as_of=as_of, user=None)
