"""Form of the budget planner: year, death grant and up to three scenarios."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lindung.budget.planner import Scenario
from lindung.lib.dates import today
from lindung.rulebook.forms import PROGRAM_CHOICES, money_field

PRESETS = [
    Scenario(name="JKK + JKM", programs=("JKK", "JKM")),
    Scenario(name="JKK + JKM + JHT", programs=("JKK", "JKM", "JHT")),
    Scenario(name="JKK + JKM + JHT + JP", programs=("JKK", "JKM", "JHT", "JP")),
]


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2022, max_value=2100)
    death_grant = money_field(
        _("Santunan kematian dari Pemda (Rp)"),
        help_text=_("Untuk perbandingan manfaat, mis. bantuan kematian Rp1.000.000."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = today().year + 1
        self.fields["death_grant"].initial = 1_000_000
        for i, preset in enumerate(PRESETS, start=1):
            p = f"s{i}_"
            self.fields[p + "name"] = forms.CharField(
                label=_("Nama skenario"), max_length=60, required=False, initial=preset.name
            )
            self.fields[p + "programs"] = forms.MultipleChoiceField(
                label=_("Program"),
                choices=PROGRAM_CHOICES,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=list(preset.programs),
            )
            self.fields[p + "worker_share"] = forms.ChoiceField(
                label=_("Iuran bagian pekerja dibayar"),
                choices=[("apbd", _("APBD")), ("deduction", _("Potong gaji"))],
                initial="apbd",
                required=False,
            )
            self.fields[p + "wage_basis"] = forms.ChoiceField(
                label=_("Dasar upah"),
                choices=[("actual", _("Upah aktual")), ("fixed", _("Nominal tetap"))],
                initial="actual",
                required=False,
            )
            self.fields[p + "fixed_wage"] = money_field(_("Nominal upah tetap"))
            self.fields[p + "population"] = forms.ChoiceField(
                label=_("Pekerja"),
                choices=[
                    ("all", _("Semua yang aktif")),
                    ("uncovered", _("Hanya yang belum terlindungi (setelah rekonsiliasi)")),
                ],
                initial="all",
                required=False,
            )

    def scenario_fields(self) -> list[list[Any]]:
        return [
            [
                self[f"s{i}_{n}"]
                for n in (
                    "name",
                    "programs",
                    "worker_share",
                    "wage_basis",
                    "fixed_wage",
                    "population",
                )
            ]
            for i in (1, 2, 3)
        ]

    @classmethod
    def initial_data(cls) -> QueryDict:
        """The presets as if submitted, so the page answers before anyone types."""
        data = QueryDict(mutable=True)
        for name, field in cls().fields.items():
            value = field.initial
            if isinstance(value, list):
                data.setlist(name, value)
            elif value is not None:
                data[name] = str(value)
        return data
