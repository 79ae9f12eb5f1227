"""Planning and applying an OPD worker list: the list is "the current list of this OPD"."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from lindung.bpjs.matcher import LinkIndex, normalize_employer
from lindung.imports.models import ImportBatch, ImportRow
from lindung.imports.pipeline import KEY_TAKEN
from lindung.lib.dates import today
from lindung.registry import services
from lindung.registry.access import worker_scope
from lindung.registry.fastinsert import ids_by_key
from lindung.registry.models import Engagement, Opd, Person

Outcome = ImportRow.Outcome
# Fields an import may change on an engagement found in the same OPD (with history).
_TRACKED = ("monthly_wage", "category", "has_sk")
# Read once: an enum member looked up on its class costs a descriptor call per row.
_OTHER = Engagement.Category.OTHER
_APBD = Engagement.Funding.APBD


def _row(d: Any) -> dict[str, Any]:
    v = d.values
    return {
        "nik": v["nik"],
        "name": v["name"],
        "birth_date": v.get("birth_date"),
        "sex": v.get("sex", ""),
        "phone": v.get("phone", ""),
        "category": v.get("category", _OTHER),
        "has_sk": v.get("has_sk", False),
        "monthly_wage": v.get("monthly_wage"),  # absent: unknown
        "funding_source": v.get("funding_source", _APBD),
        "start_date": v.get("start_date"),  # absent: unknown, not the import day
        "end_date": v.get("end_date"),
    }


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def place_words(pemda_name: str) -> list[str]:
    """The Pemda's own place name, which OPD names may or may not repeat."""
    return [w for w in pemda_name.split() if w.lower() not in {"kota", "kabupaten"}]


