"""Contribution (iuran) and benefit engine: pure Python, exact integer rupiah.

Rounding: every share is computed in Decimal and rounded to whole rupiah, half up, per
program and per share (employer, worker) of one worker-month. A discount is computed on the
rounded gross share and rounded the same way; the share paid is gross minus discount.
A deferral (PP 49/2020 for JP) is computed the same way on each share; it does not lower the
iuran owed, it only moves part of it out of what is due now.
Jakon sums the marginal tier amounts in Decimal and rounds once per program.

Reliefs, deferrals and benefits are rows of the rule table, found by key and date: the engine
has no branch for a year or a regulation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lindung.rulebook.rules import RuleError, RuleSet

# How a note names a rule's confidence (the codes stay in the rule file).
CONFIDENCE_WORDS = {
    "CONFIRMED": "terkonfirmasi",
    "SINGLE-SOURCE": "dari satu sumber",
    "UNCONFIRMED": "belum terkonfirmasi",
}

PU_PROGRAMS = ("JKK", "JKM", "JHT", "JP")
BPU_PROGRAMS = ("JKK", "JKM", "JHT")
JAKON_PROGRAMS = ("JKK", "JKM")
DEFAULT_PU = PU_PROGRAMS
DEFAULT_BPU = ("JKK", "JKM")
# Sector vocabulary: the six PP 7/2025 industries, transport (PP 50/2025) and the rest.
SECTORS = ("food", "textile", "leather", "footwear", "toys", "furniture", "transport", "other")
FUNDING = ("self", "apbd", "apbn", "csr", "village", "bansos")
# How a funding source is named in a quote's warnings.
FUNDING_NAMES = {
    "self": "peserta sendiri",
    "apbd": "APBD",
    "apbn": "APBN",
    "csr": "CSR",
    "village": "dana desa",
    "bansos": "potongan bantuan sosial (bansos)",
}
# Business scale, as in Perpres 109/2013 and the programs.scale rows.
SCALES = ("micro", "small", "medium", "large")
# Qualifier of a relief row that applies to every sector (PP 49/2020), as opposed to a
# sector's row (PP 7/2025).
ALL = "all"
RISK_GROUPS = (1, 2, 3, 4, 5)
# Input sanity, not regulation: a monthly wage or income above Rp1 miliar is a typing error.
MAX_MONTHLY_AMOUNT = 1_000_000_000
MAX_CONTRACT_VALUE = 10_000_000_000_000
_ONE = Decimal(1)
_HUNDRED = Decimal(100)


class QuoteError(ValueError):
    """Bad input, named by field, with the valid range in Bahasa Indonesia."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def round_rupiah(amount: Decimal) -> int:
    return int(amount.quantize(_ONE, rounding=ROUND_HALF_UP))


def percent_of(base: int | Decimal, percent: Decimal) -> int:
    return round_rupiah(Decimal(base) * percent / _HUNDRED)


def _rp(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


@dataclass(frozen=True)
class Line:
    program: str
    base: int
    rate: Decimal | None  # fraction of the base (0.0024 for 0.24 %); None for flat amounts
    employer: int
    worker: int
    discount: int
    legal_basis: str
    # Part of employer + worker owed but deferred (PP 49/2020 JP): not due this month.
    deferred: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "base": self.base,
            "rate": float(self.rate) if self.rate is not None else None,
            "employer": self.employer,
            "worker": self.worker,
            "discount": self.discount,
            "deferred": self.deferred,
            "legal_basis": self.legal_basis,
        }


