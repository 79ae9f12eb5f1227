"""Forms of the compliance pages (businesses, figures, workflow steps, UMK, letters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.compliance import rules
from lindung.compliance.models import (
    Business,
    BusinessFigure,
    Kind,
    Letterhead,
    LetterTemplate,
    Stage,
    Status,
)
from lindung.lib.forms import PlausibleDateField
from lindung.registry.forms import DATE_INPUTS, DateInput, RupiahField


class BusinessForm(forms.ModelForm):
    # Wider than 13: people type NIBs with spaces; clean_nib keeps the digits.
    nib = forms.CharField(label="NIB", max_length=30)

    class Meta:
        model = Business
        fields = ["nib", "name", "kbli", "scale", "kecamatan", "address", "jkk_risk_group"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["nib"].disabled = True
        self.fields["nib"].help_text = _("13 digit dari OSS.")
        self.fields["kbli"].help_text = _("5 digit KBLI 2020, mis. 13134 untuk industri batik.")

    def clean_nib(self) -> str:
        try:
            return rules.parse_nib(self.cleaned_data["nib"])
        except rules.NibError as exc:
            raise forms.ValidationError(str(exc)) from None

    def validate_unique(self) -> None:
        """The service checks NIB uniqueness within the Pemda (the form has no Pemda)."""


class FigureForm(forms.Form):
    source = forms.ChoiceField(label=_("Sumber"), choices=BusinessFigure.Source.choices)
    on = PlausibleDateField(label=_("Tanggal data"), widget=DateInput(), input_formats=DATE_INPUTS)
    workers = forms.IntegerField(label=_("Jumlah pekerja"), min_value=0, max_value=1_000_000)
    total_wages = RupiahField(
        label=_("Total upah per bulan (Rp)"), required=False, max_value=10**12
    )


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIB"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    sector = forms.ChoiceField(label=_("Sektor (KBLI)"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *Status.choices]
    )
    kind = forms.ChoiceField(
        label=_("Temuan"), required=False, choices=[("", _("Semua")), *Kind.choices]
    )
    stage = forms.ChoiceField(
        label=_("Tahap"), required=False, choices=[("", _("Semua")), *Stage.choices]
    )
    overdue = forms.BooleanField(label=_("Hanya yang lewat tenggat"), required=False)

    def __init__(
        self, *args: Any, kecamatan: list[str], sectors: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].choices = [("", _("Semua"))] + [(k, k) for k in kecamatan]  # type: ignore[attr-defined]
        self.fields["sector"].choices = [("", _("Semua"))] + sectors  # type: ignore[attr-defined]


class StepForm(forms.Form):
    stage = forms.ChoiceField(label=_("Langkah"), choices=Stage.choices)
    note = forms.CharField(
        label=_("Catatan / alasan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UmkForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    amount = RupiahField(label=_("UMK (Rp/bulan)"), min_value=100_000)
    legal_basis = forms.CharField(label=_("Dasar (SK Gubernur)"), required=False, max_length=200)


class ClientKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Nama sistem klien"), max_length=100,
        help_text=_("Mis. sistem perizinan DPMPTSP. Dipakai di log cek perizinan."),
    )  # fmt: skip
    rate_per_minute = forms.IntegerField(
        label=_("Batas permintaan per menit"), min_value=1, max_value=100_000, initial=300
    )


class PermitSearchForm(forms.Form):
    nib = forms.CharField(label="NIB", max_length=40)

    def clean_nib(self) -> str:
        try:
            return rules.parse_nib(self.cleaned_data["nib"])
        except rules.NibError as exc:
            raise forms.ValidationError(str(exc)) from None


class LetterheadForm(forms.ModelForm):
    class Meta:
        model = Letterhead
        fields = [
            "government", "office", "address", "contact", "city", "signatory_name",
            "signatory_title", "signatory_nip", "number_format",
        ]  # fmt: skip


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
