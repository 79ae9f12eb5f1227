"""Forms for cohorts: shared by the pages and any API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.cohorts.models import ElectionCohort, ElectionRole, InformalCohort, Segment
from lindung.lib.forms import PlausibleDateField
from lindung.registry.forms import DateInput, NikField, RupiahField


class ElectionCohortForm(forms.Form):
    body = forms.ChoiceField(label=_("Lembaga"), choices=ElectionCohort.Body.choices)
    election_name = forms.CharField(label=_("Nama pemilihan"), max_length=150)
    term_start = PlausibleDateField(label=_("Awal masa tugas"), widget=DateInput())
    term_end = PlausibleDateField(label=_("Akhir masa tugas"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("Akhir masa tugas tidak boleh sebelum awal masa tugas."))
        return data


class ElectionRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=ElectionRole.Role.choices)
    honorarium = RupiahField(
        label=_("Honorarium per bulan (Rp)"),
        error_messages={
            "min_value": _("Honorarium harus lebih dari Rp0."),
            "max_value": _("Honorarium tidak wajar."),
            "invalid": _("Tulis honorarium sebagai angka rupiah, misalnya 1100000."),
        },
    )
    term_start = PlausibleDateField(
        label=_("Awal masa tugas peran"),
        required=False,
        widget=DateInput(),
        help_text=_("Kosongkan bila sama dengan masa tugas kohort (mis. KPPS hanya sebulan)."),
    )
    term_end = PlausibleDateField(
        label=_("Akhir masa tugas peran"), required=False, widget=DateInput()
    )


class ElectionMemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=ElectionRole.Role.choices)
    nik = NikField()
    name = forms.CharField(label=_("Nama"), max_length=150)


class InformalCohortForm(forms.Form):
    name = forms.CharField(label=_("Nama kohort"), max_length=150)
    segment = forms.ChoiceField(label=_("Segmen"), choices=Segment.choices)
    funding = forms.ChoiceField(label=_("Sumber dana"), choices=InformalCohort.Funding.choices)
    kecamatan = forms.CharField(label=_("Kecamatan"), max_length=100, required=False)


class InformalMemberForm(forms.Form):
    nik = NikField()
    name = forms.CharField(label=_("Nama"), max_length=150)
    declared_income = RupiahField(
        label=_("Penghasilan dilaporkan per bulan (Rp)"),
        error_messages={
            "min_value": _("Penghasilan harus lebih dari Rp0."),
            "max_value": _("Penghasilan tidak wajar."),
            "invalid": _("Tulis penghasilan sebagai angka rupiah, misalnya 1000000."),
        },
    )


class SegmentTargetForm(forms.Form):
    segment = forms.ChoiceField(label=_("Segmen"), choices=Segment.choices)
    year = forms.IntegerField(
        label=_("Tahun"),
        min_value=2015,
        max_value=2100,
        error_messages={
            "min_value": _("Tahun paling awal 2015."),
            "max_value": _("Tahun tidak wajar."),
        },
    )
    target = forms.IntegerField(
        label=_("Target peserta"),
        min_value=1,
        max_value=10_000_000,
        error_messages={
            "min_value": _("Target harus lebih dari 0."),
            "max_value": _("Target tidak wajar."),
        },
    )
