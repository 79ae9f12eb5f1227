"""Forms for the registry: shared by the HTML pages and the JSON API."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lindung.lib import nik as nik_rules
from lindung.lib.dates import today
from lindung.lib.formatting import tanggal
from lindung.lib.forms import PlausibleDateField
from lindung.registry.models import Engagement, Opd, Person
from lindung.registry.rules import (
    MAX_MONTHLY_WAGE,
    MSG_BIRTH_NOT_NIK,
    birth_date_conflict,
    worker_problems,
)

DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
# Start date and wage may be unknown (a worker list without those columns).
UNKNOWN_HELP = _("Kosongkan bila tidak diketahui.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RupiahField(forms.IntegerField):
    """Whole rupiah; accepts "2500000", "2.500.000" and "Rp 2.500.000"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_MONTHLY_WAGE)
        kwargs.setdefault(
            "error_messages",
            {
                "min_value": _("Upah harus lebih dari Rp0."),
                "max_value": _("Upah lebih dari Rp1 miliar per bulan tidak wajar."),
                "invalid": _("Tulis upah sebagai angka rupiah, misalnya 2500000."),
            },
        )
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            cleaned = re.sub(r"(?i)^\s*rp\.?\s*", "", value.strip())
            if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
                cleaned = cleaned.replace(".", "")
            value = cleaned
        return super().to_python(value)


class NikField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("NIK"))
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        parsed = nik_rules.parse_nik(value)
        if not parsed.valid:
            raise ValidationError(parsed.errors)
        return parsed.nik


def current_values(obj: object, form_class: type[forms.Form]) -> dict[str, Any]:
    """The object's values for the fields a form edits: initial data, or the base of a PATCH."""
    return {name: getattr(obj, name) for name in form_class.base_fields if name != "reason"}


class _ReasonMixin(forms.Form):
    reason = forms.CharField(
        label=_("Alasan perubahan"),
        max_length=200,
        help_text=_("Dicatat di riwayat: siapa, kapan, apa, dan mengapa."),
    )


def _wage_field() -> RupiahField:
    """The engagement's wage as both forms take it: optional, blank meaning unknown."""
    return RupiahField(label=_("Upah per bulan (Rp)"), required=False, help_text=UNKNOWN_HELP)


