"""How the rows of compliance.Employer and reconciliation.EmployerLink become bpjs.Employer.

Frozen beside the data migration that uses it (Django's loader skips modules starting with
"_"), pure so that it is tested without replaying migrations. Both tables are keyed by
(pemda, NPP, Divisi); an NPP in both becomes one employer with the export's figures. When both
link it, the stronger link wins (confirmed > auto > proposed), the OPD on a tie; every rejected
target of either side is remembered.
"""

from __future__ import annotations

from typing import Any

# compliance.Employer.link -> (link, reason)
COMPLIANCE = {
    "none": ("none", ""),
    "nib": ("auto", "nib"),
    "name": ("auto", "name_kecamatan"),
    "pending": ("proposed", "name"),
    "confirmed": ("confirmed", "reviewer"),
    "rejected": ("rejected", "reviewer"),
}
# reconciliation.EmployerLink.status -> link
RECONCILIATION = {
    "auto": "auto",
    "proposed": "proposed",
    "confirmed": "confirmed",
    "rejected": "rejected",
    "unmatched": "none",
}
_RANK = {"confirmed": 3, "auto": 2, "proposed": 1}

EMPLOYER_FIELDS = ("name", "name_key", "nib", "kecamatan", "active_workers", "total_wages",
                   "programs", "paid_through", "arrears", "batch_id")  # fmt: skip


def _blank(pemda_id: int, npp: str, divisi: str) -> dict[str, Any]:
    return {
        "pemda_id": pemda_id, "npp": npp, "divisi": divisi, "name": "", "name_key": "",
        "nib": "", "kecamatan": "", "active_workers": 0, "total_wages": None, "programs": "",
        "paid_through": None, "arrears": 0, "batch_id": None, "opd_id": None,
        "business_id": None, "link": "none", "reason": "", "score": 0.0, "rejected": [],
        "linked_by_id": None, "linked_at": None,
    }  # fmt: skip


def from_compliance(row: dict[str, Any]) -> dict[str, Any]:
    """One compliance.Employer row (as a dict of its fields) as a bpjs.Employer dict."""
    new = _blank(row["pemda_id"], row["npp"], row["divisi"])
    new.update({f: row[f] for f in EMPLOYER_FIELDS})
    link, reason = COMPLIANCE[row["link"]]
    new["link"], new["reason"] = link, reason
    new["rejected"] = [f"business:{pk}" for pk in row.get("rejected") or []]
    if link in _RANK:
        new["business_id"], new["score"] = row["business_id"], 1.0
    if link in ("confirmed", "rejected"):
        new["linked_by_id"], new["linked_at"] = row["linked_by_id"], row["updated_at"]
    return new


def add_reconciliation(new: dict[str, Any] | None, row: dict[str, Any]) -> dict[str, Any]:
    """Fold one reconciliation.EmployerLink row into the employer of its NPP (or a new one)."""
    if new is None:
        new = _blank(row["pemda_id"], row["npp"], row["divisi"])
    new["name"] = new["name"] or row["employer_name"]
    link = RECONCILIATION[row["status"]]
    decided = {"linked_by_id": row["decided_by_id"], "linked_at": row["decided_at"]}
    if link == "rejected":
        if row["opd_id"] is not None and f"opd:{row['opd_id']}" not in new["rejected"]:
            new["rejected"] = [*new["rejected"], f"opd:{row['opd_id']}"]
        if new["link"] == "none":
            new.update(link="rejected", reason="reviewer", **decided)
        return new
    if row["opd_id"] is None or link not in _RANK:
        return new
    if _RANK[link] < _RANK.get(new["link"], 0):
        return new  # the business link is stronger
    typed = link == "confirmed" and row["decided_by_id"] is None
    reason = "typed" if typed else {"auto": "name", "proposed": "similar"}.get(link, "reviewer")
    if link == "proposed" and row["score"] == 0.9:
        reason = "acronym"
    new.update(opd_id=row["opd_id"], business_id=None, link=link, reason=reason,
               score=row["score"])  # fmt: skip
    new.update(decided if link == "confirmed" else {"linked_by_id": None, "linked_at": None})
    return new


def merge(
    compliance_rows: list[dict[str, Any]], link_rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every employer of both tables, one per (pemda, NPP, Divisi)."""
    out: dict[tuple[int, str, str], dict[str, Any]] = {}
    for row in compliance_rows:
        out[(row["pemda_id"], row["npp"], row["divisi"])] = from_compliance(row)
    for row in link_rows:
        key = (row["pemda_id"], row["npp"], row["divisi"])
        out[key] = add_reconciliation(out.get(key), row)
    return list(out.values())