class WorkerPlanner:
    """Decides each row's outcome, and with apply=True writes it through the services."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        # The date the list describes ("keadaan per"): what is open, and when the missing end.
        as_of = batch.options.get("as_of")
        self.day = date.fromisoformat(as_of) if as_of else today()
        self.reason = f"Impor {batch.original_name} (#{batch.pk})"
        self.fixed_opd = batch.options.get("opd_id")
        self.create_missing = bool(batch.options.get("create_missing_opds"))
        opds = list(Opd.objects.filter(pemda=batch.pemda))
        self.by_id = {o.pk: o for o in opds}
        self.by_code = {_key(o.code): o for o in opds}
        self.places = place_words(batch.pemda.name)
        self.index = LinkIndex([(o.pk, o.name, o.code) for o in opds], self.places)
        # A user's answer per OPD name of the file: an existing OPD's id, or "new".
        self.choices: dict[str, Any] = batch.options.get("opd_choices") or {}
        self.names: dict[str, dict[str, Any]] = {}  # OPD names matching no OPD, for the preview
        self.new_opds: dict[str, Opd | None] = {}
        self.covered: set[int] = set()
        self.present: set[tuple[int, str]] = set()  # (opd id, nik) seen in the file
        self.ended = 0
        self.to_end: list[int] = []
        self.readable_opds: set[int] | None = None  # OPDs the batch's creator may read

    # -- per chunk ------------------------------------------------------------------------

    def plan(self, drafts: list[Any], *, apply: bool) -> None:
        self.creates: dict[int, list[Any]] = {}
        self.updates: list[tuple[Any, Engagement, dict[str, Any]]] = []
        self._plan(drafts, apply)
        if apply:
            self._write()

    def _opd_name_for_user(self, opd_id: int) -> str:
        """The other OPD's name if the batch's creator may read it, else "OPD lain".

        An Operator OPD must not learn where a person works outside their own OPDs.
        """
        if self.readable_opds is None:
            user = self.batch.created_by
            try:
                scope = worker_scope(user) if user is not None else None
            except PermissionDenied:
                scope = None
            if scope is None:
                self.readable_opds = set()
            elif scope.opd_ids is None:
                self.readable_opds = {o.pk for o in self.by_id.values()}
            else:
                self.readable_opds = set(scope.opd_ids)
        if opd_id in self.readable_opds:
            return self.by_id[opd_id].name
        return "OPD lain"

    def _plan(self, drafts: list[Any], apply: bool) -> None:
        niks = [d.values["nik"] for d in drafts if "nik" in d.values]
        people = ids_by_key(Person, "nik", niks, pemda=self.batch.pemda_id)
        open_by_person: dict[int, list[Engagement]] = {}
        # A list of newcomers (a first import) has nobody to look up.
        for e in (
            Engagement.objects.filter(person_id__in=people.values())
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.day))
            .select_related("opd")
            if people
            else ()
        ):
            open_by_person.setdefault(e.person_id, []).append(e)
        for d in drafts:
            if d.errors:
                continue
            opd = self._opd(d, apply)
            if opd is None:
                continue
            nik = d.values["nik"]
            person = people.get(nik)
            current = open_by_person.get(person, []) if person else []
            here = [e for e in current if e.opd_id == opd.pk] if opd.pk else []
            elsewhere = [e for e in current if e.opd_id != opd.pk]
            self.present.add((opd.pk or 0, nik))
            if here:
                self._update(d, here[0], apply)
            elif elsewhere:
                d.fail(
                    "NIK",
                    "active_elsewhere",
                    f"NIK masih aktif di {self._opd_name_for_user(elsewhere[0].opd_id)}; "
                    "penugasan itu harus diakhiri dulu.",
                )
            else:
                self._create(d, opd, apply)

    def _opd(self, d: Any, apply: bool) -> Opd | None:
        if self.fixed_opd:
            opd = self.by_id.get(int(self.fixed_opd))
        else:
            text = d.values.get("opd")
            if not text:
                d.fail(
                    "OPD",
                    "opd_missing",
                    "Kolom OPD kosong; isi OPD atau pilih satu OPD saat unggah.",
                )
                return None
            opd = self._known_opd(text)
            if opd is None:
                opd = self._unknown_opd(d, text, apply)
        if opd is not None and opd.pk:
            self.covered.add(opd.pk)
        return opd

    def _known_opd(self, text: str) -> Opd | None:
        """The OPD a name means: its code, or its name however typed ("DINAS X ", "Kec. Y")."""
        opd = self.by_code.get(_key(text))
        if opd is not None:
            return opd
        norm = normalize_employer(text, self.places)
        choice = self.choices.get(norm)
        if choice and choice != "new":
            return self.by_id.get(int(choice))
        found = self.index.by_name.get(norm)
        return self.by_id.get(found) if found is not None else None

    def _unknown_opd(self, d: Any, text: str, apply: bool) -> Opd | None:
        norm = normalize_employer(text, self.places) or _key(text)
        seen = self.names.get(norm)
        if seen is None:
            suggestion, score = self.index.best(text)
            seen = self.names[norm] = {
                "key": norm, "name": text.strip(), "rows": 0, "suggestion": suggestion,
                "suggestion_name": self.by_id[suggestion].name if suggestion else "",
                "score": score,
            }  # fmt: skip
        seen["rows"] += 1
        if self.create_missing or self.choices.get(norm) == "new":
            return self._new_opd(norm, seen["name"], apply)
        hint = f" Mungkin maksudnya {seen['suggestion_name']}?" if seen["suggestion"] else ""
        d.fail("OPD", "opd_unknown", f"OPD '{text}' tidak dikenal (kode atau nama).{hint}")
        return None

    def _new_opd(self, key: str, text: str, apply: bool) -> Opd:
        """One new OPD per name however it is typed, named as first written."""
        if apply and self.new_opds.get(key) is None:
            base = re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")[:20] or "OPD"
            code, n = base, 1
            while _key(code) in self.by_code:  # two long names may cut to the same code
                n += 1
                code = f"{base[:17]}-{n}"
            opd = services.opd_create(
                actor=self.batch.created_by, pemda=self.batch.pemda, code=code, name=text[:200],
                kind=Opd.Kind.OTHER, reason=self.reason,
            )  # fmt: skip
            self.new_opds[key] = opd
            self.by_id[opd.pk] = opd
            self.by_code[_key(code)] = opd
            self.index.by_name[key] = opd.pk
        return self.new_opds.get(key) or Opd(pemda=self.batch.pemda, name=text)

    def _create(self, d: Any, opd: Opd, apply: bool) -> None:
        d.outcome = Outcome.CREATED
        if apply:
            self.creates.setdefault(opd.pk, []).append(d)

    def _update(self, d: Any, engagement: Engagement, apply: bool) -> None:
        changes = {
            f: d.values[f]
            for f in _TRACKED
            if f in d.values and getattr(engagement, f) != d.values[f]
        }
        d.outcome = Outcome.UPDATED if changes else Outcome.UNCHANGED
        if apply and changes:
            self.updates.append((d, engagement, changes))

    def _write(self) -> None:
        """One bulk service call per OPD; if it fails, row by row to find the culprit."""
        actor = self.batch.created_by
        for opd_pk, drafts in self.creates.items():
            opd = self.by_id[opd_pk]
            try:
                with transaction.atomic():
                    services.workers_bulk_add(
                        actor=actor, opd=opd, rows=[_row(d) for d in drafts], reason=self.reason
                    )
            except (ValidationError, IntegrityError):
                # IntegrityError: another import created one of these NIKs meanwhile.
                for d in drafts:
                    self._one(d, lambda d=d, opd=opd: services.workers_bulk_add(
                        actor=actor, opd=opd, rows=[_row(d)], reason=self.reason))  # fmt: skip
        if self.updates:
            try:
                with transaction.atomic():
                    services.engagements_bulk_update(
                        actor=actor, reason=self.reason,
                        changes=[(e, c) for _d, e, c in self.updates],
                    )  # fmt: skip
            except (ValidationError, IntegrityError):
                for d, e, c in self.updates:
                    self._one(d, lambda e=e, c=c: services.engagement_update(
                        actor=actor, engagement=e, reason=self.reason, **c))  # fmt: skip

    @staticmethod
    def _one(d: Any, write: Any) -> None:
        try:
            with transaction.atomic():
                write()
        except ValidationError as exc:
            d.fail("", "invalid", " ".join(exc.messages))
        except IntegrityError:
            d.fail("NIK", "nik_taken", KEY_TAKEN)

    # -- after the last row ---------------------------------------------------------------

    def finish(self, *, apply: bool) -> None:
        """Engagements of the covered OPDs that the new list no longer holds."""
        if not self.covered:
            return
        open_here = (
            Engagement.objects.filter(opd_id__in=self.covered)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.day))
            .values_list("pk", "opd_id", "person__nik")
        )
        self.to_end = [pk for pk, opd_id, nik in open_here if (opd_id, nik) not in self.present]
        if apply and self.batch.options.get("end_missing"):
            # The ones the user left ticked in the preview, when the list was shown.
            chosen = self.batch.options.get("end_ids")
            ending = self.to_end if chosen is None else sorted(set(self.to_end) & set(chosen))
            for engagement in Engagement.objects.filter(pk__in=ending):
                services.engagement_end(
                    actor=self.batch.created_by,
                    engagement=engagement,
                    # An unknown start is long ago: the engagement ends today.
                    end_date=max(self.day, engagement.start_date or self.day),
                    reason=f"Tidak ada lagi di daftar {self.reason}",
                )
                self.ended += 1

    def extra_counts(self) -> dict[str, Any]:
        return {
            "to_end": len(self.to_end),
            "to_end_ids": self.to_end[:5000],
            "ended": self.ended,
            "opd_names": sorted(self.names.values(), key=lambda n: -n["rows"]),
        }
