"""Demo businesses for the demo city: a deterministic, realistic mix of every finding.

Kota Pekalongan is a batik city: about half the businesses are batik makers (KBLI 13134),
most of them micro and small. Each business gets a WLKP figure, some a later inspection
figure that disagrees; most have an NPP at the BPJS branch (linked by NIB, by name and
kecamatan, or left for review), and the findings move through the warning workflow.
The UMK and letterhead are demo values, not official figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from lindung.bpjs import services as bpjs_services
from lindung.bpjs.models import Employer
from lindung.compliance import rules, services
from lindung.compliance.models import Business, BusinessFigure, Finding, FindingStep
from lindung.lib.dates import today as local_today
from lindung.registry.models import Pemda
from lindung.rulebook.services import current_ruleset

DEMO_REASON = "Data demo"
DEMO_UMK = 2_600_000  # demo value for the current year, not the official UMK
KECAMATAN = ("Pekalongan Barat", "Pekalongan Timur", "Pekalongan Utara", "Pekalongan Selatan")
# (KBLI, sector words for names, weight)
SECTORS = (
    ("13134", ("Batik",), 46),
    ("14111", ("Konveksi", "Garmen"), 12),
    ("46411", ("Grosir Tekstil", "Tekstil"), 7),
    ("47711", ("Toko Batik", "Butik"), 7),
    ("10213", ("Pengolahan Ikan", "Ikan Asap"), 5),
    ("10792", ("Roti", "Kue"), 4),
    ("56101", ("Rumah Makan", "Soto"), 8),
    ("41011", ("Kontraktor", "Bangun"), 4),
    ("55110", ("Hotel",), 3),
    ("45201", ("Bengkel",), 4),
)
MOTIFS = (
    "Sekar Jagad", "Jlamprang", "Buketan", "Pesisir", "Tujuh Rupa", "Liong", "Semen Rama",
    "Kawung", "Parang", "Truntum", "Sido Mukti", "Lasem", "Terang Bulan", "Encim", "Merak",
    "Kembang Setaman", "Pring Sedapur", "Mega Mendung", "Tambal", "Ceplok",
)  # fmt: skip
OWNERS = (
    "Haji Ahmad", "Bu Siti", "Pak Slamet", "Mulyono", "Abdullah", "Fatimah", "Hasan",
    "Zaenal", "Rohmah", "Sugeng", "Wahyudi", "Khoiriyah", "Nur Hidayat", "Ali Mahfud",
)  # fmt: skip
FORMS = (("", 40), ("UD", 25), ("CV", 22), ("PT", 13))
SCALES = (("micro", 55), ("small", 30), ("medium", 12), ("large", 3))
WORKERS = {"micro": (2, 9), "small": (10, 45), "medium": (50, 180), "large": (200, 600)}
SCENARIOS = (
    ("compliant", 40),
    (rules.PWBD, 15),
    (rules.PDS_TK, 15),
    (rules.PDS_UPAH, 12),
    (rules.PDS_PROGRAM, 10),
    (rules.ARREARS, 8),
)


@dataclass
class DemoResult:
    businesses: int
    employers: int
    findings: int
    pending_links: int


def _pick(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _name(rng: random.Random, words: tuple[str, ...], used: set[str]) -> str:
    while True:
        core = f"{rng.choice(words)} {rng.choice(MOTIFS)}"
        if rng.random() < 0.35:
            core = f"{core} {rng.choice(OWNERS)}"
        if core not in used:
            used.add(core)
            return core


def build_compliance_demo(
    *, pemda: Pemda, businesses: int = 400, seed: int = 1, on: date | None = None
) -> DemoResult:
    """Add demo businesses, figures, BPJS employers, findings and workflow steps."""
    rng = random.Random(seed * 7919 + 7)  # noqa: S311 - repeatable demo data, not secrets
    day = on or local_today()
    month = rules.month_start(day)
    ruleset = current_ruleset()
    due_day = int(ruleset.get("deadline.pu.day", month).amount)
    last_paid = rules.last_due_month(day, due_day)
    with transaction.atomic():
        services.umk_set(actor=None, pemda=pemda, year=day.year, amount=DEMO_UMK,
                         legal_basis="Nilai demo")  # fmt: skip
        services.letterhead_update(
            actor=None, pemda=pemda, government=f"PEMERINTAH {pemda.name.upper()}",
            office="DINAS PERINDUSTRIAN DAN TENAGA KERJA",
            address="Jl. Demo No. 1, Pekalongan", contact="(0285) 000000",
            city=pemda.name.replace("Kota ", ""), signatory_name="Kepala Dinas (demo)",
            signatory_title="Kepala Dinas Perindustrian dan Tenaga Kerja",
        )  # fmt: skip
        start = Business.objects.filter(pemda=pemda).count()
        used: set[str] = set(Business.objects.filter(pemda=pemda).values_list("name", flat=True))
        rows: list[Business] = []
        plans: list[tuple[str, int, int]] = []  # scenario, workers, average wage
        for i in range(businesses):
            kbli, words, _w = rng.choices(SECTORS, weights=[s[2] for s in SECTORS])[0]
            scale = _pick(rng, SCALES)
            form = _pick(rng, FORMS)
            if form == "PT" and scale == "micro":
                scale = "small"
            name = _name(rng, words, used)
            business = Business(
                pemda=pemda,
                nib=f"91{pemda.code}{start + i + 1:07d}",
                name=f"{form} {name}".strip(),
                kbli=kbli,
                scale=scale,
                kecamatan=rng.choice(KECAMATAN),
                address=f"Jl. {rng.choice(MOTIFS)} No. {rng.randint(1, 150)}",
                jkk_risk_group=2 if kbli[:2] in ("13", "14", "10") else 1,
            )
            business.name_key = rules.business_name_key(business.name)
            rows.append(business)
            low, high = WORKERS[scale]
            scenario = _pick(rng, SCENARIOS)
            if scenario == rules.PDS_PROGRAM and scale == "micro":
                scenario = rules.PDS_TK  # micro owes JKK + JKM only: no program gap to show
            plans.append((scenario, rng.randint(low, high), rng.randint(27, 38) * 100_000))
        Business.objects.bulk_create(rows, batch_size=500)
        figures: list[BusinessFigure] = []
        employers: list[Employer] = []
        for business, (scenario, workers, wage) in zip(rows, plans, strict=True):
            figures.append(
                BusinessFigure(business=business, source="wlkp", on=date(day.year, 1, 31),
                               workers=workers, total_wages=workers * wage)
            )  # fmt: skip
            if rng.random() < 0.2:
                # A later inspection counts differently: shown beside WLKP, the newer one used.
                later = max(1, workers + rng.randint(-3, 6))
                figures.append(
                    BusinessFigure(business=business, source="inspeksi",
                                   on=day - timedelta(days=rng.randint(10, 90)),
                                   workers=later, total_wages=later * wage)
                )  # fmt: skip
                workers = later
            if scenario == rules.PWBD:
                continue
            required = ruleset.get("programs.scale", month, business.scale).programs
            active, reported_wage, programs, paid = workers, wage, required, last_paid
            if scenario == rules.PDS_TK:
                active = max(1, int(workers * rng.uniform(0.35, 0.8)))
                if active >= workers:
                    active = workers - 1
            elif scenario == rules.PDS_UPAH:
                reported_wage = int(min(DEMO_UMK, wage) * rng.uniform(0.7, 0.9)) // 1000 * 1000
            elif scenario == rules.PDS_PROGRAM:
                programs = ("JKK", "JKM")
            elif scenario == rules.ARREARS:
                paid = rules.add_months(last_paid, -rng.randint(4, 9))
            link_mode = rng.random()
            name = business.name
            nib = business.nib
            kecamatan = business.kecamatan
            if link_mode >= 0.65:
                nib = ""  # linked by name and kecamatan
                bare = business.name_key.title()
                name = rng.choice((f"PT {bare}", f"CV. {bare}", f"{bare}, UD", bare.upper()))
                if link_mode >= 0.93:
                    kecamatan = rng.choice([k for k in KECAMATAN if k != business.kecamatan])
            employers.append(
                Employer(
                    pemda=pemda, npp=f"{17000000 + start + len(employers) + 1}", divisi="001",
                    name=name, name_key=rules.business_name_key(name), nib=nib,
                    kecamatan=kecamatan, active_workers=max(active, 0),
                    total_wages=max(active, 0) * reported_wage, programs=",".join(programs),
                    paid_through=paid, arrears=0,
                )
            )  # fmt: skip
            if scenario == rules.ARREARS:
                monthly = sum(
                    rules._monthly_iuran(ruleset, month, wage=reported_wage, workers=active,
                                         programs=programs, risk=business.jkk_risk_group).values()
                )  # fmt: skip
                employers[-1].arrears = monthly * rules.months_unpaid(paid, day, due_day)
        BusinessFigure.objects.bulk_create(figures, batch_size=1000)
        Employer.objects.bulk_create(employers, batch_size=1000)
        link = bpjs_services.business_links_refresh(pemda=pemda)
        services.findings_recompute(pemda=pemda, on=day)
        # As if the first employer export had been imported two months ago.
        detected = day - timedelta(days=60)
        found = Finding.objects.filter(pemda=pemda, stage=rules.OPEN)
        FindingStep.objects.filter(finding__in=found).update(on=detected)
        found.update(since=detected, stage_since=detected)
        _walk_workflow(rng, pemda, day)
    return DemoResult(
        businesses=len(rows),
        employers=len(employers),
        findings=Finding.objects.filter(pemda=pemda).count(),
        pending_links=link.pending,
    )


def _walk_workflow(rng: random.Random, pemda: Pemda, day: date) -> None:
    """Move the open findings along: warnings sent (some overdue), sanctions, closures."""
    for finding in Finding.objects.filter(pemda=pemda, stage=rules.OPEN).order_by("pk"):
        roll = rng.random()
        if roll < 0.35 or services.letter_refusal(finding.business_id):
            continue  # left open; no warning while an NPP for it awaits review
        first = day - timedelta(days=rng.randint(5, 45))
        step = services.finding_step(
            actor=None, finding=finding, stage=rules.TEGURAN_1, on=first,
            note="Surat teguran dikirim (demo).",
        )  # fmt: skip
        if roll < 0.62 or step.deadline is None or step.deadline >= day:
            continue  # teguran I pending; the older ones are overdue
        second = step.deadline + timedelta(days=rng.randint(1, 5))
        if second >= day:
            continue
        step = services.finding_step(actor=None, finding=finding, stage=rules.TEGURAN_2,
                                     on=second)  # fmt: skip
        if roll < 0.82 or step.deadline is None or step.deadline >= day:
            continue
        stage = rules.TMP2T if roll < 0.9 else rules.RESOLVED
        services.finding_step(
            actor=None, finding=finding, stage=stage,
            on=min(day, step.deadline + timedelta(days=1)),
            note="Iuran dan pekerja sudah didaftarkan (demo)." if stage == rules.RESOLVED else "",
        )  # fmt: skip
    dismissable = Finding.objects.filter(pemda=pemda, stage=rules.OPEN, kind=rules.PWBD)
    for finding in dismissable.order_by("pk")[:3]:
        services.finding_step(
            actor=None, finding=finding, stage=rules.DISMISSED, on=day,
            note="Usaha sudah tutup menurut pemeriksaan lapangan (demo).",
        )  # fmt: skip
