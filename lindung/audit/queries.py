"""The Pemda's audit log: changes, exports and NIK lookups as one sorted, paginated query.

Three sources answer "who did what": the django-simple-history tables of the Pemda's objects
(who changed what), `AccessEvent` (who exported or downloaded personal data) and `NikLookup`
(who looked up a person by a whole NIK). Each is filtered first (Pemda, user, dates, OPD),
then the parts are joined with UNION ALL and sorted in the database, so a page reads only
its own rows whatever the size of the history. Every column of every part is an annotation
with the same name and type, in the same order (a UNION matches columns by position).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import CharField, F, IntegerField, Model, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import User
from lindung.audit.models import AccessEvent
from lindung.bpjs.models import Employer
from lindung.cohorts.models import (
    ElectionCohort,
    ElectionMember,
    ElectionRole,
    InformalCohort,
    InformalMember,
    SegmentTarget,
)
from lindung.compliance.models import Business, Letterhead, LetterTemplate, Umk
from lindung.dashboards.models import Target
from lindung.lib.nik import mask_nik
from lindung.projects.models import Payment, Project, Termin
from lindung.registry.models import Engagement, NikLookup, Opd, Person
from lindung.workforce.models import BpjsTotal, Workforce

CHANGE = "change"
LOOKUP = "lookup"
COLUMNS = ("a_at", "a_user", "a_kind", "a_model", "a_action", "a_object", "a_label",
           "a_note", "a_opd")  # fmt: skip


@dataclass(frozen=True)
class Source:
    """A tracked model: paths from its history row to the Pemda, the OPD and a label."""

    model: type[Model]
    pemda: str
    opd: str | None = None
    label: str | None = None


# The Pemda's own objects that keep a history. Rule values and holidays are national and
# belong to no Pemda's log.
SOURCES = (
    Source(Opd, "pemda_id", "id", "code"),
    Source(Person, "pemda_id", None, "name"),
    Source(Engagement, "pemda_id", "opd_id", "person__name"),
    Source(User, "pemda_id", None, "username"),
    Source(Project, "pemda_id", "opd_id", "name"),
    Source(Termin, "project__pemda_id", "project__opd_id", "project__name"),
    Source(Payment, "project__pemda_id", "project__opd_id", "project__name"),
    Source(Target, "pemda_id", None, "label"),
    Source(Business, "pemda_id", None, "name"),
    Source(Employer, "pemda_id", None, "name"),
    Source(Umk, "pemda_id"),
    Source(Letterhead, "pemda_id"),
    Source(LetterTemplate, "pemda_id"),
    Source(ElectionCohort, "pemda_id", None, "election_name"),
    Source(ElectionMember, "cohort__pemda_id", None, "name"),
    Source(InformalCohort, "pemda_id", None, "name"),
    Source(InformalMember, "cohort__pemda_id", None, "name"),
    Source(SegmentTarget, "pemda_id"),
    Source(ElectionRole, "cohort__pemda_id", None, "cohort__election_name"),
    Source(Workforce, "pemda_id", None, "source"),
    Source(BpjsTotal, "pemda_id", None, "source"),
)
MODELS = {s.model._meta.label_lower: s.model for s in SOURCES}


@dataclass(frozen=True)
class Filters:
    pemda_id: int
    user_id: int | None = None
    since: date | None = None
    until: date | None = None
    opd_id: int | None = None
    kind: str = ""  # "" every kind; CHANGE, LOOKUP or an AccessEvent.Kind


def _text(value: str) -> Cast:
    return Cast(Value(value), CharField())


def _none_int() -> Cast:
    return Cast(Value(None), IntegerField())


def _dated(qs: QuerySet[Any], field: str, f: Filters) -> QuerySet[Any]:
    if f.since:
        qs = qs.filter(**{f"{field}__date__gte": f.since})
    if f.until:
        qs = qs.filter(**{f"{field}__date__lte": f.until})
    return qs


def _changes(source: Source, f: Filters) -> QuerySet[Any] | None:
    if f.opd_id is not None and source.opd is None:
        return None
    qs = source.model.history.filter(**{source.pemda: f.pemda_id})  # type: ignore[attr-defined]
    if f.user_id is not None:
        qs = qs.filter(history_user_id=f.user_id)
    if f.opd_id is not None:
        qs = qs.filter(**{source.opd: f.opd_id})
    qs = _dated(qs, "history_date", f)
    return (
        qs.annotate(
            a_at=F("history_date"),
            a_user=F("history_user_id"),
            a_kind=_text(CHANGE),
            a_model=_text(source.model._meta.label_lower),
            a_action=F("history_type"),
            a_object=Cast("id", CharField()),
            a_label=Cast(source.label, CharField()) if source.label else _text(""),
            a_note=F("history_change_reason"),
            a_opd=F(source.opd) if source.opd else _none_int(),
        )
        .order_by()
        .values(*COLUMNS)
    )


def _events(f: Filters) -> QuerySet[Any] | None:
    qs = AccessEvent.objects.filter(pemda_id=f.pemda_id)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.user_id is not None:
        qs = qs.filter(user_id=f.user_id)
    if f.opd_id is not None:
        qs = qs.filter(opd_id=f.opd_id)
    qs = _dated(qs, "at", f)
    return (
        qs.annotate(
            a_at=F("at"),
            a_user=F("user_id"),
            a_kind=F("kind"),
            a_model=_text(""),
            a_action=_text(""),
            a_object=Cast("id", CharField()),
            a_label=F("what"),
            a_note=_text(""),
            a_opd=F("opd_id"),
        )
        .order_by()
        .values(*COLUMNS)
    )


def _lookups(f: Filters) -> QuerySet[Any] | None:
    if f.opd_id is not None:
        return None  # a lookup searches a Pemda's workers, not one OPD's
    # A lookup belongs to the Pemda of the user who made it (masked roles belong to one).
    qs = NikLookup.objects.filter(user__pemda_id=f.pemda_id)
    if f.user_id is not None:
        qs = qs.filter(user_id=f.user_id)
    qs = _dated(qs, "at", f)
    return (
        qs.annotate(
            a_at=F("at"),
            a_user=F("user_id"),
            a_kind=_text(LOOKUP),
            a_model=_text(""),
            a_action=_text(""),
            a_object=Cast("id", CharField()),
            a_label=F("nik"),
            a_note=F("source"),
            a_opd=_none_int(),
        )
        .order_by()
        .values(*COLUMNS)
    )


def entries(f: Filters) -> QuerySet[Any]:
    """The log rows matching `f`, newest first, as dicts keyed by COLUMNS."""
    parts: list[QuerySet[Any] | None] = []
    if f.kind in ("", CHANGE):
        parts += [_changes(s, f) for s in SOURCES]
    if f.kind == "" or f.kind in AccessEvent.Kind.values:
        parts.append(_events(f))
    if f.kind in ("", LOOKUP):
        parts.append(_lookups(f))
    kept = [p for p in parts if p is not None]
    if not kept:
        return AccessEvent.objects.none().values(*COLUMNS)
    # Each part lost its default ordering (.order_by()): SQLite refuses one inside a UNION.
    first, *rest = kept
    return first.union(*rest, all=True).order_by("-a_at", "a_kind", "-a_object")


ACTIONS = {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}
KIND_LABELS: dict[str, Any] = {
    CHANGE: _("Perubahan data"),
    LOOKUP: _("Pencarian NIK"),
    **dict(AccessEvent.Kind.choices),
}


@dataclass(frozen=True)
class Entry:
    """One log row as a person reads it."""

    at: datetime
    user: str
    kind: str
    what: str
    note: str
    opd: str


def present(rows: Iterable[dict[str, Any]], *, masked: bool) -> list[Entry]:
    """Turn raw rows into readable entries: two queries (users, OPDs) for the whole page.

    `masked`: NIKs shown as 3375********0001 and people's names left out.
    """
    rows = list(rows)
    users = dict(
        User.objects.filter(pk__in={r["a_user"] for r in rows if r["a_user"]}).values_list(
            "pk", "username"
        )
    )
    opds = dict(
        Opd.objects.filter(pk__in={r["a_opd"] for r in rows if r["a_opd"]}).values_list(
            "pk", "code"
        )
    )
    out = []
    for r in rows:
        kind = r["a_kind"]
        label = r["a_label"] or ""
        if kind == CHANGE:
            model = MODELS.get(r["a_model"])
            name = str(model._meta.verbose_name) if model else r["a_model"]
            shown = f"#{r['a_object']}" if masked or not label else label
            name = name[:1].upper() + name[1:]  # "OPD" stays "OPD"
            what = f"{name} {shown} {ACTIONS.get(r['a_action'], '')}".strip()
        elif kind == LOOKUP:
            what = mask_nik(label) if masked else label
        else:
            what = label
        out.append(
            Entry(
                at=r["a_at"],
                user=users.get(r["a_user"], "") or str(_("sistem")),
                kind=str(KIND_LABELS.get(kind, kind)),
                what=what,
                note=r["a_note"] or "",
                opd=opds.get(r["a_opd"], ""),
            )
        )
    return out
