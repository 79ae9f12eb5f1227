"""Compliance data in templates: evidence and finding kinds by their labels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from lindung.compliance import labels
from lindung.compliance.models import Kind

register = template.Library()


@register.filter
def evidence_rows(evidence: Mapping[str, Any]) -> list[tuple[str, str]]:
    return labels.evidence_rows(evidence or {})


@register.filter
def kind_label(kind: str) -> str:
    return str(Kind(kind).label)
