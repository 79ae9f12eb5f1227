"""What each role may do: the one table of roles x capabilities, for code and auditors.

Every access helper (`<app>/access.py`) asks :func:`can` whether a role holds a capability;
the helpers keep the scoping (which Pemda, which OPDs, which rows). A superuser holds every
capability. The table below is generated from :data:`CAPABILITIES` by :func:`table` and
kept equal to it, and to docs/roles.md, by lindung/accounts/tests/test_capabilities.py.

| capability | Admin Pemda | Operator OPD | Petugas BPJS | Disnaker | Perizinan | Pimpinan |
|---|---|---|---|---|---|---|
| read_workers: worker registry, coverage dashboard, reconciliation runs | x | x | x |  |  | x |
| write_workers: add, change and end engagements | x | x |  |  |  |  |
| manage_opds: add and edit the OPD list | x |  |  |  |  |  |
| see_identities: NIK and wages unmasked (UU 27/2022) | x | x | x | x |  |  |
| run_reconciliation: start runs, review candidate pairs | x |  | x |  |  |  |
| link_employers: decide NPP-OPD links | x |  |  |  |  |  |
| set_targets: coverage targets | x |  | x |  |  |  |
| import_workers: upload worker lists | x | x |  |  |  |  |
| import_memberships: upload BPJS membership exports | x |  | x |  |  |  |
| import_employers: upload BPJS employer exports | x |  | x |  |  |  |
| import_businesses: upload business lists (OSS, WLKP) | x |  |  | x |  |  |
| import_projects: upload construction project lists | x |  |  |  |  |  |
| read_compliance: businesses, findings | x |  | x | x |  | x |
| edit_compliance: businesses, findings, links, letters, permit-check log | x |  |  | x |  |  |
| set_umk: the regional minimum wage | x |  |  |  |  |  |
| check_permits: the permit compliance check | x |  | x | x | x | x |
| read_projects: construction projects | x | x | x | x |  | x |
| manage_projects: create and edit projects and their termin | x | x |  |  |  |  |
| record_projects: record BPJS registration and iuran payments of projects | x | x | x |  |  |  |
| read_cohorts: election staff and informal cohorts | x |  | x | x |  | x |
| manage_cohorts: add cohorts and members, import member lists | x |  |  |  |  |  |
| read_citywide: city-wide coverage (workforce and BPJS totals) | x |  | x | x |  | x |
| enter_workforce: the city's workforce (BPS, Disnaker) | x |  |  | x |  |  |
| enter_bpjs_totals: the BPJS branch's city totals | x |  | x |  |  |  |
| manage_users: the Pemda's accounts, roles, OPD bindings, password resets | x |  |  |  |  |  |
| read_audit: the Pemda's audit log and its export | x |  |  |  |  |  |
| manage_client_keys: permit-check client keys | x |  |  |  |  |  |
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils import translation

from lindung.accounts.models import Role

if TYPE_CHECKING:
    from lindung.accounts.models import User


class Capability(StrEnum):
    READ_WORKERS = "read_workers"
    WRITE_WORKERS = "write_workers"
    MANAGE_OPDS = "manage_opds"
    SEE_IDENTITIES = "see_identities"
    RUN_RECONCILIATION = "run_reconciliation"
    LINK_EMPLOYERS = "link_employers"
    SET_TARGETS = "set_targets"
    IMPORT_WORKERS = "import_workers"
    IMPORT_MEMBERSHIPS = "import_memberships"
    IMPORT_EMPLOYERS = "import_employers"
    IMPORT_BUSINESSES = "import_businesses"
    IMPORT_PROJECTS = "import_projects"
    READ_COMPLIANCE = "read_compliance"
    EDIT_COMPLIANCE = "edit_compliance"
    SET_UMK = "set_umk"
    CHECK_PERMITS = "check_permits"
    READ_PROJECTS = "read_projects"
    MANAGE_PROJECTS = "manage_projects"
    RECORD_PROJECTS = "record_projects"
    READ_COHORTS = "read_cohorts"
    MANAGE_COHORTS = "manage_cohorts"
    READ_CITYWIDE = "read_citywide"
    ENTER_WORKFORCE = "enter_workforce"
    ENTER_BPJS_TOTALS = "enter_bpjs_totals"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"
    MANAGE_CLIENT_KEYS = "manage_client_keys"


ADMIN, OPERATOR, BPJS = Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.PETUGAS_BPJS
DISNAKER, PERIZINAN, PIMPINAN = Role.DISNAKER, Role.PERIZINAN, Role.PIMPINAN
C = Capability

# Capability -> the roles that hold it, with what it covers (for the table above).
CAPABILITIES: dict[Capability, tuple[frozenset[Role], str]] = {
    C.READ_WORKERS: (
        frozenset({ADMIN, OPERATOR, BPJS, PIMPINAN}),
        "worker registry, coverage dashboard, reconciliation runs",
    ),
    C.WRITE_WORKERS: (frozenset({ADMIN, OPERATOR}), "add, change and end engagements"),
    C.MANAGE_OPDS: (frozenset({ADMIN}), "add and edit the OPD list"),
    # Pimpinan needs aggregates, not identities; Perizinan only a yes/no per business.
    C.SEE_IDENTITIES: (
        frozenset({ADMIN, OPERATOR, BPJS, DISNAKER}),
        "NIK and wages unmasked (UU 27/2022)",
    ),
    C.RUN_RECONCILIATION: (frozenset({ADMIN, BPJS}), "start runs, review candidate pairs"),
    C.LINK_EMPLOYERS: (frozenset({ADMIN}), "decide NPP-OPD links"),
    C.SET_TARGETS: (frozenset({ADMIN, BPJS}), "coverage targets"),
    C.IMPORT_WORKERS: (frozenset({ADMIN, OPERATOR}), "upload worker lists"),
    C.IMPORT_MEMBERSHIPS: (frozenset({ADMIN, BPJS}), "upload BPJS membership exports"),
    C.IMPORT_EMPLOYERS: (frozenset({ADMIN, BPJS}), "upload BPJS employer exports"),
    C.IMPORT_BUSINESSES: (frozenset({ADMIN, DISNAKER}), "upload business lists (OSS, WLKP)"),
    C.IMPORT_PROJECTS: (frozenset({ADMIN}), "upload construction project lists"),
    C.READ_COMPLIANCE: (frozenset({ADMIN, BPJS, DISNAKER, PIMPINAN}), "businesses, findings"),
    C.EDIT_COMPLIANCE: (
        frozenset({ADMIN, DISNAKER}),
        "businesses, findings, links, letters, permit-check log",
    ),
    C.SET_UMK: (frozenset({ADMIN}), "the regional minimum wage"),
    C.CHECK_PERMITS: (
        frozenset({ADMIN, BPJS, DISNAKER, PERIZINAN, PIMPINAN}),
        "the permit compliance check",
    ),
    C.READ_PROJECTS: (
        frozenset({ADMIN, OPERATOR, BPJS, DISNAKER, PIMPINAN}),
        "construction projects",
    ),
    C.MANAGE_PROJECTS: (
        frozenset({ADMIN, OPERATOR}),
        "create and edit projects and their termin",
    ),
    C.RECORD_PROJECTS: (
        frozenset({ADMIN, OPERATOR, BPJS}),
        "record BPJS registration and iuran payments of projects",
    ),
    C.READ_COHORTS: (
        frozenset({ADMIN, BPJS, DISNAKER, PIMPINAN}),
        "election staff and informal cohorts",
    ),
    C.MANAGE_COHORTS: (frozenset({ADMIN}), "add cohorts and members, import member lists"),
    # Published aggregates, not personal data: no masking needed.
    C.READ_CITYWIDE: (
        frozenset({ADMIN, BPJS, DISNAKER, PIMPINAN}),
        "city-wide coverage (workforce and BPJS totals)",
    ),
    C.ENTER_WORKFORCE: (frozenset({ADMIN, DISNAKER}), "the city's workforce (BPS, Disnaker)"),
    C.ENTER_BPJS_TOTALS: (frozenset({ADMIN, BPJS}), "the BPJS branch's city totals"),
    C.MANAGE_USERS: (
        frozenset({ADMIN}),
        "the Pemda's accounts, roles, OPD bindings, password resets",
    ),
    # The log names officials and carries NIKs: the controller's operator only (UU 27/2022).
    C.READ_AUDIT: (frozenset({ADMIN}), "the Pemda's audit log and its export"),
    C.MANAGE_CLIENT_KEYS: (frozenset({ADMIN}), "permit-check client keys"),
}


def role_can(role: str, capability: Capability) -> bool:
    """Whether `role` holds `capability` (a plain lookup: no user, no query)."""
    return role in CAPABILITIES[capability][0]


def can(user: User, capability: Capability) -> bool:
    """Whether an active user's role holds `capability`; a superuser holds every one.

    Says nothing about which Pemda or OPDs: the app's access helper scopes the rows.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or role_can(user.role, capability))


def table() -> str:
    """The roles x capabilities table in Markdown, as in this docstring and docs/roles.md."""
    roles = list(Role)
    with translation.override("id"):
        labels = [str(r.label) for r in roles]
    lines = [
        "| capability | " + " | ".join(labels) + " |",
        "|---" * (len(roles) + 1) + "|",
    ]
    for capability, (holders, covers) in CAPABILITIES.items():
        marks = " | ".join("x" if r in holders else "" for r in roles)
        lines.append(f"| {capability}: {covers} | {marks} |")
    return "\n".join(lines)