@dataclass
class Quote:
    segment: str
    month: date
    lines: list[Line]
    warnings: list[str] = field(default_factory=list)
    payer: str = "employer"

    @property
    def employer_total(self) -> int:
        return sum(line.employer for line in self.lines)

    @property
    def worker_total(self) -> int:
        return sum(line.worker for line in self.lines)

    @property
    def total(self) -> int:
        return self.employer_total + self.worker_total

    @property
    def deferred_total(self) -> int:
        return sum(line.deferred for line in self.lines)

    @property
    def due_now(self) -> int:
        """What is paid by this month's deadline: the total less any deferred part."""
        return self.total - self.deferred_total

    def to_dict(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "month": f"{self.month:%Y-%m}",
            "lines": [line.to_dict() for line in self.lines],
            "employer_total": self.employer_total,
            "worker_total": self.worker_total,
            "total": self.total,
            "deferred_total": self.deferred_total,
            "due_now": self.due_now,
            "payer": self.payer,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Component:
    name: str
    amount: int
    legal_basis: str


@dataclass
class Benefit:
    benefit: str
    components: list[Component]
    notes: list[str] = field(default_factory=list)
    day: date | None = None  # the date of the death the rows were chosen for
    # JKK death only: the floor "at least the JKM benefit", its readings and which applied.
    minimum: dict[str, Any] | None = None

    @property
    def total(self) -> int:
        return sum(c.amount for c in self.components)

    def to_dict(self) -> dict[str, Any]:
        return {
            "benefit": self.benefit,
            "date": f"{self.day:%Y-%m-%d}" if self.day else None,
            "components": [
                {"name": c.name, "amount": c.amount, "legal_basis": c.legal_basis}
                for c in self.components
            ],
            "total": self.total,
            "minimum": self.minimum,
            "notes": list(self.notes),
        }


# -- input checks -----------------------------------------------------------------------


def parse_month(value: str | date) -> date:
    """ "2026-03" -> date(2026, 3, 1)."""
    if isinstance(value, date):
        return value.replace(day=1)
    try:
        year, month = str(value).strip().split("-")
        return date(int(year), int(month), 1)
    except (ValueError, TypeError):
        raise QuoteError("month", f"Bulan harus berformat YYYY-MM, bukan “{value}”.") from None


def parse_programs(
    value: str | tuple[str, ...] | list[str], allowed: tuple[str, ...]
) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value)
    programs = [p.strip().upper() for p in items if p.strip()]
    unknown = [p for p in programs if p not in allowed]
    if unknown or not programs:
        raise QuoteError(
            "programs",
            f"Program tidak dikenal: {', '.join(unknown) or '(kosong)'}. "
            f"Pilihan: {', '.join(allowed)}.",
        )
    # Keep the canonical order so lines always read JKK, JKM, JHT, JP.
    return tuple(p for p in allowed if p in programs)


def _check_amount(
    field_name: str, value: int, label: str, *, minimum: int = 1, maximum: int
) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise QuoteError(field_name, f"{label} harus bilangan bulat rupiah.")
    if value < minimum or value > maximum:
        raise QuoteError(
            field_name,
            f"{label} harus antara Rp{minimum:,} dan Rp{maximum:,}.".replace(",", "."),
        )


def _check_choice(field_name: str, value: Any, allowed: tuple[Any, ...], label: str) -> None:
    if value not in allowed:
        raise QuoteError(
            field_name,
            f"{label} “{value}” tidak dikenal. Pilihan: {', '.join(map(str, allowed))}.",
        )


def _rule(rules: RuleSet, field_name: str, key: str, month: date, qualifier: str = "") -> Any:
    try:
        return rules.get(key, month, qualifier)
    except RuleError as exc:
        raise QuoteError(field_name, str(exc)) from None


def carried_forward(rules: RuleSet, key: str, month: date, label: str) -> list[str]:
    """Warn when a yearly value is used more than a year after it took effect."""
    rule = rules.find(key, month)
    if rule is None or rule is not rules.latest(key):
        return []
    months = (month.year - rule.valid_from.year) * 12 + month.month - rule.valid_from.month
    if months < 12:
        return []
    return [
        f"{label} untuk {month:%Y-%m} belum ada di tabel aturan; dipakai nilai sejak "
        f"{rule.valid_from:%Y-%m} (Rp{int(rule.amount):,}).".replace(",", ".")
    ]


SCALE_LABELS = {"micro": "mikro", "small": "kecil", "medium": "menengah", "large": "besar"}
# Who else a relief may not reach, per segment, for the unchecked-conditions warning.
_UNCLEAR_PAYER = {
    "pu": "pemberi kerja penyelenggara negara (OPD, untuk pegawai non-ASN)",
    "bpu": "peserta yang iurannya dibayar dari APBD atau APBN",
    "jakon": "proyek yang didaftarkan sebelum keringanan berlaku (hanya atas sisa tagihan)",
}


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def unchecked_conditions(rules: RuleSet, month: date, segment: str) -> list[str]:
    """A relief whose conditions on the payer Lindung does not check (row
    `relief.conditions` for the segment): say so once, and who it may not reach."""
    flag = rules.find("relief.conditions", month, segment)
    if flag is None:
        return []
    return [
        f"Keringanan bulan {month:%Y-%m} hanya bagi yang memenuhi syarat {flag.legal_basis} "
        "(mis. iuran lunas sampai bulan yang ditentukan); syarat itu tidak diperiksa Lindung. "
        f"Untuk {_UNCLEAR_PAYER[segment]} peraturannya tidak tegas; periksa dengan kantor "
        "cabang."
    ]


