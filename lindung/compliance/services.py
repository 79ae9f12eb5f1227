"""Every write of the compliance app: businesses, figures, findings, keys, checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.bpjs.models import Employer
from lindung.bpjs.queries import pending_for_business
from lindung.compliance import permit_sql, placeholders, rules
from lindung.compliance.models import (
    Business,
    BusinessFigure,
    Finding,
    FindingStep,
    Letterhead,
    LetterTemplate,
    PermitCheck,
    Umk,
)
from lindung.lib.dates import today as local_today
from lindung.registry.models import Pemda
from lindung.rulebook.services import current_ruleset, days_off

if TYPE_CHECKING:
    from lindung.accounts.models import Credential, User

BUSINESS_FIELDS = ("nib", "name", "kbli", "scale", "kecamatan", "address", "jkk_risk_group")
# Steps that warn the business; refused while a link that changes the letter awaits review.
WARNING_STAGES = (rules.TEGURAN_1, rules.TEGURAN_2, rules.TMP2T)
# Steps that send a letter, and so get a letter number.
LETTER_STAGES = (rules.TEGURAN_1, rules.TEGURAN_2, rules.TMP2T, rules.RESOLVED)


def _save(obj: Model, *, actor: User | None, reason: str) -> None:
    obj.full_clean()
    obj._history_user = actor  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


# -- businesses and figures ------------------------------------------------------------------


@transaction.atomic
def business_create(
    *, actor: User | None, pemda: Pemda, reason: str = "", recompute: bool = True, **fields: Any
) -> Business:
    unknown = set(fields) - set(BUSINESS_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    nib = rules.parse_nib(fields.pop("nib", ""))
    if Business.objects.filter(pemda=pemda, nib=nib).exists():
        raise ValidationError({"nib": "NIB ini sudah terdaftar."})
    business = Business(pemda=pemda, nib=nib, **fields)
    _save(business, actor=actor, reason=reason or "Badan usaha ditambahkan")
    if recompute:
        findings_recompute(pemda=pemda, business_ids=[business.pk])
    return business


@transaction.atomic
def business_update(
    *,
    actor: User | None,
    business: Business,
    reason: str = "",
    recompute: bool = True,
    **changes: Any,
) -> Business:
    unknown = set(changes) - set(BUSINESS_FIELDS) - {"nib"}
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    changes.pop("nib", None)  # the NIB identifies the business; it is not edited in place
    changed = False
    for name, value in changes.items():
        if getattr(business, name) != value:
            setattr(business, name, value)
            changed = True
    if changed:
        _save(business, actor=actor, reason=reason or "Data badan usaha diubah")
        if recompute:
            findings_recompute(pemda=business.pemda, business_ids=[business.pk])
    return business


@transaction.atomic
def figure_add(
    *,
    actor: User | None,
    business: Business,
    source: str,
    on: date,
    workers: int | None,
    total_wages: int | None = None,
    reason: str = "",
    recompute: bool = True,
) -> BusinessFigure:
    """Record what a source reported; the same source and date again replaces its figure."""
    if workers is None and total_wages is None:
        raise ValidationError({"workers": "Isi jumlah pekerja atau total upah."})
    figure = BusinessFigure.objects.filter(business=business, source=source, on=on).first()
    figure = figure or BusinessFigure(business=business, source=source, on=on)
    figure.workers, figure.total_wages = workers, total_wages
    _save(figure, actor=actor, reason=reason or "Angka pekerja dicatat")
    if recompute:
        findings_recompute(pemda=business.pemda, business_ids=[business.pk])
    return figure


@transaction.atomic
def umk_set(
    *, actor: User | None, pemda: Pemda, year: int, amount: int, legal_basis: str = ""
) -> Umk:
    umk = Umk.objects.filter(pemda=pemda, year=year).first() or Umk(pemda=pemda, year=year)
    umk.amount, umk.legal_basis = amount, legal_basis
    _save(umk, actor=actor, reason=f"UMK {year} ditetapkan")
    findings_recompute(pemda=pemda)
    return umk


# -- findings --------------------------------------------------------------------------------


@dataclass
class RecomputeReport:
    businesses: int = 0
    opened: int = 0
    updated: int = 0
    resolved: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _umk_for(pemda: Pemda, year: int) -> int | None:
    return Umk.objects.filter(pemda=pemda, year=year).values_list("amount", flat=True).first()


@transaction.atomic
def findings_recompute(
    *, pemda: Pemda, business_ids: list[int] | None = None, on: date | None = None
) -> RecomputeReport:
    """Detect findings again from the newest figures and the linked employers.

    A finding still detected keeps its workflow stage and gets fresh evidence; one no
    longer detected is resolved by the system; a dismissed one is not reopened. Runs in a
    fixed number of queries whatever the number of businesses.
    """
    day = on or local_today()
    ruleset = current_ruleset()
    umk = _umk_for(pemda, day.year)
    businesses = Business.objects.filter(pemda=pemda)
    if business_ids is not None:
        businesses = businesses.filter(pk__in=business_ids)
    business_list = list(businesses)
    ids = [b.pk for b in business_list]
    figures: dict[int, list[rules.Figure]] = defaultdict(list)
    for figure in BusinessFigure.objects.filter(business__pemda=pemda, business_id__in=ids):
        figures[figure.business_id].append(figure.as_rule())
    employers: dict[int, list[rules.EmployerFacts]] = defaultdict(list)
    for e in Employer.objects.linked().filter(pemda=pemda, business_id__in=ids):
        employers[e.business_id].append(e.as_rule())  # type: ignore[index]
    latest: dict[tuple[int, str], Finding] = {}
    for finding in Finding.objects.filter(pemda=pemda, business_id__in=ids).order_by("pk"):
        latest[(finding.business_id, finding.kind)] = finding
    now = timezone.now()
    report = RecomputeReport(businesses=len(business_list))
    new: list[Finding] = []
    touched: list[Finding] = []
    steps: list[FindingStep] = []
    for b in business_list:
        facts = rules.BusinessFacts(
            scale=b.scale,
            figures=tuple(figures.get(b.pk, ())),
            employers=tuple(employers.get(b.pk, ())),
            risk_group=b.jkk_risk_group,
        )
        result = rules.assess(facts, rules=ruleset, today=day, umk=umk)
        detected = {d.kind: d for d in result.findings}
        for kind in rules.KINDS:
            old = latest.get((b.pk, kind))
            found = detected.get(kind)
            if found is not None:
                report.by_kind[kind] = report.by_kind.get(kind, 0) + 1
                if old is not None and old.stage in (*rules.ACTIVE_STAGES, rules.DISMISSED):
                    old.evidence, old.iuran, old.recomputed_at = found.evidence, found.iuran, now
                    touched.append(old)
                    report.updated += 1
                else:
                    finding = Finding(
                        pemda=pemda, business=b, kind=kind, since=day, evidence=found.evidence,
                        iuran=found.iuran, stage=rules.OPEN, stage_since=day, recomputed_at=now,
                    )  # fmt: skip
                    new.append(finding)
                    latest[(b.pk, kind)] = finding
                    report.opened += 1
            elif old is not None and old.stage in rules.ACTIVE_STAGES:
                old.stage, old.stage_since, old.deadline = rules.RESOLVED, day, None
                old.recomputed_at = now
                touched.append(old)
                steps.append(
                    FindingStep(finding=old, stage=rules.RESOLVED, on=day,
                                note="Tidak terdeteksi lagi pada data terbaru.")
                )  # fmt: skip
                report.resolved += 1
        b.reported_workers = result.reported_workers
        b.bpjs_workers = result.bpjs_workers
        b._has_data = bool(facts.figures or facts.employers)  # type: ignore[attr-defined]
    Finding.objects.bulk_create(new, batch_size=1000)
    steps.extend(
        FindingStep(finding=f, stage=rules.OPEN, on=day, note="Terdeteksi dari data terbaru.")
        for f in new
    )
    Finding.objects.bulk_update(
        touched,
        ["evidence", "iuran", "stage", "stage_since", "deadline", "recomputed_at"],
        batch_size=1000,
    )
    FindingStep.objects.bulk_create(steps, batch_size=1000)
    active: dict[int, list[Finding]] = defaultdict(list)
    for f in latest.values():
        if f.stage in rules.ACTIVE_STAGES:
            active[f.business_id].append(f)
    for b in business_list:
        _set_status(b, active.get(b.pk, []), has_data=b._has_data)  # type: ignore[attr-defined]
    Business.objects.bulk_update(
        business_list,
        ["status", "open_findings", "reported_workers", "bpjs_workers"],
        batch_size=1000,
    )
    return report


def _set_status(business: Business, active: list[Finding], *, has_data: bool) -> None:
    active = sorted(active, key=lambda f: rules.KINDS.index(f.kind))
    business.status = rules.permit_status(has_data=has_data, active_kinds=[f.kind for f in active])
    business.open_findings = [
        {"kind": f.kind, "since": f.since.isoformat(), "stage": f.stage} for f in active
    ]


def _refresh_status(business: Business) -> None:
    active = list(business.findings.active())
    has_data = business.figures.exists() or business.employers.linked().exists()
    _set_status(business, active, has_data=has_data)
    Business.objects.filter(pk=business.pk).update(
        status=business.status, open_findings=business.open_findings
    )


def _letter_number(pemda: Pemda, on: date) -> str:
    letterhead = Letterhead.objects.filter(pemda=pemda).first()
    fmt = letterhead.number_format if letterhead else "560/{nomor}/Disnaker/{tahun}"
    sent = FindingStep.objects.filter(
        finding__pemda=pemda, on__year=on.year, stage__in=LETTER_STAGES
    ).exclude(letter_number="")
    number = sent.count() + 1
    # `{nomor}` and `{tahun}` only: never str.format (specs, attributes) on edited text.
    return placeholders.render(fmt, {"nomor": f"{number:03d}", "tahun": on.year})[:80]


def letter_refusal(business_id: int) -> str:
    """Why no warning letter may go to this business now ("" when it may).

    A letter may never contradict the data on the same page: while an NPP proposed for the
    business waits for review, what the letter would say (no NPP, how many workers BPJS TK
    covers) may be wrong.
    """
    pending = list(pending_for_business(business_id).values_list("npp", "divisi")[:5])
    if not pending:
        return ""
    npps = ", ".join(f"{npp}/{divisi}" if divisi else npp for npp, divisi in pending)
    return _(
        "Surat belum dapat dibuat: NPP %(npps)s diusulkan tertaut ke badan usaha ini dan "
        "menunggu pemeriksaan. Putuskan tautannya dahulu (menu Tautan NPP), agar isi surat "
        "sesuai dengan data."
    ) % {"npps": npps}


@transaction.atomic
def finding_step(
    *,
    actor: User | None,
    finding: Finding,
    stage: str,
    note: str = "",
    on: date | None = None,
) -> FindingStep:
    """Move a finding one step (teguran I, II, TMP2T recommendation, resolve, dismiss)."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    day = on or local_today()
    try:
        rules.check_transition(
            finding.stage, stage, on=day, deadline=finding.deadline, reason=note
        )
    except rules.TransitionError as exc:
        raise ValidationError(str(exc)) from exc
    if stage in WARNING_STAGES:
        refusal = letter_refusal(finding.business_id)
        if refusal:
            raise ValidationError(refusal)
    deadline = rules.deadline_for(stage, day, current_ruleset(), days_off())
    step = FindingStep(
        finding=finding,
        stage=stage,
        on=day,
        deadline=deadline,
        by=actor,
        note=note.strip(),
        letter_number=_letter_number(finding.pemda, day) if stage in LETTER_STAGES else "",
    )
    step.full_clean()
    step.save()
    finding.stage, finding.stage_since, finding.deadline = stage, day, deadline
    finding.save(update_fields=["stage", "stage_since", "deadline"])
    _refresh_status(finding.business)
    return step


