"""Construction projects API: the list, recording a project, and the termin gate.

Same access helper, forms and services as the pages; errors in the one API shape.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest
from ninja import Router, Schema

from lindung.api.errors import FormInvalid
from lindung.projects import access, services
from lindung.projects.forms import GateForm, ProjectForm
from lindung.projects.models import Project
from lindung.projects.queries import Context, Facts, project_facts, with_totals
from lindung.registry.models import Opd

router = Router(tags=["projects"])


class ProjectIn(Schema):
    opd_id: int
    name: str
    contractor_name: str
    contract_value: int
    spk_date: date
    start_date: date
    end_date: date
    contract_number: str = ""
    contractor_nib: str = ""
    contractor_npp: str = ""


class ProjectOut(Schema):
    id: int
    name: str
    opd_code: str
    contractor_name: str
    contractor_nib: str
    contract_value: int
    spk_date: date
    end_date: date
    registration_deadline: date | None  # None when the rules cannot price it (see problem)
    registration_number: str
    registered_on: date | None
    iuran_total: int
    paid: int
    termins: int
    status: str
    overdue: list[str]
    problem: str


class TerminCheckOut(Schema):
    project: int
    termin: int
    termins: int
    open: bool
    registered: bool
    required_stage: int
    required_amount: int
    paid: int
    iuran_total: int
    shortfall: int
    reasons: list[str]


def _clean(form: Form) -> dict[str, Any]:
    if not form.is_valid():
        raise FormInvalid(
            {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        )
    return dict(form.cleaned_data)


def _out(f: Facts) -> dict[str, Any]:
    p = f.project
    return {
        "id": p.pk,
        "name": p.name,
        "opd_code": p.opd.code,
        "contractor_name": p.contractor_name,
        "contractor_nib": p.contractor_nib,
        "contract_value": p.contract_value,
        "spk_date": p.spk_date,
        "end_date": p.end_date,
        "registration_deadline": f.deadline,
        "registration_number": p.registration_number,
        "registered_on": p.registered_on,
        "iuran_total": f.iuran_total,
        "paid": f.paid,
        "termins": f.termin_count,
        "status": f.status,
        "overdue": f.overdue,
        "problem": f.problem,
    }


def _opds(user: Any) -> QuerySet[Opd]:
    scope = access.project_scope(user)
    qs = Opd.objects.all()
    if scope.pemda_id is not None:
        qs = qs.filter(pemda_id=scope.pemda_id)
    if scope.opd_ids is not None:
        qs = qs.filter(pk__in=scope.opd_ids)
    return qs


@router.get("/projects", response=list[ProjectOut])
def project_list(request: HttpRequest) -> list[dict[str, Any]]:
    qs = access.projects_for_user(request.user)  # type: ignore[arg-type]
    return [_out(f) for f in project_facts(qs.order_by("-spk_date", "pk"))]


@router.post("/projects", response={201: ProjectOut})
def project_create(request: HttpRequest, payload: ProjectIn) -> tuple[int, dict[str, Any]]:
    user: Any = request.user
    scope = access.project_scope(user)
    if not scope.can_manage:
        raise PermissionDenied
    data = payload.dict()
    data["opd"] = data.pop("opd_id")
    form = ProjectForm(data, opds=_opds(user))
    project = services.project_create(actor=user, **_clean(form))
    return 201, _out(Context().facts(with_totals(Project.objects.filter(pk=project.pk)).get()))


@router.get("/projects/{project_id}/termin-check", response=TerminCheckOut)
def termin_check(request: HttpRequest, project_id: int, termin: int | None = None) -> Any:
    """May termin N be paid: is the project registered and iuran paid to the stage it needs?"""
    project = access.get_project_for_user(request.user, project_id)  # type: ignore[arg-type]
    context = Context()
    facts = context.facts(with_totals(Project.objects.filter(pk=project.pk)).get())
    if facts.problem:
        raise FormInvalid({"__all__": [facts.problem]})
    form = GateForm({"termin": termin}, termins=facts.termin_count)
    result = context.gate(facts, _clean(form)["termin"])
    return {
        "project": project.pk,
        "termin": result.termin,
        "termins": facts.termin_count,
        "open": result.open,
        "registered": result.registered,
        "required_stage": result.required_stage,
        "required_amount": result.required_amount,
        "paid": result.paid,
        "iuran_total": result.iuran_total,
        "shortfall": result.shortfall,
        "reasons": result.reasons,
    }
