"""A BPJS TK membership snapshot for the demo city, with every reconciliation category.

Deterministic for a seed. Most OPDs appear under an employer name that links by itself;
two use a short name an Admin must confirm, so the link review has something to show.
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from lindung.bpjs.models import Membership
from lindung.imports.memberships import scope_of
from lindung.imports.models import ImportBatch
from lindung.registry.fastinsert import insert_rows
from lindung.registry.models import Engagement, Opd, Pemda

# Share of active engagements per category in the demo export (the rest: not registered).
MIX = (
    ("covered", 0.56),
    ("wage_underreported", 0.08),
    ("programs_missing", 0.07),
    ("other_employer", 0.03),
    ("inactive", 0.05),
    ("typo", 0.02),
)
LEAVER_SHARE = 0.5  # of ended engagements, still paid for under the OPD's NPP
SHORT_NAMES = {"DLH": "DLH KOTA PEKALONGAN", "SATPOLPP": "SATPOL PP PEMKOT PEKALONGAN"}
PRIVATE_EMPLOYERS = (
    ("21000101", "PT BATIK PESISIR NUSANTARA"),
    ("21000102", "CV MITRA ALIH DAYA PEKALONGAN"),
    ("21000103", "PT SARANA JASA KEBERSIHAN"),
)
_COLUMNS = (
    "pemda_id", "batch_id", "scope", "is_current", "nik", "kpj", "name", "birth_date", "npp",
    "divisi", "employer_name", "segment", "programs", "reported_wage", "status",
    "last_paid_month", "member_since",
)  # fmt: skip


def _month(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _typo(nik: str, rng: random.Random) -> str:
    """One digit changed, or two adjacent digits swapped, in the serial part."""
    i = rng.randint(12, 14)
    if rng.random() < 0.5 and nik[i] != nik[i + 1]:
        return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]
    digit = str((int(nik[15]) + rng.randint(1, 9)) % 10)
    return nik[:15] + digit


def _titled(name: str, rng: random.Random) -> str:
    return (
        rng.choice(("Drs. ", "H. ", "Hj. ", ""))
        + name.upper()
        + rng.choice((", S.Pd.", ", S.Kom.", ", A.Md.", ""))
    )


def employer_name(opd: Opd, pemda: Pemda) -> str:
    place = pemda.name.upper()
    return SHORT_NAMES.get(opd.code) or f"{opd.name.upper()} {place}"


def build_snapshot(*, pemda: Pemda, as_of: date, seed: int = 1) -> int:
    """Write a committed membership batch for the Pemda's demo workers; returns its rows."""
    rng = random.Random(seed * 7919)
    opds = {o.pk: o for o in Opd.objects.filter(pemda=pemda)}
    npp = {pk: f"{11000000 + i:08d}" for i, pk in enumerate(sorted(opds))}
    # Tuples, not model instances: the demo may hold a million workers.
    engagements = (
        Engagement.objects.filter(pemda=pemda)
        .order_by("pk")
        .values_list(
            "opd_id", "category", "monthly_wage", "start_date", "end_date",
            "person__nik", "person__name", "person__birth_date",
        )
    )  # fmt: skip
    batch = ImportBatch.objects.create(
        pemda=pemda,
        kind=ImportBatch.Kind.MEMBERSHIPS,
        original_name="demo-kepesertaan-bpjstk.xlsx",
        status=ImportBatch.Status.COMMITTED,
        scope=f"memberships:{pemda.pk}",
        message="Data demo (sintetis).",
    )
    last_month = _month(as_of, 1)
    rows = []
    names = {pk: employer_name(opd, pemda) for pk, opd in opds.items()}
    for opd_id, category, wage, start, end, nik, name, birth in engagements.iterator(5000):
        values = {
            "nik": nik, "kpj": f"{rng.randint(10**10, 10**11 - 1)}", "name": name.upper(),
            "birth_date": birth, "npp": npp[opd_id], "divisi": "",
            "employer_name": names[opd_id], "segment": "PU", "programs": "JKK,JKM,JHT",
            "reported_wage": wage, "status": "aktif", "last_paid_month": last_month,
            "member_since": max(start, date(2015, 7, 1)) if start else None,
        }  # fmt: skip
        if end is not None and end < as_of:
            if rng.random() >= LEAVER_SHARE:
                continue  # leavers mostly deactivated; the rest are still paid for
        else:
            kind = _pick(rng)
            if kind is None:
                continue
            if category == "alih_daya" and kind == "covered":
                values["npp"], values["employer_name"] = PRIVATE_EMPLOYERS[1]
            elif kind == "wage_underreported" and wage is not None:
                values["reported_wage"] = max(500_000, wage - 50_000 * rng.randint(4, 20))
            elif kind == "programs_missing":
                values["programs"] = "JKK,JKM"
            elif kind == "other_employer":
                if rng.random() < 0.5:
                    values["npp"], values["employer_name"] = rng.choice(PRIVATE_EMPLOYERS[::2])
                else:
                    values.update(npp="", employer_name="", segment="BPU")
            elif kind == "inactive":
                if rng.random() < 0.5:
                    values["status"] = "non_aktif"
                else:
                    values["last_paid_month"] = _month(as_of, rng.randint(5, 14))
            elif kind == "typo":
                values["nik"] = _typo(nik, rng)
                values["name"] = _titled(name, rng)
        rows.append(
            (pemda.pk, batch.pk, scope_of(values), True, *(values[c] for c in _COLUMNS[4:]))
        )
    with transaction.atomic():
        insert_rows(Membership._meta.db_table, _COLUMNS, rows)
        batch.counts = {"rows": len(rows), "created": len(rows), "errors": 0}
        batch.progress_done = batch.progress_total = len(rows)
        batch.save(update_fields=["counts", "progress_done", "progress_total"])
    return len(rows)


def _pick(rng: random.Random) -> str | None:
    roll = rng.random()
    for kind, share in MIX:
        if roll < share:
            return kind
        roll -= share
    return None
