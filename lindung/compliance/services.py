"""Every write of the compliance app: businesses, figures, links, findings, keys, checks."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from lindung.compliance import permit_sql, placeholders, rules
from lindung.compliance.models import (
    KEY_PREFIX,
    ApiKey,
    Business,
    BusinessFigure,
    Employer,
    Finding,
    FindingStep,
    Letterhead,
    LetterTemplate,
    PermitCheck,
    Umk,
)
from lindung.lib.dates import today as local_today
from lindung.lib.ratelimit import count_in_window
from lindung.registry.models import Pemda
from lindung.rulebook.services import current_ruleset, days_off

if TYPE_CHECKING:
    from lindung.accounts.models import User

BUSINESS_FIELDS = ("nib", "name", "kbli", "scale", "kecamatan", "address", "jkk_risk_group")
# Steps that send a letter, and so get a letter number.
LETTER_STAGES = (rules.TEGURAN_1, rules.TEGURAN_2, rules.TMP2T, rules.RESOLVED)
# A close name in the same kecamatan goes to the review list, never straight to a link.
FUZZY_MIN = 0.88


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


# -- linking BPJS employers to businesses ----------------------------------------------------


def _kecamatan_key(text: str) -> str:
    key = re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
    return re.sub(r"^(kecamatan|kec)\s+", "", key)


@dataclass
class LinkReport:
    by_nib: int = 0
    by_name: int = 0
    pending: int = 0
    unlinked: int = 0


def employers_link(*, pemda: Pemda, employer_ids: list[int] | None = None) -> LinkReport:
    """Link employers not yet decided: by NIB, then by normalised name plus kecamatan.

    A unique exact name in the same kecamatan links; other name matches (another kecamatan,
    several candidates, a close spelling) go to the review list. Links a person confirmed
    or rejected stay as they are.
    """
    report = LinkReport()
    todo = Employer.objects.filter(
        pemda=pemda, link__in=(Employer.Link.NONE, Employer.Link.PENDING)
    )
    if employer_ids is not None:
        todo = todo.filter(pk__in=employer_ids)
    todo_list = list(todo)
    if not todo_list:
        return report
    rows = list(Business.objects.filter(pemda=pemda).values_list("pk", "nib", "name_key",
                                                                 "kecamatan"))  # fmt: skip
    by_nib = {nib: pk for pk, nib, _k, _kec in rows}
    by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
    by_block: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for pk, _nib, key, kec in rows:
        by_key[key].append((pk, _kecamatan_key(kec)))
        by_block[(_kecamatan_key(kec), key[:3])].append((pk, key))
    changed = []
    for e in todo_list:
        e.name_key = rules.business_name_key(e.name)
        business_id, link = None, Employer.Link.NONE
        if e.nib and e.nib in by_nib and by_nib[e.nib] not in e.rejected:
            business_id, link = by_nib[e.nib], Employer.Link.NIB
            report.by_nib += 1
        else:
            kec = _kecamatan_key(e.kecamatan)
            named = [(pk, k) for pk, k in by_key.get(e.name_key, []) if pk not in e.rejected]
            here = [pk for pk, k in named if kec and k == kec]
            if len(here) == 1:
                business_id, link = here[0], Employer.Link.NAME
                report.by_name += 1
            elif named:
                business_id, link = (here or [named[0][0]])[0], Employer.Link.PENDING
                report.pending += 1
            else:
                best = _closest(e.name_key, by_block.get((kec, e.name_key[:3]), []), e.rejected)
                if best is not None:
                    business_id, link = best, Employer.Link.PENDING
                    report.pending += 1
                else:
                    report.unlinked += 1
        if (e.business_id, e.link) != (business_id, link):
            e.business_id, e.link = business_id, link
            changed.append(e)
    Employer.objects.bulk_update(todo_list, ["name_key"], batch_size=1000)
    Employer.objects.bulk_update(changed, ["business", "link"], batch_size=1000)
    return report


def _closest(key: str, candidates: list[tuple[int, str]], rejected: list[int]) -> int | None:
    best, best_ratio = None, FUZZY_MIN
    for pk, other in candidates:
        if pk in rejected:
            continue
        matcher = SequenceMatcher(None, key, other)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = pk, ratio
    return best


@transaction.atomic
def employer_link_decide(
    *, actor: User | None, employer: Employer, business: Business | None, accept: bool
) -> Employer:
    """A reviewer confirms the suggested (or another) business, or rejects the suggestion."""
    old_business = employer.business
    if accept:
        target = business or employer.business
        if target is None or target.pemda_id != employer.pemda_id:
            raise ValidationError({"business": "Pilih badan usaha dari Pemda yang sama."})
        employer.business, employer.link = target, Employer.Link.CONFIRMED
        reason = f"Tautan ke {target.nib} dikonfirmasi"
    else:
        if employer.business_id and employer.business_id not in employer.rejected:
            employer.rejected = [*employer.rejected, employer.business_id]
        employer.business, employer.link = None, Employer.Link.REJECTED
        reason = "Usulan tautan ditolak"
    employer.linked_by = actor
    _save(employer, actor=actor, reason=reason)
    touched = {b.pk for b in (old_business, employer.business) if b is not None}
    findings_recompute(pemda=employer.pemda, business_ids=sorted(touched))
    return employer


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
    for e in Employer.objects.filter(pemda=pemda, business_id__in=ids, link__in=Employer.LINKED):
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
    has_data = (
        business.figures.exists() or business.employers.filter(link__in=Employer.LINKED).exists()
    )
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


# -- client keys and the permit check --------------------------------------------------------


@transaction.atomic
def apikey_create(
    *, pemda: Pemda, name: str, actor: User | None = None, rate_per_minute: int = 300
) -> tuple[ApiKey, str]:
    """Issue a client key; the raw key is returned once and only its digest is kept."""
    if not name.strip():
        raise ValidationError({"name": "Nama sistem klien wajib diisi."})
    if rate_per_minute < 1:
        raise ValidationError({"rate_per_minute": "Batas per menit minimal 1."})
    raw = ApiKey.new_raw()
    key = ApiKey.objects.create(
        pemda=pemda, name=name.strip()[:100], prefix=raw[:12], digest=ApiKey.digest_of(raw),
        rate_per_minute=rate_per_minute, created_by=actor,
    )  # fmt: skip
    return key, raw


@transaction.atomic
def apikey_revoke(*, key: ApiKey) -> ApiKey:
    if key.revoked_at is not None:
        raise ValidationError("Kunci ini sudah dicabut.")
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    _live_keys.clear()
    return key


# Keys found live recently, per process: the permit check is the hottest path and a key
# lookup per request costs a database round trip. A revoked key is refused at once by the
# process that revoked it and within KEY_CACHE_SECONDS by every other worker.
KEY_CACHE_SECONDS = 5.0
_live_keys: dict[str, tuple[float, ApiKey]] = {}


def apikey_authenticate(raw: str) -> ApiKey | None:
    """The live key for a raw bearer value, or None (an indexed query, cached briefly)."""
    if not raw.startswith(KEY_PREFIX):
        return None
    digest = ApiKey.digest_of(raw)
    now = time.monotonic()
    hit = _live_keys.get(digest)
    if hit is not None and now - hit[0] < KEY_CACHE_SECONDS:
        return hit[1]
    key = (
        ApiKey.objects.filter(digest=digest, revoked_at__isnull=True)
        .only("pk", "pemda_id", "rate_per_minute", "name")
        .first()
    )
    if key is None:
        _live_keys.pop(digest, None)
        return None
    if len(_live_keys) > 10_000:
        _live_keys.clear()
    _live_keys[digest] = (now, key)
    return key


RATE_WINDOW = 60  # seconds


def rate_limited(key: ApiKey, *, now: float | None = None) -> bool:
    """Count this request in the key's fixed one-minute window; True when over the limit.

    A counter in the shared cache costs one increment and no database write per request,
    which matters on the hottest endpoint.
    """
    count = count_in_window(f"compliance:rate:{key.pk}", window=RATE_WINDOW, now=now)
    return count > key.rate_per_minute


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
    api_key: ApiKey | None = None,
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
