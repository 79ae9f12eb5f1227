"""Every write of BPJS TK's data: employers and their links, membership snapshots."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from lindung.bpjs import matcher
from lindung.bpjs.models import Employer, Link, Membership, Reason
from lindung.compliance.rules import business_name_key
from lindung.registry.models import Opd, Pemda

if TYPE_CHECKING:
    from lindung.accounts.models import User
    from lindung.compliance.models import Business
    from lindung.imports.models import ImportBatch

# The employer export's own fields, kept by employers_import.
EMPLOYER_FIELDS = ("name", "nib", "kecamatan", "active_workers", "total_wages", "programs",
                   "paid_through", "arrears")  # fmt: skip
_LINK_FIELDS = ["opd", "business", "link", "reason", "score"]


# --- employers from the branch's export ---------------------------------------------------------


def employer_new(*, pemda: Pemda, npp: str, divisi: str, batch: ImportBatch | None,
                 **fields: Any) -> Employer:  # fmt: skip
    """An unsaved employer of the export (employers_import saves it)."""
    employer = Employer(pemda=pemda, npp=npp, divisi=divisi, batch=batch, **fields)
    employer.name_key = business_name_key(employer.name)
    return employer


def employers_import(
    *, batch: ImportBatch, new: Sequence[Employer], changed: Sequence[Employer]
) -> list[int]:
    """Save the new and changed rows of an employer export, with history; their ids."""
    reason = f"Impor {batch.original_name} (#{batch.pk})"
    for e in [*new, *changed]:
        e.name_key = business_name_key(e.name)
        e.batch = batch
        e._change_reason = reason  # type: ignore[attr-defined]
    created = bulk_create_with_history(
        list(new), Employer, batch_size=1000, default_user=batch.created_by,
        default_change_reason=reason,
    )  # fmt: skip
    bulk_update_with_history(
        list(changed), Employer, [*EMPLOYER_FIELDS, "name_key", "batch"], batch_size=1000,
        default_user=batch.created_by, default_change_reason=reason,
    )  # fmt: skip
    return [e.pk for e in created] + [e.pk for e in changed]


# --- links to businesses ------------------------------------------------------------------------


@dataclass
class LinkReport:
    by_nib: int = 0
    by_name: int = 0
    pending: int = 0
    unlinked: int = 0


def business_links_refresh(*, pemda: Pemda, employer_ids: list[int] | None = None) -> LinkReport:
    """Link employers not yet decided to businesses: by NIB, then name plus kecamatan.

    A unique exact name in the same kecamatan links; other name matches (another kecamatan,
    several candidates, a close spelling) go to the review queue. Links a person confirmed
    or rejected, and NPPs that belong to an OPD, stay as they are.
    """
    from lindung.compliance.models import Business

    report = LinkReport()
    todo = Employer.objects.filter(
        pemda=pemda, link__in=(Link.NONE, Link.PROPOSED), opd__isnull=True
    )
    if employer_ids is not None:
        todo = todo.filter(pk__in=employer_ids)
    todo_list = list(todo)
    if not todo_list:
        return report
    index = matcher.BusinessIndex(
        Business.objects.filter(pemda=pemda).values_list("pk", "nib", "name_key", "kecamatan")
    )
    changed = []
    for e in todo_list:
        e.name_key = business_name_key(e.name)
        found = index.suggest(
            nib=e.nib, name_key=e.name_key, kecamatan=e.kecamatan,
            rejected=matcher.rejected_ids(e.rejected, matcher.KIND_BUSINESS),
        )  # fmt: skip
        if found.reason == matcher.BY_NIB:
            report.by_nib += 1
        elif found.link == Link.AUTO:
            report.by_name += 1
        elif found.link == Link.PROPOSED:
            report.pending += 1
        else:
            report.unlinked += 1
        now = (found.target_id, found.link, found.reason, found.score)
        if (e.business_id, e.link, e.reason, e.score) != now:
            e.business_id, e.link, e.reason, e.score = now
            changed.append(e)
    Employer.objects.bulk_update(todo_list, ["name_key"], batch_size=1000)
    Employer.objects.bulk_update(changed, _LINK_FIELDS, batch_size=1000)
    return report


# --- links to OPDs ------------------------------------------------------------------------------


def opd_links_refresh(*, pemda: Pemda) -> dict[str, int]:
    """Link each NPP of the current membership snapshot to an OPD by name; propose what is
    only similar.

    An NPP typed on an OPD wins over everything and is confirmed. Otherwise decisions of a
    reviewer (confirmed, rejected) and links to a business stay as they are.
    """
    place_words = [w for w in pemda.name.split() if w.lower() not in {"kota", "kabupaten"}]
    opds = list(Opd.objects.filter(pemda=pemda).values_list("id", "name", "code", "npp", "divisi"))
    typed = {(npp, divisi): opd_id for opd_id, _n, _c, npp, divisi in opds if npp}
    index = matcher.LinkIndex([(opd_id, name, code) for opd_id, name, code, _n, _d in opds],
                              place_words)  # fmt: skip
    seen = (
        Membership.objects.filter(pemda=pemda, is_current=True)
        .exclude(npp="")
        .order_by()
        .values_list("npp", "divisi", "employer_name")
        .distinct()
    )
    existing = {(e.npp, e.divisi): e for e in Employer.objects.filter(pemda=pemda)}
    fresh: dict[tuple[str, str], Employer] = {}
    changed: dict[tuple[str, str], Employer] = {}
    for npp, divisi, employer_name in seen.iterator(chunk_size=5000):
        key = (npp, divisi)
        employer = existing.get(key) or fresh.get(key)
        if employer is None:
            employer = fresh[key] = Employer(pemda=pemda, npp=npp, divisi=divisi, score=0)
        typed_opd = typed.get(key) or typed.get((npp, ""))
        before = _link_state(employer)
        employer.name = employer.name or employer_name
        if typed_opd is not None:
            employer.business_id = None
            employer.opd_id, employer.link, employer.reason = (
                typed_opd,
                Link.CONFIRMED,
                Reason.TYPED,
            )
            employer.score = 1.0
        elif employer.link in matcher.DECIDED or (
            employer.business_id is not None and employer.link == Link.AUTO
        ):
            continue  # a reviewer decided, or the NPP is a business's
        else:
            found = index.suggest(
                employer_name or employer.name,
                matcher.rejected_ids(employer.rejected, matcher.KIND_OPD),
            )
            if found.target_id is not None:
                employer.business_id = None
                employer.opd_id, employer.link = found.target_id, found.link
                employer.reason, employer.score = found.reason, found.score
            elif employer.opd_id is not None or employer.business_id is None:
                employer.opd_id, employer.link, employer.reason = None, Link.NONE, ""
                employer.score = found.score
        if employer.pk and before != _link_state(employer):
            changed[key] = employer
    with transaction.atomic():
        Employer.objects.bulk_create(fresh.values(), batch_size=2000)
        Employer.objects.bulk_update(changed.values(), ["name", *_LINK_FIELDS], batch_size=2000)
    return {"new": len(fresh), "changed": len(changed)}


def _link_state(e: Employer) -> tuple[Any, ...]:
    return (e.name, e.opd_id, e.business_id, e.link, e.reason, e.score)


# --- a reviewer's decision ----------------------------------------------------------------------


@transaction.atomic
def employer_link_decide(
    *,
    actor: User | None,
    employer: Employer,
    accept: bool,
    opd: Opd | None = None,
    business: Business | None = None,
) -> Employer:
    """A reviewer confirms the suggested (or another) OPD or business, or rejects the
    suggestion; a rejected target is remembered and never suggested again."""
    old_business_id = employer.business_id
    if accept:
        if opd is None and business is None:
            opd, business = employer.opd, employer.business
        target: Any = opd if opd is not None else business
        if target is None or target.pemda_id != employer.pemda_id:
            field = "opd" if employer.opd_id is not None or opd is not None else "business"
            raise ValidationError({field: _("Pilih OPD atau badan usaha dari Pemda yang sama.")})
        employer.opd, employer.business = opd, business if opd is None else None
        employer.link, employer.reason, employer.score = Link.CONFIRMED, Reason.REVIEWER, 1.0
        reason = f"Tautan ke {target} dikonfirmasi"
    else:
        for kind, target_id in (
            (matcher.KIND_OPD, employer.opd_id),
            (matcher.KIND_BUSINESS, employer.business_id),
        ):
            key = matcher.rejected_key(kind, target_id) if target_id else None
            if key and key not in employer.rejected:
                employer.rejected = [*employer.rejected, key]
        employer.opd, employer.business = None, None
        employer.link, employer.reason = Link.REJECTED, Reason.REVIEWER
        reason = "Usulan tautan ditolak"
    employer.linked_by, employer.linked_at = actor, timezone.now()
    employer.full_clean()
    employer._history_user = actor  # type: ignore[attr-defined]
    employer._change_reason = reason  # type: ignore[attr-defined]
    employer.save()
    touched = sorted({b for b in (old_business_id, employer.business_id) if b is not None})
    if touched:
        from lindung.compliance.services import findings_recompute

        findings_recompute(pemda=employer.pemda, business_ids=touched)
    return employer


# --- memberships --------------------------------------------------------------------------------


def memberships_add(*, rows: Iterable[Membership]) -> int:
    """Write rows of a new membership snapshot in bulk (the import's fast path)."""
    created = Membership.objects.bulk_create(list(rows), batch_size=1000)
    return len(created)


def memberships_retire(*, pemda: Pemda, scopes: Iterable[str], keep_batch: ImportBatch) -> int:
    """The previous snapshot of each scope stays for history, no longer current."""
    return (
        Membership.objects.filter(pemda=pemda, scope__in=list(scopes), is_current=True)
        .exclude(batch=keep_batch)
        .update(is_current=False)
    )