def temporary_terms(rules: RuleSet, month: date, segment: str) -> list[str]:
    """Name a payment deadline or late fine that differs for a limited time (a dated row
    with an end), so a quote for such a month says so."""
    warnings = []
    deadline = rules.find(f"deadline.{segment}.day", month)
    if deadline is not None and deadline.valid_to is not None:
        warnings.append(
            f"Batas bayar iuran bulan {month:%Y-%m}: tanggal {int(deadline.amount)} "
            f"({deadline.legal_basis})."
        )
    fine = rules.find("fine.late.rate", month, "JKK")
    if fine is not None and fine.valid_to is not None:
        warnings.append(
            f"Denda keterlambatan {_pct(fine.amount)}% per bulan ({fine.legal_basis})."
        )
    return warnings


# -- Penerima Upah ------------------------------------------------------------------------


def quote_pu(
    rules: RuleSet,
    *,
    wage: int,
    month: date,
    risk_group: int = 1,
    programs: tuple[str, ...] = DEFAULT_PU,
    sector: str | None = None,
    workers: int | None = None,
    scale: str | None = None,
) -> Quote:
    """Iuran of one wage earner for one month."""
    _check_amount("wage", wage, "Upah", maximum=MAX_MONTHLY_AMOUNT)
    _check_choice("risk_group", risk_group, RISK_GROUPS, "Kelompok risiko")
    if sector is not None:
        _check_choice("sector", sector, SECTORS, "Sektor")
    if scale is not None:
        _check_choice("scale", scale, SCALES, "Skala usaha")
    if workers is not None and (workers < 1 or workers > 10_000_000):
        raise QuoteError("workers", "Jumlah pekerja harus antara 1 dan 10.000.000.")
    programs = parse_programs(programs, PU_PROGRAMS)
    lines: list[Line] = []
    warnings: list[str] = []
    if "JKK" in programs:
        rate = _rule(rules, "month", "pu.jkk.rate", month, str(risk_group))
        gross = percent_of(wage, rate.amount)
        discount, basis = 0, rate.legal_basis
        general = rules.find("pu.jkk.discount", month, ALL)
        relief = rules.find("pu.jkk.discount", month, sector) if sector else None
        if general is not None:
            discount = percent_of(gross, general.amount)
            basis = f"{rate.legal_basis}; keringanan {general.legal_basis}"
        elif relief is not None:
            minimum = rules.get("pu.jkk.discount.min_workers", month)
            if workers is None:
                warnings.append(
                    f"Potongan JKK {relief.legal_basis} butuh jumlah pekerja (minimal "
                    f"{int(minimum.amount)}); potongan tidak diterapkan."
                )
            elif workers >= minimum.amount:
                discount = percent_of(gross, relief.amount)
                basis = f"{rate.legal_basis}; potongan {relief.legal_basis}"
        lines.append(
            Line("JKK", wage, rate.amount / _HUNDRED, gross - discount, 0, discount, basis)
        )
    if "JKM" in programs:
        rate = _rule(rules, "month", "pu.jkm.rate", month, "employer")
        gross = percent_of(wage, rate.amount)
        discount, basis = 0, rate.legal_basis
        general = rules.find("pu.jkm.discount", month, ALL)
        if general is not None:
            discount = percent_of(gross, general.amount)
            basis = f"{rate.legal_basis}; keringanan {general.legal_basis}"
        lines.append(
            Line("JKM", wage, rate.amount / _HUNDRED, gross - discount, 0, discount, basis)
        )
    if "JHT" in programs:
        employer = _rule(rules, "month", "pu.jht.rate", month, "employer")
        worker = _rule(rules, "month", "pu.jht.rate", month, "worker")
        lines.append(
            Line(
                "JHT",
                wage,
                (employer.amount + worker.amount) / _HUNDRED,
                percent_of(wage, employer.amount),
                percent_of(wage, worker.amount),
                0,
                employer.legal_basis,
            )
        )
    if "JP" in programs:
        cap = _rule(rules, "month", "pu.jp.cap", month)
        employer = _rule(rules, "month", "pu.jp.rate", month, "employer")
        worker = _rule(rules, "month", "pu.jp.rate", month, "worker")
        base = min(wage, int(cap.amount))
        warnings += carried_forward(rules, "pu.jp.cap", month, "Batas upah JP")
        shares = (percent_of(base, employer.amount), percent_of(base, worker.amount))
        basis = f"{employer.legal_basis}; batas upah {cap.legal_basis}"
        deferred = 0
        scales = rules.qualifiers("pu.jp.deferral", month)
        deferral = rules.find("pu.jp.deferral", month, scale) if scale else None
        if deferral is not None and scale is not None:
            deferred = sum(percent_of(share, deferral.amount) for share in shares)
            basis = f"{basis}; penundaan {deferral.legal_basis}"
            warnings.append(
                f"Penundaan {_pct(deferral.amount)}% iuran JP bagi usaha skala "
                f"{SCALE_LABELS[scale]} "
                f"({deferral.legal_basis}): dibayar bulan ini {_rp(sum(shares) - deferred)}, "
                f"ditunda {_rp(deferred)}. Yang ditunda tetap terutang dan dilunasi menurut "
                "peraturan itu; penundaan hanya bagi pemberi kerja yang memenuhi syaratnya "
                "(mis. omzet turun lebih dari 30%), yang tidak diperiksa Lindung."
            )
        elif scales:
            some = rules.get("pu.jp.deferral", month, scales[0])
            warnings.append(
                f"Usaha skala {' atau '.join(SCALE_LABELS[s] for s in scales)} yang memenuhi "
                f"syarat {some.legal_basis} boleh menunda {_pct(some.amount)}% iuran JP bulan "
                "ini. Penundaan tidak diterapkan"
                + (f" untuk skala {SCALE_LABELS[scale]}." if scale else "; sebutkan skala usaha.")
            )
        lines.append(
            Line(
                "JP",
                base,
                (employer.amount + worker.amount) / _HUNDRED,
                shares[0],
                shares[1],
                0,
                basis,
                deferred,
            )
        )
    if any(line.discount or line.deferred for line in lines):
        warnings += unchecked_conditions(rules, month, "pu")
    warnings += temporary_terms(rules, month, "pu")
    return Quote("PU", month, lines, warnings)


