"""Reusable reads over the registry (lists, counts, history)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindung.lib import nik as nik_rules
from lindung.lib.formatting import rupiah
from lindung.registry.models import Engagement, EngagementQuerySet, Opd, Person


def search_q(q: str, *, prefix: str = "") -> Q:
    """A NIK (or its beginning, typed with dots or spaces) or a part of the name."""
    q = q.strip()
    digits = nik_rules.normalize_nik(q)
    if digits.isdigit():
        return Q(**{f"{prefix}nik__startswith": digits})
    return Q(**{f"{prefix}name__icontains": q})


def filter_engagements(
    qs: EngagementQuerySet,
    *,
    day: date,
    q: str = "",
    search: Q | None = None,
    category: str = "",
    sk: str = "",
    status: str = "aktif",
) -> EngagementQuerySet:
    """Apply the worker-list search and filters (web and API share this).

    `search` is the role-aware filter of `lookups.worker_search`; `q` searches unmasked.
    """
    if search is not None:
        qs = qs.filter(search)
    elif q.strip():
        qs = qs.filter(search_q(q, prefix="person__"))
    if category:
        qs = qs.filter(category=category)
    if sk in ("0", "1"):
        qs = qs.filter(has_sk=sk == "1")
    if status in ("", "aktif"):
        qs = qs.active_on(day)
    elif status == "berakhir":
        qs = qs.filter(end_date__lt=day)
    return qs


def opds_with_counts(qs: QuerySet[Opd], day: date) -> QuerySet[Opd]:
    """Annotate active workers and, of those, workers with an SK (one query)."""
    started = Q(engagements__start_date__isnull=True) | Q(engagements__start_date__lte=day)
    active = started & (Q(engagements__end_date__isnull=True) | Q(engagements__end_date__gte=day))
    return qs.annotate(
        active_workers=Count("engagements", filter=active),
        sk_workers=Count("engagements", filter=active & Q(engagements__has_sk=True)),
    )


def worker_export_headers(*, masked: bool = False) -> list[str]:
    """Masked roles get no birth date and no wage column (money per person)."""
    return [
        _("NIK"),
        _("Nama"),
        *(() if masked else (_("Tanggal lahir"),)),
        _("Jenis kelamin"),
        _("Kategori"),
        _("SK Kepala Daerah"),
        *(() if masked else (_("Upah per bulan (Rp)"),)),
        _("Sumber dana"),
        _("Tanggal mulai"),
        _("Tanggal berakhir"),
    ]


def worker_export_rows(qs: QuerySet[Engagement], *, masked: bool) -> Iterator[list[Any]]:
    """Rows for the XLSX export, streamed from the database in chunks."""
    for e in qs.iterator(chunk_size=2000):
        p = e.person
        yield [
            nik_rules.mask_nik(p.nik) if masked else p.nik,
            p.name,
            *(() if masked else (p.birth_date,)),
            p.sex,
            e.get_category_display(),
            _("Ya") if e.has_sk else _("Tidak"),
            *(() if masked else (e.monthly_wage,)),
            e.get_funding_source_display(),
            e.start_date,
            e.end_date,
        ]


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    what: str
    why: str
    changes: list[tuple[str, Any, Any]]


_MASKED_FIELDS = {"nik", "monthly_wage", "birth_date", "phone"}
_HIDDEN_FIELDS = {"id", "pemda", "person", "opd"}


def _display(field: Any, value: Any) -> Any:
    """A stored value as a reader expects it: labels, Ya/Tidak, rupiah, Indonesian dates."""
    if value is None or value == "":
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if field.name == "monthly_wage":
        return rupiah(value)
    if isinstance(value, date):
        return date_format(value)
    return value


def _entries(records: list[Any], label: str, masked: bool) -> list[HistoryEntry]:
    """Turn simple-history records (oldest first) into readable entries with diffs."""
    out: list[HistoryEntry] = []
    previous = None
    for rec in records:
        model = rec.instance_type
        changes: list[tuple[str, Any, Any]] = []
        if previous is None:
            fields = [f.name for f in model._meta.concrete_fields if f.name not in _HIDDEN_FIELDS]
            changes = [(f, None, getattr(rec, f)) for f in fields]
        else:
            delta = rec.diff_against(previous)
            changes = [
                (c.field, c.old, c.new) for c in delta.changes if c.field not in _HIDDEN_FIELDS
            ]
        readable = []
        for name, old, new in changes:
            field = model._meta.get_field(name)
            if masked and name in _MASKED_FIELDS:
                old, new = ("•••" if old not in (None, "") else old), "•••"
            else:
                old, new = _display(field, old), _display(field, new)
            readable.append((str(field.verbose_name), old, new))
        out.append(
            HistoryEntry(
                when=rec.history_date,
                who=rec.history_user.username if rec.history_user else _("sistem"),
                what=f"{label}: {rec.get_history_type_display()}",
                why=rec.history_change_reason or "",
                changes=readable,
            )
        )
        previous = rec
    return out


def person_history(
    person: Person, engagements: list[Engagement], masked: bool
) -> list[HistoryEntry]:
    """The full change history of a person and the given engagements, newest first."""
    entries = _entries(
        list(person.history.select_related("history_user").order_by("history_date", "history_id")),
        _("Data pribadi"),
        masked,
    )
    for eng in engagements:
        records = eng.history.select_related("history_user").order_by("history_date", "history_id")
        entries += _entries(
            list(records), _("Penugasan di %(opd)s") % {"opd": eng.opd.name}, masked
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
