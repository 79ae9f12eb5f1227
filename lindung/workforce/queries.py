"""Reads of the city-wide figures."""

from __future__ import annotations

from typing import Any

from lindung.registry.models import Pemda
from lindung.workforce import rules
from lindung.workforce.models import BpjsTotal, Segment, Workforce


def _published(model: type[Workforce] | type[BpjsTotal], pemda: Pemda) -> list[rules.Published]:
    return [
        rules.Published(*row)
        for row in model.objects.filter(pemda=pemda).values_list(
            "segment", "people", "as_of", "source"
        )
    ]


def citywide(pemda: Pemda) -> tuple[list[rules.SegmentCoverage], rules.SegmentCoverage]:
    """Each segment's latest workforce and BPJS total, then the city (two queries)."""
    return rules.coverage(
        Segment.values, _published(Workforce, pemda), _published(BpjsTotal, pemda)
    )


def history(pemda: Pemda) -> list[Workforce | BpjsTotal]:
    """Every figure entered, newest first, for the page's record of sources."""
    rows: list[Workforce | BpjsTotal] = [
        *Workforce.objects.filter(pemda=pemda),
        *BpjsTotal.objects.filter(pemda=pemda),
    ]
    return sorted(rows, key=lambda r: (r.as_of, r.created_at), reverse=True)


def citywide_table(pemda: Pemda) -> dict[str, Any]:
    """The city-wide table as pages and the rakor report show it: labelled rows, the total,
    and whether any figure was entered yet."""
    rows, total = citywide(pemda)
    return {
        "rows": [(Segment(r.segment).label, r) for r in rows],
        "total": total,
        "entered": any(r.workforce or r.participants for r in rows),
    }