# -- Bukan Penerima Upah -------------------------------------------------------------------


def quote_bpu(
    rules: RuleSet,
    *,
    income: int,
    month: date,
    programs: tuple[str, ...] = DEFAULT_BPU,
    sector: str | None = None,
    funding: str = "self",
) -> Quote:
    """Iuran of one informal worker for one month, with the PP 50/2025 discount if due."""
    _check_choice("funding", funding, FUNDING, "Sumber dana")
    if sector is not None:
        _check_choice("sector", sector, SECTORS, "Sektor")
    minimum = _rule(rules, "month", "bpu.min_income", month)
    _check_amount(
        "income", income, "Penghasilan", minimum=int(minimum.amount), maximum=MAX_MONTHLY_AMOUNT
    )
    programs = parse_programs(programs, BPU_PROGRAMS)
    relief = rules.find("bpu.discount", month, "transport" if sector == "transport" else "other")
    warnings: list[str] = []
    excluded = rules.find("bpu.discount.excluded_funding", month, funding)
    if relief is not None and excluded is not None:
        warnings.append(
            f"Potongan {relief.legal_basis} tidak berlaku bagi peserta yang iurannya dibayar "
            f"dari {FUNDING_NAMES[funding]}."
        )
        if excluded.confidence != "CONFIRMED":
            warnings.append(
                f"Pengecualian untuk {FUNDING_NAMES[funding]} belum dipastikan BPJS: iuran "
                "dihitung tanpa potongan agar anggaran tidak kurang."
            )
        relief = None
    elif relief is not None and ("JKK" in programs or "JKM" in programs):
        warnings += unchecked_conditions(rules, month, "bpu")
    payer = "worker" if funding == "self" else "employer"
    lines: list[Line] = []

    def add(program: str, rate: Decimal | None, gross: int, basis: str, discounted: bool) -> None:
        discount = percent_of(gross, relief.amount) if discounted and relief else 0
        if discount and relief:
            basis = f"{basis}; potongan {relief.legal_basis}"
        paid = gross - discount
        employer, worker = (paid, 0) if payer == "employer" else (0, paid)
        lines.append(Line(program, income, rate, employer, worker, discount, basis))

    if "JKK" in programs:
        rate = _rule(rules, "month", "bpu.jkk.rate", month)
        add("JKK", rate.amount / _HUNDRED, percent_of(income, rate.amount), rate.legal_basis, True)
    if "JKM" in programs:
        flat = _rule(rules, "month", "bpu.jkm.flat", month)
        add("JKM", None, int(flat.amount), flat.legal_basis, True)
    if "JHT" in programs:
        rate = _rule(rules, "month", "bpu.jht.rate", month)
        # PP 50/2025 discounts JKK and JKM only.
        add(
            "JHT", rate.amount / _HUNDRED, percent_of(income, rate.amount), rate.legal_basis, False
        )
    warnings.append(
        "Penghasilan dipakai sebagaimana dilaporkan: kelompok penghasilan BPU (PP 44/2015 "
        "Lampiran II) belum dimodelkan, jadi penghasilan tidak disesuaikan ke kelompoknya."
    )
    quote = Quote("BPU", month, lines, warnings, payer=funding if funding != "self" else "worker")
    return quote


