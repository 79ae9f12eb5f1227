"""Every write to cohorts goes through these functions (web, API, demo).

Each runs in a transaction, validates the model (field errors in Bahasa Indonesia, nothing
written on error) and records who changed what in the history tables.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lindung.cohorts.models import (
    ElectionCohort,
    ElectionMember,
    ElectionRole,
    InformalCohort,
    InformalMember,
    SegmentTarget,
)
from lindung.lib import nik as nik_rules
from lindung.lib.dates import today
from lindung.registry.models import Pemda
from lindung.rulebook.services import current_ruleset

if TYPE_CHECKING:
    from lindung.accounts.models import User

MemberT = TypeVar("MemberT", ElectionMember, InformalMember)


def _save(obj: Model, *, actor: User | None, reason: str) -> None:
    obj.full_clean()
    obj._history_user = actor  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


def _nik(raw: str) -> str:
    parsed = nik_rules.parse_nik(nik_rules.normalize_nik(raw))
    if not parsed.valid:
        raise ValidationError({"nik": " ".join(parsed.errors)})
    return parsed.nik


@transaction.atomic
def election_cohort_create(
    *,
    actor: User | None,
    pemda: Pemda,
    body: str,
    election_name: str,
    term_start: date,
    term_end: date,
) -> ElectionCohort:
    cohort = ElectionCohort(
        pemda=pemda,
        body=body,
        election_name=election_name.strip(),
        term_start=term_start,
        term_end=term_end,
    )
    _save(cohort, actor=actor, reason=_("Kohort panitia ad hoc dibuat"))
    return cohort


@transaction.atomic
def election_role_set(
    *,
    actor: User | None,
    cohort: ElectionCohort,
    role: str,
    honorarium: int,
    term_start: date | None = None,
    term_end: date | None = None,
) -> ElectionRole:
    """Add a role to the cohort or change its honorarium and its own term (none: the
    cohort's term)."""
    row = ElectionRole.objects.filter(cohort=cohort, role=role).first()
    if row is None:
        row = ElectionRole(cohort=cohort, role=role, honorarium=honorarium)
    row.honorarium, row.term_start, row.term_end = honorarium, term_start, term_end
    _save(row, actor=actor, reason=_("Honorarium peran diisi"))
    return row


def election_member_validate(
    *, cohort: ElectionCohort, roles: dict[str, ElectionRole], role: str, nik: str, name: str
) -> ElectionMember:
    """An unsaved member checked like every write (NIK, a role of the cohort, name).

    `roles` are the cohort's roles by their choice value. Nothing is written; raises
    ValidationError. Whether the NIK is already in the cohort is the caller's question.
    """
    nik = _nik(nik)
    role_row = roles.get(role)
    if role_row is None:
        raise ValidationError({"role": _("Isi dulu honorarium peran ini untuk kohort ini.")})
    member = ElectionMember(cohort=cohort, role=role_row, nik=nik, name=name.strip())
    member.full_clean(exclude=["cohort", "role"], validate_constraints=False)
    return member


def _election_roles(cohort: ElectionCohort) -> dict[str, ElectionRole]:
    return {r.role: r for r in ElectionRole.objects.filter(cohort=cohort)}


@transaction.atomic
def election_member_add(
    *, actor: User | None, cohort: ElectionCohort, role: str, nik: str, name: str
) -> ElectionMember:
    member = election_member_validate(
        cohort=cohort, roles=_election_roles(cohort), role=role, nik=nik, name=name
    )
    if ElectionMember.objects.filter(cohort=cohort, nik=member.nik).exists():
        raise ValidationError({"nik": _("NIK ini sudah tercatat di kohort ini.")})
    _save(member, actor=actor, reason=_("Anggota panitia ditambahkan"))
    return member


@transaction.atomic
def election_members_bulk_save(
    *, actor: User | None, cohort: ElectionCohort, rows: list[dict[str, Any]], reason: str
) -> tuple[int, int]:
    """Add many members (imports), or change the role and name of NIKs already in the cohort.

    Each row ({role, nik, name}) is checked like election_member_add; one error and nothing
    is written. One history record per member written; returns (added, changed).
    """
    roles = _election_roles(cohort)
    built = [election_member_validate(cohort=cohort, roles=roles, **row) for row in rows]
    known = _known(ElectionMember, cohort, built)
    new, changed = [], []
    for member in built:
        old = known.get(member.nik)
        if old is None:
            new.append(member)
        elif (old.role_id, old.name) != (member.role_id, member.name):
            old.role, old.name = member.role, member.name
            changed.append(old)
    _bulk_write(ElectionMember, new, changed, ["role", "name"], actor=actor, reason=reason)
    return len(new), len(changed)


@transaction.atomic
def informal_cohort_create(
    *,
    actor: User | None,
    pemda: Pemda,
    name: str,
    segment: str,
    funding: str,
    kecamatan: str = "",
) -> InformalCohort:
    cohort = InformalCohort(
        pemda=pemda, name=name.strip(), segment=segment, funding=funding, kecamatan=kecamatan
    )
    _save(cohort, actor=actor, reason=_("Kohort pekerja informal dibuat"))
    return cohort


def minimum_income() -> int:
    """The lowest declared income BPJS TK accepts for BPU this month (rule bpu.min_income)."""
    return int(current_ruleset().get("bpu.min_income", today().replace(day=1)).amount)


def _check_income(income: int, minimum: int | None = None) -> None:
    minimum = minimum_income() if minimum is None else minimum
    if income < minimum:
        message = _("Penghasilan paling rendah Rp%(min)s sebulan (PP 44/2015 Lampiran II).") % {
            "min": f"{minimum:,}".replace(",", ".")
        }
        raise ValidationError(
            {"declared_income": ValidationError(message, code="income_below_minimum")}
        )


def informal_member_validate(
    *,
    cohort: InformalCohort,
    nik: str,
    name: str,
    declared_income: int,
    minimum: int | None = None,
) -> InformalMember:
    """An unsaved member checked like every write (NIK, income at least `minimum`, name).

    `minimum` defaults to minimum_income(). Nothing is written; raises ValidationError.
    Whether the NIK is already in the cohort is the caller's question.
    """
    nik = _nik(nik)
    _check_income(declared_income, minimum)
    member = InformalMember(
        cohort=cohort, nik=nik, name=name.strip(), declared_income=declared_income
    )
    member.full_clean(exclude=["cohort"], validate_constraints=False)
    return member


@transaction.atomic
def informal_member_add(
    *, actor: User | None, cohort: InformalCohort, nik: str, name: str, declared_income: int
) -> InformalMember:
    member = informal_member_validate(
        cohort=cohort, nik=nik, name=name, declared_income=declared_income
    )
    if InformalMember.objects.filter(cohort=cohort, nik=member.nik).exists():
        raise ValidationError({"nik": _("NIK ini sudah tercatat di kohort ini.")})
    _save(member, actor=actor, reason=_("Anggota kohort informal ditambahkan"))
    return member


@transaction.atomic
def informal_members_bulk_save(
    *, actor: User | None, cohort: InformalCohort, rows: list[dict[str, Any]], reason: str
) -> tuple[int, int]:
    """Add many members (imports), or change the name and income of NIKs already in the cohort.

    Each row ({nik, name, declared_income}) is checked like informal_member_add; one error
    and nothing is written. One history record per member written; returns (added, changed).
    """
    minimum = minimum_income()
    built = [informal_member_validate(cohort=cohort, minimum=minimum, **row) for row in rows]
    known = _known(InformalMember, cohort, built)
    new, changed = [], []
    for member in built:
        old = known.get(member.nik)
        if old is None:
            new.append(member)
        elif (old.name, old.declared_income) != (member.name, member.declared_income):
            old.name, old.declared_income = member.name, member.declared_income
            changed.append(old)
    fields = ["name", "declared_income"]
    _bulk_write(InformalMember, new, changed, fields, actor=actor, reason=reason)
    return len(new), len(changed)


def _known(model: type[MemberT], cohort: Any, built: list[MemberT]) -> dict[str, MemberT]:
    """The cohort's members with the NIKs of `built`; a NIK twice in `built` is an error."""
    niks = [m.nik for m in built]
    twice = [nik for nik, n in Counter(niks).items() if n > 1]
    if twice:
        raise ValidationError({"nik": _("NIK %(nik)s tercantum dua kali.") % {"nik": twice[0]}})
    found = model._default_manager.filter(cohort=cohort, nik__in=niks)
    return {m.nik: m for m in found}


def _bulk_write(
    model: type[Model],
    new: list[Any],
    changed: list[Any],
    fields: list[str],
    *,
    actor: User | None,
    reason: str,
) -> None:
    if new:
        bulk_create_with_history(
            new, model, batch_size=1000, default_user=actor, default_change_reason=reason
        )
    if changed:
        bulk_update_with_history(
            changed, model, fields, batch_size=1000, default_user=actor,
            default_change_reason=reason,
        )  # fmt: skip


@transaction.atomic
def segment_target_set(
    *, actor: User | None, pemda: Pemda, segment: str, year: int, target: int
) -> SegmentTarget:
    row = SegmentTarget.objects.filter(pemda=pemda, segment=segment, year=year).first()
    if row is None:
        row = SegmentTarget(pemda=pemda, segment=segment, year=year, target=target)
    row.target = target
    _save(row, actor=actor, reason=_("Target segmen diisi"))
    return row
