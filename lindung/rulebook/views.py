"""Calculator, APBD budget planner and the rule table: thin views over the engine."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lindung.lib.charts import bar_chart_svg
from lindung.lib.xlsx import XLSX_TYPE
from lindung.registry import access
from lindung.registry.models import Engagement
from lindung.rulebook import engine
from lindung.rulebook.budget import BudgetResult, plan_budget, scenario_from_params
from lindung.rulebook.exports import budget_workbook
from lindung.rulebook.forms import BudgetForm, CalculatorForm
from lindung.rulebook.labels import rule_label, rule_value
from lindung.rulebook.models import RuleValue
from lindung.rulebook.services import current_ruleset
from lindung.web.http import AuthedHttpRequest
from lindung.web.tenancy import current_pemda

MONTH_LABELS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def _put_error(form: Any, exc: engine.QuoteError, prefix: str = "") -> None:
    name = prefix + exc.field
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


@login_required
def budget(request: AuthedHttpRequest) -> HttpResponse:
    """Cost of up to three scenarios for the user's OPDs and a year, side by side."""
    access.worker_scope(request.user)  # roles without worker access get 403
    opds = access.opds_for_user(request.user)
    pemda = current_pemda(request)
    if pemda is not None:
        opds = opds.filter(pemda=pemda)
    params = request.GET.copy()
    wants_xlsx = params.pop("format", None) == ["xlsx"]
    form = BudgetForm(params or BudgetForm.initial_data())
    results: list[BudgetResult] = []
    comparison = None
    if form.is_valid():
        rules = current_ruleset()
        data = form.cleaned_data
        for i in (1, 2, 3):
            scenario = scenario_from_params(data, f"s{i}_", _("Skenario %(n)s") % {"n": i})
            if scenario is None:
                continue
            try:
                results.append(plan_budget(rules, opds=opds, year=data["year"], scenario=scenario))
            except engine.QuoteError as exc:
                _put_error(form, exc, f"s{i}_")
        if not results and not form.errors:
            form.add_error(None, _("Pilih minimal satu program pada salah satu skenario."))
        comparison = _benefit_comparison(rules, opds, data)
    if results and not form.errors and wants_xlsx:
        response = HttpResponse(budget_workbook(results), content_type=XLSX_TYPE)
        name = f"anggaran-iuran-{results[0].year}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    chart = None
    if results and not form.errors:
        chart = mark_safe(  # noqa: S308 - built by bar_chart_svg, which escapes every text
            bar_chart_svg(
                title=_("Kebutuhan APBD per bulan"),
                categories=MONTH_LABELS,
                series=[(r.scenario.name, r.monthly_apbd) for r in results],
            )
        )
    query = QueryDict(mutable=True)
    query.update(form.data)
    query["format"] = "xlsx"
    return render(
        request,
        "rulebook/budget.html",
        {
            "form": form,
            "results": results if not form.errors else [],
            "chart": chart,
            "comparison": comparison,
            "xlsx_query": query.urlencode(),
            "pemda": pemda,
        },
    )


def _benefit_comparison(rules: Any, opds: Any, data: dict[str, Any]) -> dict[str, Any] | None:
    """What a family receives from JKM and JKK against the city's own death grant."""
    # An unknown wage has no place in an average wage.
    known = Engagement.objects.filter(
        opd__in=opds, end_date__isnull=True, monthly_wage__isnull=False
    ).values_list("monthly_wage", flat=True)[:100_000]
    wages = [w for w in known if w is not None]
    if not wages:
        return None
    average = round(sum(wages) / len(wages))
    month = engine.parse_month(f"{data['year']}-01")
    try:
        jkm = engine.benefit_jkm(rules, day=month)
        jkk = engine.benefit_jkk_death(rules, wage=average, day=month)
        cost = engine.quote_pu(rules, wage=average, month=month, programs=("JKK", "JKM"))
    except engine.QuoteError:
        return None
    return {
        "wage": average,
        "jkm": jkm,
        "jkk": jkk,
        "grant": data.get("death_grant") or 0,
        "monthly_cost": cost.total,
        "yearly_cost": cost.total * 12,
    }