# -- Jasa konstruksi -----------------------------------------------------------------------


def jakon_tiers(rules: RuleSet, month: date) -> list[tuple[int, int | None]]:
    """[(lower, upper), ...] of the contract-value tiers in force; the last is open."""
    uppers: list[int] = []
    while (rule := rules.find("jakon.tier.upper", month, str(len(uppers) + 1))) is not None:
        uppers.append(int(rule.amount))
    if not uppers:
        _rule(rules, "month", "jakon.tier.upper", month, "1")
    lowers = [0, *uppers]
    return list(zip(lowers, [*uppers, None], strict=True))


def quote_jakon(rules: RuleSet, *, contract_value: int, month: date) -> Quote:
    """Project iuran from the contract value excluding PPN, by marginal tiers."""
    _check_amount("contract_value", contract_value, "Nilai kontrak", maximum=MAX_CONTRACT_VALUE)
    tiers = jakon_tiers(rules, month)
    lines = []
    for program in JAKON_PROGRAMS:
        key = f"jakon.{program.lower()}.rate"
        exact = Decimal(0)
        bases = set()
        for index, (lower, upper) in enumerate(tiers, start=1):
            if contract_value <= lower:
                break
            portion = (
                upper if upper is not None and contract_value > upper else contract_value
            ) - lower
            rate = _rule(rules, "month", key, month, str(index))
            exact += Decimal(portion) * rate.amount / _HUNDRED
            bases.add(rate.legal_basis)
        amount = round_rupiah(exact)
        effective = (Decimal(amount) / Decimal(contract_value)).quantize(Decimal("0.000001"))
        lines.append(_jakon_line(rules, month, program, contract_value, effective, amount, bases))
    return _jakon_quote(rules, month, lines)


def _jakon_line(
    rules: RuleSet,
    month: date,
    program: str,
    base: int,
    rate: Decimal,
    gross: int,
    bases: set[str],
) -> Line:
    """One Jakon program line, less a relief row in force for that program (PP 49/2020)."""
    relief = rules.find(f"jakon.{program.lower()}.discount", month)
    discount = percent_of(gross, relief.amount) if relief is not None else 0
    basis = "; ".join(sorted(bases))
    if relief is not None:
        basis = f"{basis}; keringanan {relief.legal_basis}"
    return Line(program, base, rate, gross - discount, 0, discount, basis)


def _jakon_quote(rules: RuleSet, month: date, lines: list[Line]) -> Quote:
    warnings = []
    if any(line.discount for line in lines):
        warnings = unchecked_conditions(rules, month, "jakon")
    return Quote("Jakon", month, lines, warnings)


def quote_jakon_wages(rules: RuleSet, *, wages: int, month: date) -> Quote:
    """Project iuran when the workers' total monthly wages are known."""
    _check_amount("wages", wages, "Total upah", maximum=MAX_CONTRACT_VALUE)
    lines = []
    for program in JAKON_PROGRAMS:
        rate = _rule(rules, "month", f"jakon.wage.{program.lower()}.rate", month)
        lines.append(
            _jakon_line(
                rules,
                month,
                program,
                wages,
                rate.amount / _HUNDRED,
                percent_of(wages, rate.amount),
                {rate.legal_basis},
            )
        )
    return _jakon_quote(rules, month, lines)