# -- letters ---------------------------------------------------------------------------------


@transaction.atomic
def letterhead_update(*, actor: User | None, pemda: Pemda, **fields: Any) -> Letterhead:
    letterhead = Letterhead.objects.filter(pemda=pemda).first() or Letterhead(pemda=pemda)
    for name, value in fields.items():
        setattr(letterhead, name, value)
    _save(letterhead, actor=actor, reason="Kop surat diubah")
    return letterhead


@transaction.atomic
def letter_template_update(
    *, actor: User | None, pemda: Pemda, stage: str, subject: str, body: str
) -> LetterTemplate:
    template = LetterTemplate.objects.filter(pemda=pemda, stage=stage).first()
    template = template or LetterTemplate(pemda=pemda, stage=stage)
    template.subject, template.body = subject, body
    _save(template, actor=actor, reason="Templat surat diubah")
    return template


# -- the permit check (client keys: lindung.accounts.services) -------------------------


def permit_answer(*, pemda_id: int, nib: str) -> tuple[dict[str, Any], int | None]:
    """The answer for one NIB of one Pemda, and the business id (None when unknown)."""
    row = (
        Business.objects.filter(pemda_id=pemda_id, nib=nib)
        .values_list("pk", "name", "status", "open_findings")
        .first()
    )
    if row is None:
        return {"nib": nib, "name": None, "status": rules.UNKNOWN, "findings": []}, None
    pk, name, status, findings = row
    return {"nib": nib, "name": name, "status": status, "findings": findings}, pk


