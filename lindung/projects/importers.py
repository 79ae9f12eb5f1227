"""Planning and applying a project list from the procurement office: upsert by contract number.

A row is a Pemda-funded construction contract. The owner OPD is found by code or name; a
contract number already known in the Pemda updates that project (registration and payments
stay), a new one creates it. Each row is validated like the project form (contract value
above zero, SPK not after the end date) before anything is written.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

from lindung.imports.columns import LABELS
from lindung.imports.models import ImportBatch, ImportRow
from lindung.imports.planners import register
from lindung.projects import services
from lindung.projects.models import Project
from lindung.registry.models import Opd

Outcome = ImportRow.Outcome
_FIELDS = ("name", "contractor_name", "contractor_nib", "contractor_npp", "contract_value",
           "spk_date", "start_date", "end_date")  # fmt: skip


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


class ProjectPlanner:
    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.reason = f"Impor {batch.original_name} (#{batch.pk})"
        opds = list(Opd.objects.filter(pemda=batch.pemda))
        self.fixed_opd = next((o for o in opds if o.pk == batch.options.get("opd_id")), None)
        self.by_text = {_key(o.code): o for o in opds} | {_key(o.name): o for o in opds}

    def plan(self, drafts: list[Any], *, apply: bool) -> None:
        numbers = [d.values["contract_number"] for d in drafts if not d.errors]
        known = {
            p.contract_number: p
            for p in Project.objects.filter(pemda=self.batch.pemda, contract_number__in=numbers)
        }
        for d in drafts:
            if d.errors:
                continue
            v = d.values
            opd = self.fixed_opd or self.by_text.get(_key(v.get("opd", "")))
            if opd is None:
                d.fail(
                    LABELS["opd"], "unknown_opd",
                    f"OPD '{v.get('opd', '')}' tidak dikenal; tulis kode atau nama OPD.",
                )  # fmt: skip
                continue
            fields = {f: v.get(f, "") for f in _FIELDS}
            project = known.get(v["contract_number"])
            candidate = project or Project(pemda=self.batch.pemda, opd=opd)
            changes = {f: val for f, val in fields.items() if getattr(candidate, f, None) != val}
            if project is not None and project.opd_id != opd.pk:
                d.fail(LABELS["opd"], "opd_changed", "Nomor kontrak ini milik OPD lain.")
                continue
            if not self._valid(d, opd, candidate, changes, v["contract_number"]):
                continue
            d.outcome = (
                Outcome.CREATED
                if project is None
                else Outcome.UPDATED
                if changes
                else Outcome.UNCHANGED
            )
            if not apply:
                continue
            if project is None:
                known[v["contract_number"]] = services.project_create(
                    actor=self.batch.created_by, opd=opd,
                    contract_number=v["contract_number"], reason=self.reason, **fields,
                )  # fmt: skip
            elif changes:
                services.project_update(
                    actor=self.batch.created_by, project=project, reason=self.reason, **changes
                )

    def _valid(
        self, d: Any, opd: Opd, candidate: Project, changes: dict[str, Any], number: str
    ) -> bool:
        """The model's checks (and its field errors) on an unsaved copy: nothing written."""
        probe = Project(
            pemda_id=self.batch.pemda_id,
            opd=opd,
            contract_number=number,
            **{f: getattr(candidate, f) for f in _FIELDS if f not in changes},
            **changes,
        )
        try:
            probe.full_clean(exclude=["pemda", "opd"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    d.fail(LABELS.get(field, field), "invalid", message)
            return False
        return True

    def finish(self, *, apply: bool) -> None:
        return None

    def extra_counts(self) -> dict[str, Any]:
        return {}


register(ImportBatch.Kind.PROJECTS, ProjectPlanner)