# -- Benefits -------------------------------------------------------------------------------


JKM_PARTS = (
    ("Santunan kematian", "benefit.jkm.lump_sum"),
    ("Santunan berkala (24 bulan, dibayar sekaligus)", "benefit.jkm.periodic"),
    ("Biaya pemakaman", "benefit.jkm.funeral"),
)


def _scholarship_note(rules: RuleSet, day: date, *, min_years: bool) -> list[str]:
    """The scholarship as the rows in force on DAY describe it (not part of the cash)."""
    children = rules.find("benefit.scholarship.max_children", day)
    years = rules.find("benefit.scholarship.min_years", day)
    if children is None or (min_years and years is None):
        return []
    amount = rules.find("benefit.scholarship.lump_sum", day)
    what = f"Beasiswa {_rp(int(amount.amount))}" if amount is not None else "Beasiswa"
    condition = (
        f" bila masa iuran minimal {int(years.amount)} tahun" if min_years and years else ""
    )
    return [
        f"{what} untuk paling banyak {int(children.amount)} anak{condition} "
        "(tidak termasuk dalam total tunai)."
    ]


def benefit_jkm(rules: RuleSet, *, day: date) -> Benefit:
    """Cash paid to the heirs for a death not caused by work, on the date of death."""
    components = []
    for name, key in JKM_PARTS:
        rule = _rule(rules, "date", key, day)
        components.append(Component(name, int(rule.amount), rule.legal_basis))
    return Benefit("jkm", components, _scholarship_note(rules, day, min_years=True), day)


def _minimum_readings(rules: RuleSet, day: date) -> list[dict[str, Any]]:
    """The two readings of "at least the JKM benefit" that the rows allow on DAY."""
    parts = [rules.find(key, day) for _name, key in JKM_PARTS]
    readings = []
    if all(part is not None for part in parts):
        total = sum(int(part.amount) for part in parts if part is not None)
        readings.append({"reading": "jkm_total", "label": "total tunai JKM", "amount": total})
    if parts[0] is not None:
        readings.append(
            {
                "reading": "jkm_lump_sum",
                "label": "santunan kematian JKM",
                "amount": int(parts[0].amount),
            }
        )
    return readings


def benefit_jkk_death(rules: RuleSet, *, wage: int, day: date) -> Benefit:
    """Cash paid to the heirs for a death from a work accident, on the date of death.

    The floor ("paling sedikit sebesar manfaat JKM") is read two ways: the JKM cash total or
    the JKM santunan kematian. The rule row `benefit.jkk.death.minimum` holds the amount used;
    the answer names which reading that is and what the other would give.
    """
    _check_amount("wage", wage, "Upah", maximum=MAX_MONTHLY_AMOUNT)
    factor = _rule(rules, "date", "benefit.jkk.death.factor", day)
    minimum = _rule(rules, "date", "benefit.jkk.death.minimum", day)
    formula = round_rupiah(factor.amount * wage)
    floor = int(minimum.amount)
    applied = floor > formula
    readings = _minimum_readings(rules, day)
    for reading in readings:
        reading["lump_sum"] = max(formula, reading["amount"])
    used = next((r for r in readings if r["amount"] == floor), None)
    used_label = used["label"] if used else "nilai tabel aturan"
    if applied:
        name = f"Santunan kematian (minimum: {used_label})"
        basis = f"{minimum.legal_basis} (batas minimum)"
    else:
        name = f"Santunan kematian ({factor.amount.normalize():f} x upah)"
        basis = factor.legal_basis
    components = [Component(name, max(formula, floor), basis)]
    for label, key in (
        ("Biaya pemakaman", "benefit.jkk.funeral"),
        ("Santunan berkala", "benefit.jkk.periodic"),
    ):
        rule = _rule(rules, "date", key, day)
        components.append(Component(label, int(rule.amount), rule.legal_basis))
    others = [r for r in readings if r is not used]
    notes = [
        f"Batas minimum santunan kematian JKK (“paling sedikit sebesar manfaat JKM”, "
        f"{minimum.legal_basis}) dibaca dua cara; dipakai {used_label} {_rp(floor)} "
        f"({CONFIDENCE_WORDS.get(minimum.confidence, minimum.confidence)})."
        + "".join(
            f" Bacaan lain, {r['label']} {_rp(r['amount'])}: santunan kematian "
            f"{_rp(r['lump_sum'])}."
            for r in others
        )
    ]
    notes += _scholarship_note(rules, day, min_years=False)
    return Benefit(
        "jkk-death",
        components,
        notes,
        day,
        {
            "factor": float(factor.amount),
            "formula": formula,
            "amount": floor,
            "applied": applied,
            "used": used["reading"] if used else "table",
            "legal_basis": minimum.legal_basis,
            "confidence": minimum.confidence,
            "readings": readings,
        },
    )


