"""Every write to cohorts goes through these functions (web, API, demo).

Each runs in a transaction, validates the model (field errors in Bahasa Indonesia, nothing
written on error) and records who changed what in the history tables.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

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
    *, actor: User | None, cohort: ElectionCohort, role: str, honorarium: int
) -> ElectionRole:
    """Add a role to the cohort or change its honorarium."""
    row = ElectionRole.objects.filter(cohort=cohort, role=role).first()
    if row is None:
        row = ElectionRole(cohort=cohort, role=role, honorarium=honorarium)
    row.honorarium = honorarium
    _save(row, actor=actor, reason=_("Honorarium peran diisi"))
    return row


@transaction.atomic
def election_member_add(
    *, actor: User | None, cohort: ElectionCohort, role: str, nik: str, name: str
) -> ElectionMember:
    nik = _nik(nik)
    role_row = ElectionRole.objects.filter(cohort=cohort, role=role).first()
    if role_row is None:
        raise ValidationError({"role": _("Isi dulu honorarium peran ini untuk kohort ini.")})
    if ElectionMember.objects.filter(cohort=cohort, nik=nik).exists():
        raise ValidationError({"nik": _("NIK ini sudah tercatat di kohort ini.")})
    member = ElectionMember(cohort=cohort, role=role_row, nik=nik, name=name.strip())
    _save(member, actor=actor, reason=_("Anggota panitia ditambahkan"))
    return member


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


def _check_income(income: int) -> None:
    minimum = int(current_ruleset().get("bpu.min_income", today().replace(day=1)).amount)
    if income < minimum:
        raise ValidationError(
            {
                "declared_income": _(
                    "Penghasilan paling rendah Rp%(min)s sebulan (PP 44/2015 Lampiran II)."
                )
                % {"min": f"{minimum:,}".replace(",", ".")}
            }
        )


@transaction.atomic
def informal_member_add(
    *, actor: User | None, cohort: InformalCohort, nik: str, name: str, declared_income: int
) -> InformalMember:
    nik = _nik(nik)
    _check_income(declared_income)
    if InformalMember.objects.filter(cohort=cohort, nik=nik).exists():
        raise ValidationError({"nik": _("NIK ini sudah tercatat di kohort ini.")})
    member = InformalMember(
        cohort=cohort, nik=nik, name=name.strip(), declared_income=declared_income
    )
    _save(member, actor=actor, reason=_("Anggota kohort informal ditambahkan"))
    return member


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
