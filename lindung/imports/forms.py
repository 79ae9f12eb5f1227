from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Role, User
from lindung.imports import access
from lindung.imports.columns import KEY_FIELDS, LABELS, SYNONYMS
from lindung.imports.models import ImportBatch
from lindung.lib.forms import PlausibleDateField
from lindung.registry import access as registry_access
from lindung.registry.forms import DATE_INPUTS, DateInput
from lindung.registry.models import Opd, Pemda


def upload_too_large(size: int, name: str) -> str:
    """Why an upload over IMPORT_MAX_BYTES is refused, and who can raise the limit."""
    limit = settings.IMPORT_MAX_BYTES
    if Path(name).suffix.lower() in (".csv", ".txt"):
        hint = gettext("Pecah berkasnya per OPD.")
    else:
        hint = gettext("Pecah berkasnya per OPD, atau simpan sebagai CSV.")
    return gettext(
        "Berkas terlalu besar (%(size)d MB); batasnya %(limit)d MB (hanya administrator "
        "server yang dapat mengubahnya). %(hint)s"
    ) % {"size": -(-size // 2**20), "limit": limit // 2**20, "hint": hint}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis data"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("XLSX, XLSM, XLS, ODS atau CSV (koma atau titik koma)."),
    )
    opd = forms.ModelChoiceField(
        label=_("OPD"),
        queryset=Opd.objects.none(),
        required=False,
        empty_label=_("— berkas berisi kolom OPD —"),
        help_text=_("Pilih OPD bila berkas adalah daftar satu OPD."),
    )
    create_missing_opds = forms.BooleanField(label=_("Buat OPD yang belum ada"), required=False)
    as_of = PlausibleDateField(
        label=_("Keadaan per"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=DateInput(),
        help_text=_(
            "Tanggal keadaan daftar pekerja (mis. tanggal tanda tangan). Kosongkan untuk hari "
            "ini. Pekerja yang tidak ada lagi di daftar diakhiri per tanggal ini."
        ),
    )
    # "<kind>:<id>": election and informal cohorts are numbered separately.
    cohort = forms.CharField(
        label=_("Kohort"),
        required=False,
        widget=forms.Select(),
        help_text=_("Untuk daftar anggota kohort: kohort tujuan seluruh baris berkas."),
    )
    figure_source = forms.ChoiceField(
        label=_("Sumber angka pekerja (data badan usaha)"),
        choices=[
            ("perizinan", _("Data perizinan (OSS)")),
            ("wlkp", _("WLKP (wajib lapor ketenagakerjaan)")),
            ("inspeksi", _("Pemeriksaan pengawas")),
            ("lainnya", _("Sumber lain")),
        ],
        required=False,
        help_text=_("Dipakai bila berkas tidak punya kolom Sumber."),
    )

    def __init__(
        self, *args: Any, user: User, kinds: set[str], pemda: Pemda | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self._cohort_fields(kinds, pemda)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            c for c in ImportBatch.Kind.choices if c[0] in kinds
        ]
        if len(kinds) == 1:
            self.fields["kind"].initial = next(iter(kinds))
        if ImportBatch.Kind.BUSINESSES not in kinds:
            del self.fields["figure_source"]
        opds = (
            registry_access.opds_for_user(user) if registry_access.can_read_workers(user) else None
        )
        self.fields["opd"].queryset = (  # type: ignore[attr-defined]
            opds.order_by("name") if opds is not None else Opd.objects.none()
        )
        if ImportBatch.Kind.WORKERS not in kinds:
            # Business lists and BPJS exports are not per OPD.
            del self.fields["opd"], self.fields["create_missing_opds"], self.fields["as_of"]
        elif user.role == Role.OPERATOR_OPD:
            self.fields["opd"].empty_label = None  # type: ignore[attr-defined]
            del self.fields["create_missing_opds"]

    def _cohort_fields(self, kinds: set[str], pemda: Pemda | None) -> None:
        """Cohorts of the Pemda the user manages, grouped by kind; no field without them."""
        self.cohorts: dict[str, Any] = {}
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        titles = {ImportBatch.Kind.ELECTION_MEMBERS: _("Kohort panitia ad hoc"),
                  ImportBatch.Kind.INFORMAL_MEMBERS: _("Kohort pekerja informal")}  # fmt: skip
        for kind, title in titles.items():
            if kind not in kinds:
                continue
            qs = access.cohorts_for_import(self.user, kind)
            qs = qs.filter(pemda=pemda) if pemda is not None else qs.none()
            options = []
            for cohort in qs:
                self.cohorts[f"{kind}:{cohort.pk}"] = cohort
                options.append((f"{kind}:{cohort.pk}", str(cohort)))
            groups.append((str(title), options))
        if not groups:
            del self.fields["cohort"]
            return
        self.fields["cohort"].widget.choices = [
            ("", _("— bukan daftar anggota kohort —")),
            *groups,
        ]  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(upload_too_large(upload.size, upload.name or ""))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ImportBatch.Kind.WORKERS and self.user.role == Role.OPERATOR_OPD:
            if not data.get("opd"):
                self.add_error("opd", _("Pilih OPD Anda."))
        if data.get("kind") in access.COHORT_KINDS:
            data["cohort"] = self._chosen_cohort(data["kind"], data.get("cohort") or "")
        else:
            data["cohort"] = None
        return data

    def _chosen_cohort(self, kind: str, value: str) -> Any:
        """The cohort of "<kind>:<id>" (or a bare id, as in ?cohort=ID); None with an error."""
        if not value:
            self.add_error("cohort", _("Pilih kohort tujuan daftar anggota ini."))
            return None
        chosen_kind, _sep, pk = value.rpartition(":")
        if chosen_kind and chosen_kind != kind:
            self.add_error(
                "cohort", _("Kohort yang dipilih tidak sesuai dengan jenis data yang dipilih.")
            )
            return None
        cohort = self.cohorts.get(f"{kind}:{pk}")
        if cohort is None:
            self.add_error(
                "cohort", _("Kohort tidak ditemukan di Pemda ini atau di luar wewenang Anda.")
            )
        return cohort


def upload_initial(params: Any, kinds: set[str]) -> dict[str, str]:
    """Initial kind and cohort from the query string (?kind=election_members&cohort=ID)."""
    kind = params.get("kind", "")
    if kind not in kinds:
        return {}
    cohort = params.get("cohort", "")
    if kind in access.COHORT_KINDS and cohort.isdigit():
        return {"kind": kind, "cohort": f"{kind}:{cohort}"}
    return {"kind": kind}


_HOW = {
    "synonym": _("judul dikenal"),
    "similar": _("judul mirip"),
    "user": _("dipilih pengguna"),
}


def _confidence(col: dict[str, Any]) -> str:
    """How sure the reader is of a column's field, for the preview ("80% · judul mirip")."""
    if not col.get("field"):
        return "—"
    how = _HOW.get(col.get("how", ""), "")
    return f"{round(100 * float(col.get('confidence', 0)))}% · {how}"


class MappingForm(forms.Form):
    """One select per column of the file: which field it holds, or ignore."""

    def __init__(self, *args: Any, batch: ImportBatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— abaikan kolom ini —"))] + [
            (f, LABELS.get(f, f)) for f in SYNONYMS[batch.kind]
        ]
        for col in batch.layout.get("columns", []):
            if not col["key"]:
                continue
            name = f"col_{col['index']}"
            self.fields[name] = forms.ChoiceField(
                label=col["header"], choices=choices, required=False, initial=col["field"]
            )
            self.fields[name].confidence_label = _confidence(col)  # type: ignore[attr-defined]
        self.columns = {f"col_{c['index']}": c["key"] for c in batch.layout.get("columns", [])}
        self.kind = batch.kind

    def chosen(self) -> dict[str, str]:
        return {self.columns[name]: value for name, value in self.cleaned_data.items()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        picked = [v for v in data.values() if v]
        doubled = {v for v in picked if picked.count(v) > 1}
        if doubled:
            raise forms.ValidationError(
                _("Setiap isian hanya boleh dari satu kolom: %(f)s.")
                % {"f": ", ".join(LABELS.get(f, f) for f in sorted(doubled))}
            )
        key_field = KEY_FIELDS[self.kind]
        if key_field not in picked:
            raise forms.ValidationError(
                _("Pilih kolom yang berisi %(f)s.") % {"f": LABELS[key_field]}
            )
        return data


class CommitForm(forms.Form):
    valid_only = forms.BooleanField(label=_("Simpan baris yang valid saja"), required=False)
    end_missing = forms.BooleanField(
        label=_("Akhiri penugasan yang tidak ada lagi di daftar"), required=False
    )


class OpdChoiceForm(forms.Form):
    """Per OPD name of the file that matches no OPD: which OPD it means, or a new one."""

    def __init__(self, *args: Any, batch: ImportBatch, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        opds = list(registry_access.opds_for_user(user).filter(pemda=batch.pemda).order_by("name"))
        new = (
            [("new", _("Buat OPD baru dengan nama ini"))] if user.role != Role.OPERATOR_OPD else []
        )
        choices = [("", _("— pilih —")), *new, *[(str(o.pk), o.name) for o in opds]]
        chosen = batch.options.get("opd_choices", {})
        self.keys: dict[str, str] = {}
        for i, name in enumerate((batch.counts or {}).get("opd_names", [])):
            field_name = f"opd_{i}"
            self.keys[field_name] = name["key"]
            initial = chosen.get(name["key"]) or (
                str(name["suggestion"]) if name["suggestion"] else ""
            )
            self.fields[field_name] = forms.ChoiceField(
                label=name["name"], choices=choices, required=False, initial=initial
            )
            self.fields[field_name].rows = name["rows"]  # type: ignore[attr-defined]
            self.fields[field_name].suggestion = name["suggestion_name"]  # type: ignore[attr-defined]

    def chosen(self) -> dict[str, str]:
        return {self.keys[f]: v for f, v in self.cleaned_data.items() if v}
