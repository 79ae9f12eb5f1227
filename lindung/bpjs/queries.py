"""Reusable reads of BPJS TK's employers: the review queue, pending links, NPPs of OPDs."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from lindung.bpjs.models import Employer, Kind, Link
from lindung.registry.models import Opd

# The review queue opens with what waits for a decision.
_QUEUE_ORDER = (Link.PROPOSED, Link.NONE, Link.REJECTED, Link.AUTO, Link.CONFIRMED)
# Query-string names of the kinds (the page is in Bahasa Indonesia).
KIND_PARAMS: dict[str, str] = {
    "opd": Kind.OPD,
    "usaha": Kind.BUSINESS,
    "kontraktor": Kind.CONTRACTOR,
}
PARAM_OF_KIND: dict[str, str] = {v: k for k, v in KIND_PARAMS.items()}


def contractor_nibs(pemda_id: int) -> QuerySet[Any]:
    """NIBs of the Pemda's construction contractors (a contractor is a business with a project)."""
    from lindung.projects.models import Project

    return (
        Project.objects.filter(pemda_id=pemda_id)
        .exclude(contractor_nib="")
        .values("contractor_nib")
    )


def of_kind(qs: QuerySet[Employer], kind: str, pemda_id: int) -> QuerySet[Employer]:
    """Employers linked or proposed to a target of `kind`, and those with no target yet."""
    untargeted = Q(opd__isnull=True, business__isnull=True)
    if kind == Kind.OPD:
        return qs.filter(Q(opd__isnull=False) | untargeted)
    contractors = Q(business__nib__in=contractor_nibs(pemda_id))
    if kind == Kind.CONTRACTOR:
        return qs.filter((Q(business__isnull=False) & contractors) | untargeted)
    return qs.filter((Q(business__isnull=False) & ~contractors) | untargeted)


def review_queue(qs: QuerySet[Employer], kind: str, pemda_id: int) -> QuerySet[Employer]:
    rank = Case(
        *(When(link=status, then=Value(i)) for i, status in enumerate(_QUEUE_ORDER)),
        output_field=IntegerField(),
    )
    return of_kind(qs.filter(pemda_id=pemda_id), kind, pemda_id).order_by(rank, "name", "npp")


def pending_for_business(business_id: int) -> QuerySet[Employer]:
    """NPPs proposed for a business and awaiting review: they may change what it holds."""
    return Employer.objects.filter(business_id=business_id, link=Link.PROPOSED)


def with_linked_npp(opds: QuerySet[Opd]) -> QuerySet[Opd]:
    """Annotate `linked_npp`: the NPP (/Divisi) linked to each OPD, else the one typed on it."""
    linked = Employer.objects.linked().filter(opd=OuterRef("pk")).order_by("npp", "divisi")
    return opds.annotate(
        linked_npp_number=Subquery(linked.values("npp")[:1]),
        linked_npp_divisi=Subquery(linked.values("divisi")[:1]),
    )


def npp_label(opd: Opd) -> str:
    """The OPD's NPP (/Divisi): typed on the OPD, else the linked one ("" when none).

    Reads the `with_linked_npp` annotation when present, else queries once.
    """
    if opd.npp:
        return f"{opd.npp}/{opd.divisi}" if opd.divisi else opd.npp
    if hasattr(opd, "linked_npp_number"):
        npp, divisi = opd.linked_npp_number, getattr(opd, "linked_npp_divisi", "")
    else:
        first = (
            Employer.objects.linked().filter(opd=opd).order_by("npp", "divisi")
            .values_list("npp", "divisi").first()
        )  # fmt: skip
        npp, divisi = first or (None, "")
    if not npp:
        return ""
    return f"{npp}/{divisi}" if divisi else npp