def permit_check(
    *,
    pemda_id: int,
    nib: str,
    channel: str,
    api_key: Credential | None = None,
    user: User | None = None,
) -> dict[str, Any]:
    """Answer a permit check and log it (who, when, result). Raises NibError on a bad NIB.

    No personal data leaves: the business name, its status and the kinds, dates and
    stages of its open findings. On PostgreSQL the read and the log insert are one
    prepared statement, committed asynchronously (see lindung.compliance.permit_sql).
    """
    nib = rules.parse_nib(nib)
    checked_at = timezone.now()
    key_id = api_key.pk if api_key is not None else None
    user_id = user.pk if user is not None else None
    if connection.vendor == "postgresql":
        row = permit_sql.check_and_log(
            pemda=pemda_id, nib=nib, unknown=rules.UNKNOWN, channel=channel, key=key_id,
            user=user_id, at=checked_at,
        )  # fmt: skip
        if row is None:
            answer: dict[str, Any] = {
                "nib": nib, "name": None, "status": rules.UNKNOWN, "findings": []
            }  # fmt: skip
        else:
            answer = {"nib": nib, "name": row[0], "status": row[1], "findings": row[2]}
        return {**answer, "checked_at": checked_at}
    answer, business_id = permit_answer(pemda_id=pemda_id, nib=nib)
    PermitCheck.objects.create(
        pemda_id=pemda_id, nib=nib, business_id=business_id, status=answer["status"],
        channel=channel, api_key_id=key_id, user_id=user_id, checked_at=checked_at,
    )  # fmt: skip
    return {**answer, "checked_at": checked_at}
