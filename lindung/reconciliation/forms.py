"""Forms of the reconciliation pages and API (one validation for both)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.lib.dates import today
from lindung.lib.forms import PlausibleDateField
from lindung.reconciliation.rules import Category, Params
from lindung.registry.models import Opd


class RunForm(forms.Form):
    as_of = PlausibleDateField(
        label=_("Per tanggal"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    tolerance = forms.IntegerField(
        label=_("Toleransi upah (Rp)"), min_value=0, initial=Params.tolerance, required=False,
        help_text=_("Upah dilaporkan boleh lebih rendah dari upah kota sebesar ini."),
    )  # fmt: skip
    unpaid_months = forms.IntegerField(
        label=_("Batas tunggakan (bulan)"), min_value=0, max_value=24, required=False,
        initial=Params.unpaid_months,
        help_text=_("Lebih dari sekian bulan tanpa iuran dihitung tidak aktif."),
    )  # fmt: skip

    def clean_as_of(self) -> Any:
        value = self.cleaned_data.get("as_of") or today()
        if value > today():
            raise forms.ValidationError(_("Tanggal rekonsiliasi tidak boleh di masa depan."))
        return value

    def params(self) -> Params:
        data = self.cleaned_data
        return Params(
            tolerance=data.get("tolerance") or 0,
            unpaid_months=(
                Params.unpaid_months
                if data.get("unpaid_months") is None
                else data["unpaid_months"]
            ),
        )


class RecordFilterForm(forms.Form):
    kategori = forms.ChoiceField(label=_("Kategori"), choices=Category.choices)
    opd = forms.ModelChoiceField(
        label="OPD", queryset=Opd.objects.none(), required=False, empty_label=_("Semua OPD")
    )
    baru = forms.BooleanField(
        label=_("Hanya yang baru sejak rekonsiliasi sebelumnya"), required=False
    )

    def __init__(self, *args: Any, opds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opds  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Orang yang sama")), ("reject", _("Bukan orang yang sama"))]
    )
