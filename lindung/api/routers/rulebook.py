"""Quotes and benefits: the same engine entry point as the CLI and the calculator page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from lindung.api.errors import FormInvalid
from lindung.rulebook import engine
from lindung.rulebook.services import current_ruleset

router = Router(tags=["rulebook"])


class QuoteIn(Schema):
    segment: str
    month: str
    wage: int | None = None
    income: int | None = None
    contract_value: int | None = None
    wages: int | None = None
    risk_group: int | None = None
    programs: list[str] | str | None = None
    sector: str | None = None
    workers: int | None = None
    funding: str | None = None
    scale: str | None = None


class LineOut(Schema):
    program: str
    base: int
    rate: float | None
    employer: int
    worker: int
    discount: int
    deferred: int = 0
    legal_basis: str


class QuoteOut(Schema):
    segment: str
    month: str
    lines: list[LineOut]
    employer_total: int
    worker_total: int
    total: int
    deferred_total: int = 0
    due_now: int
    payer: str
    warnings: list[str]


class BenefitIn(Schema):
    benefit: str
    date: str | None = None  # date of death, YYYY-MM-DD: benefits change on a given day
    month: str | None = None  # YYYY-MM, accepted when no benefit row changes in that month
    wage: int | None = None


class ComponentOut(Schema):
    name: str
    amount: int
    legal_basis: str


class ReadingOut(Schema):
    reading: str
    label: str
    amount: int
    lump_sum: int


class MinimumOut(Schema):
    """The JKK death floor, read two ways; `used` names the reading the rule row holds."""

    factor: float
    formula: int
    amount: int
    applied: bool
    used: str
    legal_basis: str
    confidence: str
    readings: list[ReadingOut]


class BenefitOut(Schema):
    benefit: str
    date: str | None
    components: list[ComponentOut]
    total: int
    minimum: MinimumOut | None
    notes: list[str]


def _field_error(exc: engine.QuoteError) -> FormInvalid:
    return FormInvalid({exc.field: [exc.message]})


@router.post("/quotes", response=QuoteOut)
def quote(request: HttpRequest, payload: QuoteIn) -> dict[str, Any]:
    try:
        result = engine.run_quote(current_ruleset(), payload.segment, payload.dict())
    except engine.QuoteError as exc:
        raise _field_error(exc) from None
    return result.to_dict()


@router.post("/benefits", response=BenefitOut)
def benefit(request: HttpRequest, payload: BenefitIn) -> dict[str, Any]:
    try:
        result = engine.run_benefit(current_ruleset(), payload.benefit, payload.dict())
    except engine.QuoteError as exc:
        raise _field_error(exc) from None
    return result.to_dict()
