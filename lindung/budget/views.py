"""The APBD budget planner page: a thin view over the planner and its queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lindung.accounts.http import AuthedHttpRequest
from lindung.budget.exports import budget_workbook
from lindung.budget.forms import BudgetForm
from lindung.budget.planner import BudgetResult, plan_scenarios, scenario_from_params
from lindung.budget.queries import benefit_comparison
from lindung.lib.charts import bar_chart_svg
from lindung.lib.xlsx import XLSX_TYPE
from lindung.registry import access
from lindung.registry.tenancy import current_pemda
from lindung.rulebook.services import current_ruleset


def month_labels() -> list[str]:
    """Jan … Des in the page's language (Django's month abbreviations)."""
    return [date_format(date(2000, m, 1), "M") for m in range(1, 13)]


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
        scenarios = [
            scenario_from_params(data, f"s{i}_", _("Skenario %(n)s") % {"n": i}) for i in (1, 2, 3)
        ]
        results, errors = plan_scenarios(rules, opds=opds, year=data["year"], scenarios=scenarios)
        for number, exc in errors.items():
            name = f"s{number}_{exc.field}"
            form.add_error(name if name in form.fields else None, exc.message)
        if not results and not form.errors:
            form.add_error(None, _("Pilih minimal satu program pada salah satu skenario."))
        comparison = benefit_comparison(
            rules, opds, year=data["year"], death_grant=data.get("death_grant")
        )
    if results and not form.errors and wants_xlsx:
        response = HttpResponse(budget_workbook(results), content_type=XLSX_TYPE)
        name = f"anggaran-iuran-{results[0].year}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "budget/budget.html", _page(form, results, comparison, pemda))


def _page(form: BudgetForm, results: list[BudgetResult], comparison: Any, pemda: Any) -> dict:
    chart = None
    if results and not form.errors:
        chart = mark_safe(  # noqa: S308 - built by bar_chart_svg, which escapes every text
            bar_chart_svg(
                title=_("Kebutuhan APBD per bulan"),
                categories=month_labels(),
                series=[(r.scenario.name, r.monthly_apbd) for r in results],
            )
        )
    query = QueryDict(mutable=True)
    query.update(form.data)
    query["format"] = "xlsx"
    return {
        "form": form,
        "results": results if not form.errors else [],
        "chart": chart,
        "comparison": comparison,
        "xlsx_query": query.urlencode(),
        "pemda": pemda,
    }
