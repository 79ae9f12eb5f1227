"""The one write path of city-wide figures: web, API and CLI call these."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lindung.lib.dates import today
from lindung.registry.models import Pemda
from lindung.workforce.models import BpjsTotal, Workforce

if TYPE_CHECKING:
    from lindung.accounts.models import User

KINDS: dict[str, type[Workforce] | type[BpjsTotal]] = {
    "workforce": Workforce,
    "bpjs": BpjsTotal,
}


@transaction.atomic
def figure_set(
    *,
    actor: User | None,
    pemda: Pemda,
    kind: str,
    segment: str,
    people: int,
    as_of: date,
    source: str,
) -> Workforce | BpjsTotal:
    """Record a published figure; the same segment and date again replaces it (audited)."""
    model = KINDS[kind]
    if as_of > today():
        raise ValidationError({"as_of": _("Tanggal keadaan tidak boleh di masa depan.")})
    source = source.strip()
    if not source:
        raise ValidationError(
            {"source": _("Sebutkan sumbernya, misalnya 'BPS Sakernas Agustus 2025'.")}
        )
    row = model.objects.filter(pemda=pemda, segment=segment, as_of=as_of).first()
    if row is None:
        row = model(pemda=pemda, segment=segment, as_of=as_of, created_by=actor)
    row.people, row.source = people, source
    row.full_clean()
    row._history_user = actor  # type: ignore[union-attr]
    row._change_reason = _("Angka diisi")  # type: ignore[union-attr]
    row.save()
    return row
