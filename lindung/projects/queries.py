"""Reads over projects: facts per project, lists, the overdue list and the dashboard panel.

Every list is one query (payments summed in a subquery) plus the holiday table and the rule
table, each read once; the per-project arithmetic is pure (lindung.projects.rules).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lindung.compliance import access as compliance_access
from lindung.compliance.labels import labelled_findings
from lindung.compliance.models import Status
from lindung.compliance.services import permit_answer
from lindung.lib.calendar import add_working_days
from lindung.lib.dates import today
from lindung.projects import rules
from lindung.projects.models import Payment, Project
from lindung.registry.models import Pemda
from lindung.rulebook.engine import quote_jakon
from lindung.rulebook.rules import RuleSet
from lindung.rulebook.services import current_ruleset, days_off

STATUS_LABELS = {
    rules.Status.FULLY_PAID: _("Lunas"),
    rules.Status.ON_TIME: _("Terdaftar tepat waktu"),
    rules.Status.LATE: _("Terdaftar terlambat"),
    rules.Status.NOT_REGISTERED: _("Belum terdaftar"),
}
# A project the rule tables cannot price: shown with its reason, never a failed page.
UNPRICED = "unpriced"


def with_totals(qs: QuerySet[Project]) -> QuerySet[Project]:
    """Annotate paid_total (sum of payments) and termin_count, in the same query."""
    paid = (
        Payment.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return qs.annotate(
        paid_total=Coalesce(Subquery(paid, output_field=IntegerField()), Value(0)),
        termin_count=Count("termins", distinct=True),
    )


@dataclass
class Facts:
    """What the pages and the API say about one project."""

    project: Project
    iuran_total: int
    iuran_basis: str
    stage_percents: list[Decimal]
    stages: list[int]
    deadline: date | None
    working_days: int
    paid: int
    termin_count: int
    status: str
    overdue: list[str] = field(default_factory=list)
    problem: str = ""  # why the rules cannot price this project (status UNPRICED)

    @property
    def status_label(self) -> str:
        if self.status == UNPRICED:
            return str(_("Tidak dapat dihitung"))
        return str(STATUS_LABELS[self.status])

    @property
    def outstanding(self) -> int:
        return rules.outstanding(iuran_total=self.iuran_total, paid=self.paid)

    @property
    def overpaid(self) -> int:
        """Rupiah paid beyond the iuran (only ever by a confirmed overpayment)."""
        return 0 if self.problem else max(self.paid - self.iuran_total, 0)

    def stage_rows(self) -> list[dict[str, Any]]:
        rows, cumulative = [], 0
        for number, (pct, amount) in enumerate(
            zip(self.stage_percents, self.stages, strict=True), start=1
        ):
            cumulative += amount
            rows.append(
                {
                    "number": number,
                    "percent": pct,
                    "amount": amount,
                    "cumulative": cumulative,
                    "paid": self.paid >= cumulative,
                }
            )
        return rows


class Context:
    """Rule table and holidays, read once for a page or a list."""

    def __init__(self, ruleset: RuleSet | None = None, days: frozenset[date] | None = None):
        self.rules = ruleset if ruleset is not None else current_ruleset()
        self.holidays = days if days is not None else days_off()

    def stage_percents(self, month: date) -> list[Decimal]:
        out: list[Decimal] = []
        while (r := self.rules.find("jakon.stage.pct", month, str(len(out) + 1))) is not None:
            out.append(r.amount)
        return out or [Decimal(100)]

    def facts(self, project: Project, *, day: date | None = None) -> Facts:
        """Facts of a project annotated by with_totals (or read: one query each).

        A project the rule tables cannot price (an SPK before they begin) is not an error
        of the page: it comes back with status UNPRICED and the reason in `problem`.
        """
        try:
            return self._facts(project, day=day or today())
        except ValueError as exc:  # RuleError, QuoteError: no rule for that month
            return Facts(
                project=project, iuran_total=0, iuran_basis="", stage_percents=[], stages=[],
                deadline=None, working_days=0, paid=getattr(project, "paid_total", None) or 0,
                termin_count=getattr(project, "termin_count", None) or 0, status=UNPRICED,
                problem=str(_("Tidak dapat dihitung: %(reason)s") % {"reason": exc}),
            )  # fmt: skip

    def _facts(self, project: Project, *, day: date) -> Facts:
        month = project.spk_date.replace(day=1)
        quote = quote_jakon(self.rules, contract_value=project.contract_value, month=month)
        working_days = int(self.rules.get("jakon.registration.working_days", month).amount)
        deadline = add_working_days(project.spk_date, working_days, self.holidays)
        paid = getattr(project, "paid_total", None)
        if paid is None:
            paid = project.payments.aggregate(s=Sum("amount"))["s"] or 0
        termins = getattr(project, "termin_count", None)
        if termins is None:
            termins = project.termins.count()
        percents = self.stage_percents(month)
        return Facts(
            project=project,
            iuran_total=quote.total,
            iuran_basis="; ".join(sorted({line.legal_basis for line in quote.lines})),
            stage_percents=percents,
            stages=rules.stage_amounts(quote.total, percents),
            deadline=deadline,
            working_days=working_days,
            paid=paid,
            termin_count=termins,
            status=rules.project_status(
                registered_on=project.registered_on,
                deadline=deadline,
                paid=paid,
                iuran_total=quote.total,
                stage_percents=percents,
            ),
            overdue=rules.overdue_reasons(
                day=day,
                registered_on=project.registered_on,
                deadline=deadline,
                end_date=project.end_date,
                paid=paid,
                iuran_total=quote.total,
            ),
        )

    def gate(self, facts: Facts, termin: int) -> rules.GateResult:
        """The termin gate; ValueError when the termin is outside the schedule."""
        return rules.termin_gate(
            termin=termin,
            termins=facts.termin_count,
            registered=facts.project.registered_on is not None,
            iuran_total=facts.iuran_total,
            stage_percents=facts.stage_percents,
            paid=facts.paid,
        )


def project_facts(qs: QuerySet[Project], *, day: date | None = None) -> list[Facts]:
    context = Context()
    return [context.facts(p, day=day) for p in with_totals(qs.select_related("opd"))]


def overdue(qs: QuerySet[Project], *, day: date | None = None) -> list[Facts]:
    """Projects past their deadline, and those the rules cannot price (to be looked at)."""
    return [f for f in project_facts(qs, day=day) if f.overdue or f.problem]


def projects_panel(pemda: Pemda, *, day: date | None = None) -> dict[str, Any]:
    """Construction projects of a Pemda for the coverage dashboard and the rakor report.

    Keys: projects, contract_value, iuran_total, paid, outstanding, by_status
    ({status: count}), status_labels, registered, overdue, registered_share (0..1 or None),
    list_url, overdue_url.
    """
    facts = project_facts(Project.objects.filter(pemda=pemda), day=day)
    by_status = Counter(f.status for f in facts)
    registered = sum(1 for f in facts if f.project.registered_on is not None)
    return {
        "projects": len(facts),
        "contract_value": sum(f.project.contract_value for f in facts),
        "iuran_total": sum(f.iuran_total for f in facts),
        "paid": sum(min(f.paid, f.iuran_total) for f in facts),
        "outstanding": sum(f.outstanding for f in facts),
        "by_status": {s: by_status.get(s, 0) for s in STATUS_LABELS},
        "status_labels": {k: str(v) for k, v in STATUS_LABELS.items()},
        "registered": registered,
        "overdue": sum(1 for f in facts if f.overdue),
        "registered_share": registered / len(facts) if facts else None,
        "list_url": reverse("prj-list"),
        "overdue_url": reverse("prj-overdue"),
    }


def contractor_compliance(project: Project, user: Any) -> dict[str, Any] | None:
    """What the licensing office would be told about the contractor (by NIB), or None.

    Read only, not logged as a permit check: the answer carries no personal data, so it
    is shown to whoever may see the project; the link to the business's findings only to
    those who may read compliance.
    """
    if not project.contractor_nib:
        return None
    answer, business_id = permit_answer(pemda_id=project.pemda_id, nib=project.contractor_nib)
    url = None
    if business_id is not None and compliance_access.can_read(user):
        url = reverse("cmp-business", args=[business_id])
    return {
        "status": answer["status"],
        "label": Status(answer["status"]).label,
        "findings": labelled_findings(answer["findings"]),
        "url": url,
    }
