"""Registry API: OPDs, people, engagements. Same access helpers, forms and services as pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.forms import Form
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from lindung.api.errors import ErrorOut, FormInvalid
from lindung.api.pagination import Listing, PageNumbers
from lindung.api.schemas import (
    EngagementEndIn,
    EngagementIn,
    EngagementOut,
    EngagementPatch,
    MeOut,
    OpdIn,
    OpdOut,
    OpdPatch,
    PersonOut,
    PersonPatch,
    PersonRef,
)
from lindung.bpjs.queries import npp_label, with_linked_npp
from lindung.lib.dates import today
from lindung.lib.nik import mask_nik
from lindung.registry import access, services
from lindung.registry.forms import (
    EngagementEndForm,
    EngagementForm,
    OpdForm,
    PersonForm,
    WorkerAddForm,
    current_values,
)
from lindung.registry.lookups import SearchRefused, worker_search
from lindung.registry.models import Engagement, Opd, Pemda, Person
from lindung.registry.queries import filter_engagements, opds_with_counts

router = Router(tags=["registry"])


def _clean(form: Form) -> dict[str, Any]:
    if not form.is_valid():
        raise FormInvalid(
            {k: [e["message"] for e in v] for k, v in form.errors.get_json_data().items()}
        )
    return dict(form.cleaned_data)


def _pemda_filter(user: Any, code: str | None) -> Pemda | None:
    """None means all Pemda the user may see; a code outside the user's scope is a 404."""
    if code is None:
        return None
    pemda = access.pemdas_for_user(user).filter(code=code).first()
    if pemda is None:
        raise Http404
    return pemda


# Engagement fields a PATCH may set to null (unknown).
_CLEARABLE = ("monthly_wage", "start_date")


def _opd_out(opd: Opd) -> dict[str, Any]:
    return {
        "id": opd.pk,
        "pemda": opd.pemda.code,
        "code": opd.code,
        "name": opd.name,
        "kind": opd.kind,
        "jkk_risk_group": opd.jkk_risk_group,
        "npp": opd.npp,
        "divisi": opd.divisi,
        "linked_npp": npp_label(opd),
        "active_workers": getattr(opd, "active_workers", None),
    }


def _eng_out(e: Engagement, masked: bool) -> dict[str, Any]:
    return {
        "id": e.pk,
        "person": {
            "id": e.person_id,
            "nik": mask_nik(e.person.nik) if masked else e.person.nik,
            "name": e.person.name,
        },
        "opd_id": e.opd_id,
        "opd_code": e.opd.code,
        "category": e.category,
        "has_sk": e.has_sk,
        "monthly_wage": None if masked else e.monthly_wage,
        "funding_source": e.funding_source,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "active": e.is_active_on(today()),
    }


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    scope = access.worker_scope(user) if access.can_read_workers(user) else None
    return {
        "username": user.username,
        "role": user.role,
        "pemda": user.pemda.code if user.pemda_id else None,
        "superuser": user.is_superuser,
        "opd_ids": sorted(scope.opd_ids) if scope and scope.opd_ids is not None else None,
    }


@router.get("/opds", response=list[OpdOut])
def opd_list(request: HttpRequest, pemda: str | None = None) -> list[dict[str, Any]]:
    qs = access.opds_for_user(request.user)  # type: ignore[arg-type]
    chosen = _pemda_filter(request.user, pemda)
    if chosen is not None:
        qs = qs.filter(pemda=chosen)
    qs = with_linked_npp(opds_with_counts(qs.select_related("pemda"), today()))
    qs = qs.order_by("pemda__code", "code")
    return [_opd_out(o) for o in qs]


@router.get("/opds/{opd_id}", response=OpdOut)
def opd_detail(request: HttpRequest, opd_id: int) -> dict[str, Any]:
    return _opd_out(access.get_opd_for_user(request.user, opd_id))  # type: ignore[arg-type]


@router.post("/opds", response={201: OpdOut})
def opd_create(request: HttpRequest, payload: OpdIn) -> tuple[int, dict[str, Any]]:
    user: Any = request.user
    scope = access.worker_scope(user)
    if not scope.can_manage_opds:
        raise PermissionDenied
    try:
        pemda = _pemda_filter(user, payload.pemda) or (user.pemda if user.pemda_id else None)
    except Http404:
        # A field of the body, like opd_id of an engagement: an unknown code is a 422.
        raise FormInvalid({"pemda": ["Pemda tidak ditemukan."]}) from None
    if pemda is None:
        raise FormInvalid({"pemda": ["Kode Pemda wajib diisi."]})
    data = _clean(OpdForm(data=payload.dict(exclude={"pemda"})))
    reason = data.pop("reason")
    opd = services.opd_create(actor=user, pemda=pemda, reason=reason, **data)
    return 201, _opd_out(opd)


@router.patch("/opds/{opd_id}", response=OpdOut)
def opd_update(request: HttpRequest, opd_id: int, payload: OpdPatch) -> dict[str, Any]:
    opd = access.get_opd_for_user(request.user, opd_id, manage=True)  # type: ignore[arg-type]
    current = current_values(opd, OpdForm)
    data = _clean(OpdForm(data={**current, **payload.dict(exclude_none=True)}))
    data.pop("code")
    reason = data.pop("reason") or "Data OPD diubah lewat API"
    services.opd_update(actor=request.user, opd=opd, reason=reason, **data)  # type: ignore[arg-type]
    return _opd_out(opd)