# -- One entry point for CLI, API and page ---------------------------------------------------

SEGMENTS = ("pu", "bpu", "jakon")
BENEFITS = ("jkm", "jkk-death")
_LABELS = {
    "wage": "Upah",
    "income": "Penghasilan",
    "contract_value": "Nilai kontrak",
    "wages": "Total upah",
    "risk_group": "Kelompok risiko",
    "workers": "Jumlah pekerja",
}


def parse_day(value: str | date) -> date:
    """ "2019-12-02" -> date(2019, 12, 2)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise QuoteError("date", f"Tanggal harus berformat YYYY-MM-DD, bukan “{value}”.") from None


def benefit_day(rules: RuleSet, params: dict[str, Any]) -> date:
    """The date of death: `date`, or a `month` in which no benefit row changes."""
    if params.get("date"):
        return parse_day(params["date"])
    month = parse_month(params.get("month") or "")
    end = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    changes = rules.changes_within("benefit.", month, date.fromordinal(end.toordinal() - 1))
    if changes:
        raise QuoteError(
            "date",
            f"Aturan manfaat berubah pada {changes[0]:%Y-%m-%d}, di dalam bulan {month:%Y-%m}; "
            "sebutkan tanggal kejadian (YYYY-MM-DD).",
        )
    return month


def _int_param(params: dict[str, Any], name: str, *, required: bool) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise QuoteError(name, f"{_LABELS.get(name, name)} wajib diisi.")
        return None
    if isinstance(value, bool):
        raise QuoteError(name, f"{_LABELS.get(name, name)} harus bilangan bulat.")
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise QuoteError(name, f"{_LABELS.get(name, name)} harus bilangan bulat.") from None
    if number != number.to_integral_value():
        raise QuoteError(name, f"{_LABELS.get(name, name)} harus bilangan bulat rupiah.")
    return int(number)


def run_quote(rules: RuleSet, segment: str, params: dict[str, Any]) -> Quote:
    """Quote from loosely typed parameters (CLI options, JSON body or form data)."""
    _check_choice("segment", segment, SEGMENTS, "Segmen")
    month = parse_month(params.get("month") or "")
    sector = params.get("sector") or None
    if segment == "pu":
        return quote_pu(
            rules,
            wage=_int_param(params, "wage", required=True) or 0,
            month=month,
            risk_group=_int_param(params, "risk_group", required=False) or 1,
            programs=parse_programs(params.get("programs") or DEFAULT_PU, PU_PROGRAMS),
            sector=sector,
            workers=_int_param(params, "workers", required=False),
            scale=params.get("scale") or None,
        )
    if segment == "bpu":
        return quote_bpu(
            rules,
            income=_int_param(params, "income", required=True) or 0,
            month=month,
            programs=parse_programs(params.get("programs") or DEFAULT_BPU, BPU_PROGRAMS),
            sector=sector,
            funding=params.get("funding") or "self",
        )
    wages = _int_param(params, "wages", required=False)
    if wages is not None:
        return quote_jakon_wages(rules, wages=wages, month=month)
    value = _int_param(params, "contract_value", required=True) or 0
    return quote_jakon(rules, contract_value=value, month=month)


def run_benefit(rules: RuleSet, benefit: str, params: dict[str, Any]) -> Benefit:
    """Benefits keyed by the date of death (`date`), or by `month` when no row changes in it."""
    _check_choice("benefit", benefit, BENEFITS, "Manfaat")
    day = benefit_day(rules, params)
    if benefit == "jkm":
        return benefit_jkm(rules, day=day)
    return benefit_jkk_death(rules, wage=_int_param(params, "wage", required=True) or 0, day=day)
