"""Typed shapes of the API's requests and responses."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class MeOut(Schema):
    username: str
    role: str
    pemda: str | None
    superuser: bool
    opd_ids: list[int] | None


class OpdIn(Schema):
    pemda: str | None = None
    code: str
    name: str
    kind: str = "dinas"
    jkk_risk_group: int = 1
    npp: str = ""
    divisi: str = ""
    reason: str = ""


class OpdPatch(Schema):
    name: str | None = None
    kind: str | None = None
    jkk_risk_group: int | None = None
    npp: str | None = None
    divisi: str | None = None
    reason: str = ""


class OpdOut(Schema):
    id: int
    pemda: str
    code: str
    name: str
    kind: str
    jkk_risk_group: int
    npp: str
    divisi: str
    # The NPP (/Divisi) linked to the OPD on the review queue; the typed one when set.
    linked_npp: str = ""
    active_workers: int | None = None


class PersonRef(Schema):
    id: int
    nik: str
    name: str


class EngagementIn(Schema):
    opd_id: int
    nik: str
    name: str
    birth_date: date | None = None
    sex: str = ""
    phone: str = ""
    category: str
    has_sk: bool = False
    monthly_wage: int | str | None = None  # null or absent: unknown
    funding_source: str = "apbd"
    start_date: date | None = None  # null or absent: unknown
    reason: str = ""
    # Needed when birth_date contradicts the birth date the NIK encodes (else a 422).
    birth_date_confirmed: bool = False


class EngagementPatch(Schema):
    """Absent fields stay; an explicit null makes the wage or the start date unknown."""

    category: str | None = None
    has_sk: bool | None = None
    monthly_wage: int | str | None = None
    funding_source: str | None = None
    start_date: date | None = None
    reason: str


class EngagementEndIn(Schema):
    end_date: date
    reason: str


class EngagementOut(Schema):
    id: int
    person: PersonRef
    opd_id: int
    opd_code: str
    category: str
    has_sk: bool
    monthly_wage: int | None  # null: unknown, or hidden from a masked reader
    funding_source: str
    start_date: date | None  # null: unknown (active on any date up to the end date)
    end_date: date | None
    active: bool


class PersonPatch(Schema):
    name: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    phone: str | None = None
    reason: str


class PersonOut(Schema):
    id: int
    pemda: str
    nik: str
    name: str
    birth_date: date | None
    sex: str
    phone: str | None
    engagements: list[EngagementOut]