def _search(user: Any, scope: access.WorkerScope, q: str, *, prefix: str = "") -> Q:
    """The role-aware search filter; a refused search is a 422 (partial NIK) or 429."""
    try:
        return worker_search(user, scope, q, prefix=prefix, source="api")
    except SearchRefused as exc:
        if exc.status == 422:
            raise FormInvalid({"q": [exc.message]}) from None
        raise HttpError(exc.status, exc.message) from None


@router.get("/engagements", response={200: list[EngagementOut], 429: ErrorOut})
@paginate(PageNumbers)
def engagement_list(
    request: HttpRequest,
    opd: int | None = None,
    q: str = "",
    category: str = "",
    sk: str = "",
    status: str = "aktif",
) -> Listing:
    user: Any = request.user
    scope = access.worker_scope(user)
    qs = access.engagements_for_user(user)
    if opd is not None:
        qs = qs.filter(opd=access.get_opd_for_user(user, opd))
    search = _search(user, scope, q, prefix="person__")
    qs = filter_engagements(
        qs, day=today(), search=search, category=category, sk=sk, status=status
    )
    return Listing(
        qs.select_related("person", "opd").order_by("person__name", "pk"),
        lambda e: _eng_out(e, scope.masked),
    )


@router.post("/engagements", response={201: EngagementOut})
def engagement_create(request: HttpRequest, payload: EngagementIn) -> tuple[int, dict[str, Any]]:
    user: Any = request.user
    data = _clean(WorkerAddForm(data=payload.dict(exclude={"opd_id"})))
    try:
        opd = access.get_opd_for_user(user, payload.opd_id, write=True)
    except Http404:
        # An OPD outside the user's scope is reported like an unknown one.
        raise FormInvalid({"opd_id": ["OPD tidak ditemukan."]}) from None
    engagement = services.worker_add(actor=user, opd=opd, **data)
    return 201, _eng_out(engagement, masked=False)


@router.get("/engagements/{engagement_id}", response=EngagementOut)
def engagement_detail(request: HttpRequest, engagement_id: int) -> dict[str, Any]:
    user: Any = request.user
    eng = access.get_engagement_for_user(user, engagement_id)
    return _eng_out(eng, access.worker_scope(user).masked)


@router.patch("/engagements/{engagement_id}", response=EngagementOut)
def engagement_update(
    request: HttpRequest, engagement_id: int, payload: EngagementPatch
) -> dict[str, Any]:
    user: Any = request.user
    eng = access.get_engagement_for_user(user, engagement_id, write=True)
    current = current_values(eng, EngagementForm)
    changes = payload.dict(exclude_none=True)
    # An explicit null clears what may be unknown; elsewhere null means "leave as is".
    cleared = {f: "" for f in _CLEARABLE if f in payload.model_fields_set and f not in changes}
    data = _clean(EngagementForm(data={**current, **changes, **cleared}))
    reason = data.pop("reason")
    services.engagement_update(actor=user, engagement=eng, reason=reason, **data)
    return _eng_out(eng, masked=False)


@router.post("/engagements/{engagement_id}/end", response=EngagementOut)
def engagement_end(
    request: HttpRequest, engagement_id: int, payload: EngagementEndIn
) -> dict[str, Any]:
    user: Any = request.user
    eng = access.get_engagement_for_user(user, engagement_id, write=True)
    data = _clean(EngagementEndForm(data=payload.dict(), engagement=eng))
    services.engagement_end(actor=user, engagement=eng, **data)
    return _eng_out(eng, masked=False)


@router.get("/people", response={200: list[PersonRef], 429: ErrorOut})
@paginate(PageNumbers)
def person_list(request: HttpRequest, q: str = "", pemda: str | None = None) -> Listing:
    user: Any = request.user
    scope = access.worker_scope(user)
    qs = access.people_for_user(user)
    chosen = _pemda_filter(user, pemda)
    if chosen is not None:
        qs = qs.filter(pemda=chosen)
    qs = qs.filter(_search(user, scope, q))
    return Listing(
        qs.order_by("name", "pk"),
        lambda p: {"id": p.pk, "nik": mask_nik(p.nik) if scope.masked else p.nik, "name": p.name},
    )


def _person_out(user: Any, person: Person) -> dict[str, Any]:
    scope = access.worker_scope(user)
    engagements = (
        access.engagements_for_user(user).filter(person=person).select_related("person", "opd")
    )
    return {
        "id": person.pk,
        "pemda": person.pemda.code,
        "nik": mask_nik(person.nik) if scope.masked else person.nik,
        "name": person.name,
        "birth_date": None if scope.masked else person.birth_date,
        "sex": person.sex,
        "phone": None if scope.masked else person.phone,
        # An unknown start is long ago: last.
        "engagements": [
            _eng_out(e, scope.masked)
            for e in engagements.order_by(F("start_date").desc(nulls_last=True), "-pk")
        ],
    }


@router.get("/people/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: int) -> dict[str, Any]:
    return _person_out(request.user, access.get_person_for_user(request.user, person_id))  # type: ignore[arg-type]


@router.patch("/people/{person_id}", response=PersonOut)
def person_update(request: HttpRequest, person_id: int, payload: PersonPatch) -> dict[str, Any]:
    user: Any = request.user
    person = access.get_person_for_user(user, person_id, write=True)
    current = current_values(person, PersonForm)
    data = _clean(PersonForm(data={**current, **payload.dict(exclude_none=True)}))
    reason = data.pop("reason")
    services.person_update(actor=user, person=person, reason=reason, **data)
    return _person_out(user, person)