def _start_field() -> forms.DateField:
    """The engagement's start as both forms take it: optional, blank meaning unknown."""
    return PlausibleDateField(
        label=_("Tanggal mulai"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=DateInput(),
        help_text=UNKNOWN_HELP,
    )


class WorkerAddForm(forms.Form):
    nik = NikField()
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    birth_date = PlausibleDateField(
        label=_("Tanggal lahir"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=DateInput(),
        help_text=_("Kosongkan untuk mengambil dari NIK."),
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"),
        required=False,
        choices=[("", _("Ambil dari NIK"))] + list(Person.Sex.choices),
    )
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    category = forms.ChoiceField(label=_("Kategori"), choices=Engagement.Category.choices)
    has_sk = forms.BooleanField(label=_("Memiliki SK Kepala Daerah"), required=False)
    monthly_wage = _wage_field()
    funding_source = forms.ChoiceField(
        label=_("Sumber dana"), choices=Engagement.Funding.choices, initial="apbd"
    )
    start_date = _start_field()
    reason = forms.CharField(label=_("Catatan"), max_length=200, required=False)
    # Shown (see reveal_birth_date_confirmation) only with the warning that the birth date
    # contradicts the NIK; the API sends it as a plain boolean.
    birth_date_confirmed = forms.BooleanField(
        label=_("Saya yakin, tanggal lahir ini benar"), required=False, widget=forms.HiddenInput()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and str(self.data.get("birth_date_confirmed")).lower() in ("on", "true"):
            self.reveal_birth_date_confirmation()

    def reveal_birth_date_confirmation(self) -> None:
        self.fields["birth_date_confirmed"].widget = forms.CheckboxInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The same invariants as an imported row (lindung.registry.rules).
        problems = worker_problems(
            birth_date=data.get("birth_date"),
            start_date=data.get("start_date"),
            monthly_wage=data.get("monthly_wage"),
            nik=data.get("nik"),
            today=today(),
        )
        for field, message in problems.items():
            self.add_error(field, _(message))
        if "birth_date" in problems:
            return data
        # A birth date against the NIK: an import warns on the row; here the user confirms.
        nik_birth = birth_date_conflict(
            nik=data.get("nik"), birth_date=data.get("birth_date"), today=today()
        )
        if nik_birth is None:
            data["birth_date_confirmed"] = False  # nothing to confirm: nothing recorded
        elif not data.get("birth_date_confirmed"):
            given = data["birth_date"]
            self.add_error(
                "birth_date",
                ValidationError(
                    _(MSG_BIRTH_NOT_NIK)
                    % {"given": tanggal(given), "nik_date": tanggal(nik_birth)},
                    code="birth_date_not_nik",
                ),
            )
            self.reveal_birth_date_confirmation()
        return data

    def nik_warnings(self) -> list[str]:
        data = self.cleaned_data
        # A confirmed birth date was the user's own decision: not warned about again.
        birth = None if data.get("birth_date_confirmed") else data.get("birth_date")
        parsed = nik_rules.parse_nik(data["nik"], birth_date=birth, sex=data.get("sex") or None)
        return parsed.warnings


class EngagementForm(_ReasonMixin):
    category = forms.ChoiceField(label=_("Kategori"), choices=Engagement.Category.choices)
    has_sk = forms.BooleanField(label=_("Memiliki SK Kepala Daerah"), required=False)
    monthly_wage = _wage_field()
    funding_source = forms.ChoiceField(label=_("Sumber dana"), choices=Engagement.Funding.choices)
    start_date = _start_field()
    field_order = ["category", "has_sk", "monthly_wage", "funding_source", "start_date", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The add form's invariants that an edit can break (lindung.registry.rules).
        problems = worker_problems(
            start_date=data.get("start_date"), monthly_wage=data.get("monthly_wage"), today=today()
        )
        for field, message in problems.items():
            self.add_error(field, _(message))
        return data


class PersonForm(_ReasonMixin):
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    birth_date = PlausibleDateField(
        label=_("Tanggal lahir"), required=False, input_formats=DATE_INPUTS, widget=DateInput()
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=[("", "—")] + list(Person.Sex.choices)
    )
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    field_order = ["name", "birth_date", "sex", "phone", "reason"]


class EngagementEndForm(_ReasonMixin):
    end_date = PlausibleDateField(
        label=_("Tanggal berakhir"), input_formats=DATE_INPUTS, widget=DateInput()
    )
    field_order = ["end_date", "reason"]

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engagement = engagement

    def clean_end_date(self) -> Any:
        end = self.cleaned_data["end_date"]
        start = self.engagement.start_date
        if start is not None and end < start:
            raise ValidationError(_("Tanggal berakhir tidak boleh sebelum tanggal mulai."))
        return end


class OpdForm(forms.Form):
    code = forms.CharField(label=_("Kode OPD"), max_length=20)
    name = forms.CharField(label=_("Nama OPD"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Opd.Kind.choices)
    jkk_risk_group = forms.IntegerField(
        label=_("Kelompok risiko JKK"), min_value=1, max_value=5, initial=1
    )
    npp = forms.CharField(label=_("NPP"), max_length=20, required=False)
    divisi = forms.CharField(label=_("Divisi"), max_length=10, required=False)
    reason = forms.CharField(label=_("Alasan perubahan"), max_length=200, required=False)


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIK"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Kategori"),
        required=False,
        choices=[("", _("Semua kategori"))] + list(Engagement.Category.choices),
    )
    sk = forms.ChoiceField(
        label=_("SK"),
        required=False,
        choices=[("", _("Semua")), ("1", _("Dengan SK")), ("0", _("Tanpa SK"))],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("aktif", _("Aktif")), ("berakhir", _("Berakhir")), ("semua", _("Semua"))],
    )
