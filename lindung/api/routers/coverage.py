"""Coverage API: the dashboard's figures and the records behind each, from the same queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from lindung.api.errors import ErrorOut, FormInvalid
from lindung.api.pagination import Listing, PageNumbers
from lindung.dashboards import access, queries
from lindung.lib.nik import mask_nik
from lindung.reconciliation import access as recon_access
from lindung.reconciliation import queries as recon
from lindung.reconciliation.models import Run
from lindung.reconciliation.rules import Category
from lindung.registry.access import opds_for_user, pemdas_for_user
from lindung.registry.models import Pemda

router = Router(tags=["coverage"])


class OpdCoverage(Schema):
    opd_code: str
    opd_name: str
    workers: int
    covered: int
    coverage_pct: float


class CoverageOut(Schema):
    run: int
    as_of: date
    workers: int
    covered: int
    coverage_pct: float
    # BPJS's "tercover": registered and active, whatever the wage and programs.
    registered: int
    registered_pct: float
    # OPDs with at least one active participant, with none, and without an NPP.
    opds_with_participants: int
    opds_without_participants: int
    opds_without_npp: int
    by_category: dict[str, int]
    by_opd: list[OpdCoverage]


class RecordOut(Schema):
    nik: str
    name: str
    opd_code: str | None
    category: str
    engagement_category: str | None
    has_sk: bool | None
    city_wage: int | None
    reported_wage: int | None
    iuran: int | None  # None for masked roles: no money per person


class RunPageNumbers(PageNumbers):
    """The API's pagination; the envelope also names the run the records come from."""

    class Output(PageNumbers.Output):
        run: int


def _pemda(user: Any, code: str | None) -> Pemda:
    """The Pemda asked for (a code outside the user's scope is a 404), else the user's own."""
    pemdas = pemdas_for_user(user)
    if code:
        pemda = pemdas.filter(code=code).first()
        if pemda is None:
            raise Http404
        return pemda
    if user.pemda_id is None:
        raise FormInvalid({"pemda": ["Isi kode Pemda (pemda=KODE)."]})
    return pemdas.get(pk=user.pemda_id)


def _no_run(pemda: Pemda) -> HttpError:
    return HttpError(
        404,
        f"Belum ada rekonsiliasi yang selesai untuk {pemda.name}; "
        "impor data dan jalankan rekonsiliasi terlebih dahulu.",
    )


@router.get("/coverage", response={200: CoverageOut, 404: ErrorOut})
def coverage(request: HttpRequest, pemda: str | None = None) -> Any:
    user: Any = request.user
    scope = access.dashboard_scope(user)
    target = _pemda(user, pemda)
    run = recon.latest_done(target.pk)
    if run is None:
        raise _no_run(target)
    figures = recon.figures(run, scope)
    opds = queries.participation_counts(
        queries.opd_participation(run, opds_for_user(user).filter(pemda=target))
    )
    return {
        "run": run.pk,
        "as_of": run.as_of,
        "workers": figures.workers,
        "covered": figures.covered,
        "coverage_pct": figures.coverage_pct,
        "registered": figures.registered,
        "registered_pct": figures.registered_pct,
        "opds_with_participants": opds["ada"],
        "opds_without_participants": opds["belum"],
        "opds_without_npp": opds["tanpa_npp"],
        "by_category": {c.value: figures.counts[c.value] for c in Category},
        "by_opd": [
            {
                "opd_code": e["opd_code"],
                "opd_name": e["opd_name"],
                "workers": e["workers"],
                "covered": e[Category.COVERED],
                "coverage_pct": e["coverage_pct"],
            }
            for e in figures.by_opd
        ],
    }


@router.get("/coverage/records", response={200: list[RecordOut], 404: ErrorOut})
@paginate(RunPageNumbers)
def coverage_records(
    request: HttpRequest,
    category: str,
    pemda: str | None = None,
    opd: str | None = None,
) -> Listing:
    user: Any = request.user
    scope = access.dashboard_scope(user)
    target = _pemda(user, pemda)
    if category not in queries.STATUS_LABELS:
        choices = ", ".join(queries.STATUS_LABELS)
        raise FormInvalid({"category": [f"Kategori tidak dikenal; pilih salah satu: {choices}."]})
    opd_id = None
    if opd:
        found = opds_for_user(user).filter(pemda=target, code=opd).values_list("pk", flat=True)
        if not found:
            raise Http404
        opd_id = found[0]
    run: Run | None = recon.latest_done(target.pk)
    if run is None:
        raise _no_run(target)
    qs = queries.records(
        recon_access.results_for_user(user, run), queries.Selection(category, opd_id)
    )
    masked = scope.masked

    def record(r: Any) -> dict[str, Any]:
        eng = r.engagement
        return {
            "nik": mask_nik(r.nik) if masked else r.nik,
            "name": eng.person.name if eng else (r.membership.name if r.membership else ""),
            "opd_code": r.opd.code if r.opd else None,
            "category": r.category,
            "engagement_category": eng.category if eng else None,
            "has_sk": eng.has_sk if eng else None,
            "city_wage": None if masked else r.city_wage,
            "reported_wage": None if masked else r.reported_wage,
            "iuran": None if masked else r.iuran,
        }

    return Listing(qs, record, {"run": run.pk})
