"""Every write to the registry goes through these functions (web, API, import and CLI).

Each runs in a transaction, validates the model, and records who changed what and why in the
history tables.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from lindung.lib import nik as nik_rules
from lindung.lib.dates import today
from lindung.registry.fastinsert import ids_by_key, insert_with_history, reserve_ids
from lindung.registry.models import Engagement, Opd, Pemda, Person
from lindung.registry.rules import MAX_MONTHLY_WAGE

if TYPE_CHECKING:
    from lindung.accounts.models import User

_PERSON_FIELDS = ("name", "birth_date", "sex", "phone")
_ENGAGEMENT_FIELDS = ("category", "has_sk", "monthly_wage", "funding_source", "start_date")
_OPD_FIELDS = ("name", "kind", "jkk_risk_group", "npp", "divisi")
_PERSON_COLUMNS = ("id", "pemda_id", "nik", "name", "birth_date", "sex", "phone")
_ENGAGEMENT_COLUMNS = (
    "id", "pemda_id", "person_id", "opd_id", "category", "has_sk", "monthly_wage",
    "funding_source", "start_date", "end_date",
)  # fmt: skip


def _save(obj: Model, *, actor: User | None, reason: str) -> None:
    """Validate and save with the history user and reason attached."""
    obj.full_clean()
    obj._history_user = actor  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


def _apply(obj: Model, fields: tuple[str, ...], changes: dict[str, Any]) -> bool:
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    changed = False
    for field, value in changes.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed


@transaction.atomic
def pemda_setup(*, code: str, name: str) -> tuple[Pemda, bool]:
    """Create the tenant, or return the existing one with that Kemendagri code."""
    pemda = Pemda.objects.filter(code=code).first()
    if pemda is not None:
        if pemda.name != name:
            pemda.name = name
            pemda.full_clean()
            pemda.save(update_fields=["name"])
        return pemda, False
    pemda = Pemda(code=code, name=name)
    pemda.full_clean()
    pemda.save()
    return pemda, True


@transaction.atomic
def opd_create(
    *, actor: User | None, pemda: Pemda, code: str, reason: str = "", **fields: Any
) -> Opd:
    if Opd.objects.filter(pemda=pemda, code=code).exists():
        raise ValidationError({"code": _("Kode OPD %(code)s sudah dipakai.") % {"code": code}})
    opd = Opd(pemda=pemda, code=code)
    _apply(opd, _OPD_FIELDS, fields)
    _save(opd, actor=actor, reason=reason or _("OPD dibuat"))
    return opd


@transaction.atomic
def opd_update(*, actor: User | None, opd: Opd, reason: str, **changes: Any) -> Opd:
    if _apply(opd, _OPD_FIELDS, changes):
        _save(opd, actor=actor, reason=reason)
    return opd


def _open_engagements(person: Person, since: date | None) -> Any:
    """Engagements not ended before `since` (current or future).

    An unknown start (None) is checked against today, as an import checks its rows: taken
    as "long ago" it would clash with every engagement the person ever had, and a former
    worker could never be engaged again.
    """
    since = since or today()
    return person.engagements.filter(Q(end_date__isnull=True) | Q(end_date__gte=since))


@transaction.atomic
def worker_add(
    *,
    actor: User | None,
    opd: Opd,
    nik: str,
    name: str,
    birth_date: date | None = None,
    sex: str = "",
    phone: str = "",
    category: str,
    has_sk: bool = False,
    monthly_wage: int | None = None,
    funding_source: str = Engagement.Funding.APBD,
    start_date: date | None = None,
    reason: str = "",
    birth_date_confirmed: bool = False,
) -> Engagement:
    """Engage a person (found or created by NIK) in an OPD.

    A wage or start of None is unknown (see Engagement). A NIK still engaged anywhere in
    the Pemda is refused: the earlier engagement must end first, so a worker is never
    counted twice. `birth_date_confirmed`: the user confirmed a birth date that
    contradicts the NIK (the form asks); the history reason says so.
    """
    nik = nik_rules.normalize_nik(nik)
    parsed = nik_rules.parse_nik(nik, birth_date=birth_date, sex=sex or None)
    if not parsed.valid:
        raise ValidationError({"nik": " ".join(parsed.errors)})
    reason = reason or _("Pekerja baru ditambahkan")
    if birth_date_confirmed and birth_date is not None and birth_date != parsed.birth_date:
        # The note goes first: the history's reason column holds 100 characters.
        reason = f"{_('Tanggal lahir berbeda dengan NIK, dikonfirmasi')}; {reason}"[:100]
    person = Person.objects.filter(pemda_id=opd.pemda_id, nik=nik).first()
    if person is not None:
        open_here = _open_engagements(person, start_date)
        if open_here.filter(opd=opd).exists():
            raise ValidationError(
                {"nik": _("NIK ini sudah terdaftar sebagai pekerja di OPD ini.")}
            )
        if open_here.exists():
            raise ValidationError(
                {
                    "nik": _(
                        "NIK ini masih tercatat aktif di OPD lain di Pemda ini. Penugasan lama "
                        "harus diakhiri dulu (hubungi Admin Pemda)."
                    )
                }
            )
    else:
        person = Person(
            pemda_id=opd.pemda_id,
            nik=nik,
            name=name.strip(),
            # A blank birth date or sex is filled from the NIK, which encodes both.
            birth_date=birth_date or parsed.birth_date,
            sex=sex or parsed.sex or "",
            phone=phone,
        )
        _save(person, actor=actor, reason=reason)
    engagement = Engagement(
        pemda_id=opd.pemda_id,
        person=person,
        opd=opd,
        category=category,
        has_sk=has_sk,
        monthly_wage=monthly_wage,
        funding_source=funding_source,
        start_date=start_date,
    )
    _save(engagement, actor=actor, reason=reason)
    return engagement


@transaction.atomic
def person_update(*, actor: User | None, person: Person, reason: str, **changes: Any) -> Person:
    if _apply(person, _PERSON_FIELDS, changes):
        _save(person, actor=actor, reason=reason)
    return person


@transaction.atomic
def engagement_update(
    *, actor: User | None, engagement: Engagement, reason: str, **changes: Any
) -> Engagement:
    if _apply(engagement, _ENGAGEMENT_FIELDS, changes):
        _save(engagement, actor=actor, reason=reason)
    return engagement


@transaction.atomic
def engagement_end(
    *, actor: User | None, engagement: Engagement, end_date: date, reason: str
) -> Engagement:
    """End an engagement; it stays in the registry and its history."""
    if engagement.end_date is not None and engagement.end_date < today():
        raise ValidationError({"end_date": _("Penugasan ini sudah berakhir.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    engagement.end_date = end_date
    _save(engagement, actor=actor, reason=reason)
    return engagement


def _check_nik(nik: str) -> nik_rules.NikResult:
    parsed = nik_rules.parse_nik(nik)
    if not parsed.valid:
        raise ValidationError({"nik": " ".join(parsed.errors)})
    return parsed


_CATEGORIES = frozenset(Engagement.Category.values)


def _check_values(row: dict[str, Any]) -> None:
    """The invariants full_clean would check, in pure Python (imports validate cells first)."""
    wage = row.get("monthly_wage")
    if wage is not None and not 1 <= wage <= MAX_MONTHLY_WAGE:
        raise ValidationError({"monthly_wage": _("Upah di luar batas wajar.")})
    if row.get("category", "other") not in _CATEGORIES:
        raise ValidationError({"category": _("Kategori tidak dikenal.")})


@transaction.atomic
def workers_bulk_add(
    *, actor: User | None, opd: Opd, rows: list[dict[str, Any]], reason: str
) -> list[int]:
    """Engage many people in one OPD at once (imports), with one history record each.

    The caller has planned the rows: no NIK among them is engaged anywhere in the Pemda
    now. People new to the Pemda are created; known ones are engaged again. A row without
    a wage or start date leaves it unknown (None), not today's date. Rows are
    written as tuples (no model instances: this is the path of large files); returns the
    new engagements' ids.
    """
    for row in rows:
        _check_values(row)
    parsed = [_check_nik(row["nik"]) for row in rows]
    person_ids = ids_by_key(Person, "nik", [r["nik"] for r in rows], pemda=opd.pemda_id)
    fresh = [
        (row, nik) for row, nik in zip(rows, parsed, strict=True) if row["nik"] not in person_ids
    ]
    when = timezone.now()
    user_id = actor.pk if actor is not None else None
    person_rows = []
    for pk, (row, nik) in zip(reserve_ids(Person, len(fresh)), fresh, strict=True):
        person_ids[row["nik"]] = pk
        person_rows.append(
            (pk, opd.pemda_id, row["nik"], row["name"].strip(),
             row.get("birth_date") or nik.birth_date, row.get("sex") or nik.sex or "",
             row.get("phone", ""))
        )  # fmt: skip
    insert_with_history(
        Person, _PERSON_COLUMNS, person_rows, user_id=user_id, reason=reason, when=when
    )
    ids = reserve_ids(Engagement, len(rows))
    engagement_rows = [
        (pk, opd.pemda_id, person_ids[row["nik"]], opd.pk,
         row.get("category", Engagement.Category.OTHER), row.get("has_sk", False),
         row.get("monthly_wage"), row.get("funding_source", Engagement.Funding.APBD),
         row.get("start_date"), row.get("end_date"))
        for pk, row in zip(ids, rows, strict=True)
    ]  # fmt: skip
    insert_with_history(
        Engagement, _ENGAGEMENT_COLUMNS, engagement_rows, user_id=user_id, reason=reason, when=when
    )
    return ids


@transaction.atomic
def engagements_bulk_update(
    *, actor: User | None, changes: list[tuple[Engagement, dict[str, Any]]], reason: str
) -> None:
    """Apply field changes to many engagements, with one history record each."""
    fields: set[str] = set()
    for engagement, values in changes:
        if _apply(engagement, _ENGAGEMENT_FIELDS, values):
            fields.update(values)
    if not fields:
        return
    for engagement, _values in changes:
        _check_values({f: getattr(engagement, f) for f in _ENGAGEMENT_FIELDS})
    bulk_update_with_history(
        [e for e, _v in changes], Engagement, sorted(fields), batch_size=1000,
        default_user=actor, default_change_reason=reason,
    )  # fmt: skip
