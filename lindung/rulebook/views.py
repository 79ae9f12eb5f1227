"""Calculator and the rule table: thin views over the engine."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from lindung.accounts.http import AuthedHttpRequest
from lindung.rulebook import engine
from lindung.rulebook.forms import CalculatorForm
from lindung.rulebook.labels import rule_label, rule_value
from lindung.rulebook.models import RuleValue
from lindung.rulebook.services import current_ruleset


def _put_error(form: Any, exc: engine.QuoteError) -> None:
    name = exc.field
    form.add_error(name if name in form.fields else None, exc.message)


@login_required
def calculator(request: AuthedHttpRequest) -> HttpResponse:
    form = CalculatorForm(request.GET or None)
    quote = None
    if request.GET and form.is_valid():
        try:
            quote = engine.run_quote(
                current_ruleset(), form.cleaned_data["segment"], form.cleaned_data
            )
        except engine.QuoteError as exc:
            _put_error(form, exc)
    return render(request, "rulebook/calculator.html", {"form": form, "quote": quote})


@login_required
def rule_table(request: AuthedHttpRequest) -> HttpResponse:
    rows = [
        {
            "label": rule_label(r.key, r.qualifier),
            "value": rule_value(r.value, r.unit),
            "row": r,
        }
        for r in RuleValue.objects.order_by("key", "qualifier", "valid_from")
    ]
    return render(request, "rulebook/rules.html", {"rows": rows})
