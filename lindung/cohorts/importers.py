"""Planning and applying a cohort's member list: election staff, or informal (BPU) workers.

Each batch goes to the one cohort chosen at upload (`options["cohort_id"]`). A NIK new to the
cohort is added, a NIK already in it with other values is changed, the same values are left
alone. Rows are checked by the same service functions that write them
(lindung.cohorts.services), so a row that passes the check is written as it was checked.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation

from lindung.cohorts import services
from lindung.cohorts.models import (
    ElectionCohort,
    ElectionMember,
    ElectionRole,
    InformalCohort,
    InformalMember,
)
from lindung.imports.columns import LABELS
from lindung.imports.models import ImportBatch, ImportRow
from lindung.imports.planners import register
from lindung.imports.values import normalize_header

Outcome = ImportRow.Outcome
COHORT_MODELS: dict[str, type[ElectionCohort] | type[InformalCohort]] = {
    ImportBatch.Kind.ELECTION_MEMBERS: ElectionCohort,
    ImportBatch.Kind.INFORMAL_MEMBERS: InformalCohort,
}

# What election bodies write in the role column, beyond the role's code and label.
_ROLE_ALIASES = {
    ElectionRole.Role.PPK: ("panitia pemilihan kecamatan",),
    ElectionRole.Role.PPS: ("panitia pemungutan suara",),
    ElectionRole.Role.KPPS: ("kelompok penyelenggara pemungutan suara",),
    ElectionRole.Role.PANTARLIH: ("petugas pemutakhiran data pemilih",),
    ElectionRole.Role.PANWASLU_KEC: ("panwaslu kec", "panwascam", "panwas kecamatan",
                                     "panitia pengawas pemilihan kecamatan",
                                     "pengawas pemilu kecamatan"),
    ElectionRole.Role.PKD: ("pengawas kelurahan desa", "pengawas desa", "pengawas kelurahan",
                            "pengawas pemilu kelurahan desa"),
    ElectionRole.Role.PTPS: ("ptps", "pengawas tempat pemungutan suara"),
    ElectionRole.Role.PPL: ("pengawas pemilu lapangan",),
    ElectionRole.Role.OTHER: ("lain lain", "other"),
}  # fmt: skip
# A position within the body says nothing about the role: "Ketua KPPS" is KPPS.
_POSITIONS = ("wakil ketua", "ketua", "anggota", "sekretaris", "petugas", "koordinator")


def _compact(text: str) -> str:
    """Case, punctuation and spacing forgiven: "Panwaslu Kec." and "PANWASLUKEC" agree."""
    return normalize_header(text).replace(" ", "")


@cache
def _role_index() -> dict[str, str]:
    index: dict[str, str] = {}
    with translation.override("id"):  # the labels as Indonesian files write them
        for value, label in ElectionRole.Role.choices:
            for text in (value, str(label), *_ROLE_ALIASES.get(ElectionRole.Role(value), ())):
                index[_compact(text)] = value
    return index


def role_choice(text: str) -> str | None:
    """The ElectionRole.Role value a role cell names, or None."""
    index = _role_index()
    words = normalize_header(text)
    for position in _POSITIONS:
        if words.startswith(f"{position} "):
            words = words.removeprefix(position)
            break
    for candidate in (text, words):
        found = index.get(_compact(candidate))
        if found:
            return found
    return None


class _MemberPlanner:
    """One chunk at a time: look up the chunk's NIKs in the cohort, check, decide, write."""

    kind: str
    member_model: type[ElectionMember] | type[InformalMember]

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.reason = f"Impor {batch.original_name} (#{batch.pk})"
        self.cohort: Any = (
            COHORT_MODELS[self.kind]
            .objects.filter(pemda_id=batch.pemda_id, pk=batch.options.get("cohort_id") or 0)
            .first()
        )

    def plan(self, drafts: list[Any], *, apply: bool) -> None:
        live = [d for d in drafts if not d.errors]
        if self.cohort is None:
            for d in live:
                d.fail(
                    "", "cohort_missing",
                    "Kohort tujuan tidak ditemukan di Pemda ini; unggah ulang berkasnya dan "
                    "pilih kohortnya.",
                )  # fmt: skip
            return
        niks = [d.values["nik"] for d in live]
        known = {
            m.nik: m for m in self.member_model.objects.filter(cohort=self.cohort, nik__in=niks)
        }
        writes: list[tuple[Any, dict[str, Any]]] = []
        for d in live:
            row = self._row(d)
            if row is None:
                continue
            try:
                member = self._validate(row)
            except ValidationError as exc:
                _fail(d, exc)
                continue
            old = known.get(member.nik)
            d.outcome = (
                Outcome.CREATED
                if old is None
                else Outcome.UNCHANGED
                if self._same(old, member)
                else Outcome.UPDATED
            )
            if apply and d.outcome != Outcome.UNCHANGED:
                writes.append((d, row))
        if writes:
            self._write(writes)

    def _write(self, writes: list[tuple[Any, dict[str, Any]]]) -> None:
        """One service call for the chunk; if it fails, row by row to find the culprit."""
        try:
            with transaction.atomic():
                self._save([row for _d, row in writes])
        except ValidationError:
            for d, row in writes:
                try:
                    with transaction.atomic():
                        self._save([row])
                except ValidationError as exc:
                    _fail(d, exc)

    # -- per kind ---------------------------------------------------------------------------

    def _row(self, d: Any) -> dict[str, Any] | None:
        raise NotImplementedError

    def _validate(self, row: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _same(self, old: Any, new: Any) -> bool:
        raise NotImplementedError

    def _save(self, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def finish(self, *, apply: bool) -> None:
        return None

    def extra_counts(self) -> dict[str, Any]:
        return {}


class ElectionMemberPlanner(_MemberPlanner):
    kind = ImportBatch.Kind.ELECTION_MEMBERS
    member_model = ElectionMember

    def __init__(self, batch: ImportBatch) -> None:
        super().__init__(batch)
        roles = ElectionRole.objects.filter(cohort=self.cohort) if self.cohort else []
        self.roles = {r.role: r for r in roles}

    def _row(self, d: Any) -> dict[str, Any] | None:
        text = d.values["role"]
        choice = role_choice(text)
        if choice is None or choice not in self.roles:
            names = ", ".join(r.get_role_display() for r in self.roles.values())
            have = (
                f"peran kohort ini: {names}"
                if names
                else "kohort ini belum punya peran; isi dulu honorarium per peran"
            )
            d.fail(
                LABELS["role"],
                "role_unknown" if choice is None else "role_not_in_cohort",
                f"Peran '{text}' tidak dikenal; {have}."
                if choice is None
                else f"Peran '{text}' belum ada di kohort ini; {have}.",
            )
            return None
        return {"nik": d.values["nik"], "name": d.values["name"], "role": choice}

    def _validate(self, row: dict[str, Any]) -> ElectionMember:
        return services.election_member_validate(cohort=self.cohort, roles=self.roles, **row)

    def _same(self, old: Any, new: Any) -> bool:
        return bool((old.role_id, old.name) == (new.role_id, new.name))

    def _save(self, rows: list[dict[str, Any]]) -> None:
        services.election_members_bulk_save(
            actor=self.batch.created_by, cohort=self.cohort, rows=rows, reason=self.reason
        )


class InformalMemberPlanner(_MemberPlanner):
    kind = ImportBatch.Kind.INFORMAL_MEMBERS
    member_model = InformalMember

    def __init__(self, batch: ImportBatch) -> None:
        super().__init__(batch)
        self.minimum = services.minimum_income()

    def _row(self, d: Any) -> dict[str, Any] | None:
        v = d.values
        return {"nik": v["nik"], "name": v["name"], "declared_income": v["declared_income"]}

    def _validate(self, row: dict[str, Any]) -> InformalMember:
        return services.informal_member_validate(cohort=self.cohort, minimum=self.minimum, **row)

    def _same(self, old: Any, new: Any) -> bool:
        return bool((old.name, old.declared_income) == (new.name, new.declared_income))

    def _save(self, rows: list[dict[str, Any]]) -> None:
        services.informal_members_bulk_save(
            actor=self.batch.created_by, cohort=self.cohort, rows=rows, reason=self.reason
        )


def _fail(d: Any, exc: ValidationError) -> None:
    """The service's field errors, each under its column's label."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            d.fail("", "invalid", message)
        return
    for field, errors in exc.error_dict.items():
        column = "" if field == NON_FIELD_ERRORS else LABELS.get(field, field)
        for error in errors:
            for message in error.messages:
                d.fail(column, error.code or "invalid", message)


register(ImportBatch.Kind.ELECTION_MEMBERS, ElectionMemberPlanner)
register(ImportBatch.Kind.INFORMAL_MEMBERS, InformalMemberPlanner)
