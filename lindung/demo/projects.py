"""A year of demo construction projects for the demo city (deterministic).

Projects with SPKs over the last twelve months, owned by the OPDs that build things, each with
a termin schedule; most are registered at BPJS TK (some late, some not at all) and pay their
iuran in the 50/25/25 stages as the work goes on. Written through the services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from lindung.lib.calendar import add_working_days
from lindung.projects import services
from lindung.projects.models import Project
from lindung.projects.queries import Context
from lindung.registry.models import Opd, Pemda

REASON = "Data demo"

# (OPD code, kinds of work it tenders)
OWNERS = (
    ("DPUPR", ("Rehabilitasi Jalan", "Peningkatan Saluran Drainase", "Pembangunan Jembatan")),
    ("DPERKIM", ("Penataan Kawasan Kumuh", "Pembangunan Rumah Tidak Layak Huni")),
    ("DINDIK", ("Rehabilitasi Ruang Kelas SD", "Pembangunan Toilet Sekolah")),
    ("DINKES", ("Renovasi Puskesmas",)),
    ("RSUD", ("Pembangunan Gedung Rawat Inap",)),
    ("DLH", ("Pembangunan TPS3R", "Penataan Taman Kota")),
    ("DINDAGKOP", ("Revitalisasi Pasar",)),
)
PLACES = (
    "Jl. Hayam Wuruk", "Jl. Sultan Agung", "Kel. Podosugih", "Kel. Krapyak", "Kel. Panjang Wetan",
    "Kel. Kuripan Kidul", "Pasar Banjarsari", "Kel. Kraton Lor", "Kel. Tirto", "Jl. Dr. Wahidin",
)  # fmt: skip
CONTRACTORS = (
    "CV Karya Batik Konstruksi", "PT Pekalongan Bangun Persada", "CV Tirto Jaya Abadi",
    "CV Sinar Pantura", "PT Jati Mulya Konstruksi", "CV Mitra Kraton", "CV Buaran Sejahtera",
)  # fmt: skip


@dataclass
class ProjectsDemo:
    projects: int
    registered: int
    payments: int


def _spread(parts: int) -> list[int]:
    """Equal termin percents that add up to 100 (the last takes the rest)."""
    base = [100 // parts] * parts
    base[-1] += 100 - sum(base)
    return base


def build_projects(*, pemda: Pemda, today: date, count: int = 24, seed: int = 1) -> ProjectsDemo:
    """Create `count` projects with SPKs in the twelve months before `today`."""
    rng = random.Random(seed * 104_729)  # noqa: S311 - deterministic demo data, not secrets
    opds = {o.code: o for o in Opd.objects.filter(pemda=pemda, code__in=[c for c, _ in OWNERS])}
    owners = [(opds[c], kinds) for c, kinds in OWNERS if c in opds]
    if not owners:
        return ProjectsDemo(0, 0, 0)
    context = Context()
    registered = payments = 0
    with transaction.atomic():
        for i in range(count):
            opd, kinds = owners[i % len(owners)]
            spk = today - timedelta(days=int(365 * (count - i) / count) + rng.randint(0, 10))
            start = spk + timedelta(days=rng.randint(3, 10))
            months = rng.choice((3, 4, 5, 6, 8))
            end = start + timedelta(days=30 * months)
            value = rng.choice((180, 350, 480, 650, 850, 1_200, 2_400, 4_800)) * 1_000_000
            value += rng.randint(0, 99) * 100_000
            contractor = rng.choice(CONTRACTORS)
            project = services.project_create(
                actor=None,
                opd=opd,
                name=f"{rng.choice(kinds)} {rng.choice(PLACES)}",
                contract_number=f"027/{opd.code}/SPK/{spk:%m}/{spk.year}-{i + 1:02d}",
                contractor_name=contractor,
                contractor_nib=f"91200{CONTRACTORS.index(contractor):02d}{i:06d}",
                contractor_npp=f"{21000000 + CONTRACTORS.index(contractor):08d}",
                contract_value=value,
                spk_date=spk,
                start_date=start,
                end_date=end,
                reason=REASON,
            )
            n = rng.choice((2, 3, 3, 4))
            for k, pct in enumerate(_spread(n), start=1):
                services.termin_add(
                    actor=None,
                    project=project,
                    planned_date=start + timedelta(days=(end - start).days * k // n),
                    percent=Decimal(pct),
                    reason=REASON,
                )
            registered_on, paid = _register_and_pay(rng, context, project, today, i + 1)
            registered += registered_on is not None
            payments += paid
    return ProjectsDemo(count, registered, payments)


def _register_and_pay(
    rng: random.Random, context: Context, project: Project, today: date, serial: int
) -> tuple[date | None, int]:
    roll = rng.random()
    if roll < 0.2:
        return None, 0  # never registered: the overdue list's first kind
    facts = context.facts(project, day=today)
    if facts.deadline is None:  # the demo's dates are all priced; never here in practice
        return None, 0
    late = roll < 0.4
    registered_on = (
        facts.deadline + timedelta(days=rng.randint(5, 60))
        if late
        else add_working_days(project.spk_date, rng.randint(1, 12), context.holidays)
    )
    if registered_on > today:
        return None, 0
    services.project_register(
        actor=None,
        project=project,
        registration_number=f"JK{registered_on:%y%m}{serial:05d}",
        registered_on=registered_on,
        reason=REASON,
    )
    # Stage k is paid once the work is that far along (first stage at registration).
    duration = max((project.end_date - project.start_date).days, 1)
    elapsed = (today - project.start_date).days / duration
    done = 1 + (elapsed > 0.4) + (elapsed > 0.85 and rng.random() < 0.7)
    paid = 0
    for k, amount in enumerate(facts.stages[:done], start=1):
        share = 0.4 if k == 2 else 0.85
        progress = project.start_date + timedelta(days=int(duration * share))
        day = registered_on if k == 1 else max(progress, registered_on)
        if day > today:
            break
        services.payment_record(
            actor=None, project=project, paid_on=day, amount=amount,
            reference=f"KB{serial:05d}{k}", reason=REASON,
        )  # fmt: skip
        paid += 1
    return registered_on, paid
