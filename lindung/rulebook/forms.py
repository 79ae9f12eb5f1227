"""Forms of the calculator and budget pages; the engine does the rule validation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lindung.lib.dates import today
from lindung.registry.forms import RupiahField
from lindung.rulebook.budget import Scenario
from lindung.rulebook.engine import FUNDING, PU_PROGRAMS

SECTOR_CHOICES = [
    ("", _("Tidak disebut")),
    ("food", _("Makanan, minuman dan tembakau")),
    ("textile", _("Tekstil dan pakaian jadi")),
    ("leather", _("Kulit dan barang dari kulit")),
    ("footwear", _("Alas kaki")),
    ("toys", _("Mainan anak")),
    ("furniture", _("Furnitur")),
    ("transport", _("Transportasi (ojek, kurir, sopir)")),
    ("other", _("Lainnya")),
]
FUNDING_LABELS = {
    "self": _("Mandiri (peserta)"),
    "apbd": _("APBD"),
    "apbn": _("APBN"),
    "csr": _("CSR"),
    "village": _("Dana desa"),
    "bansos": _("Potongan bansos"),
}
PROGRAM_CHOICES = [(p, p) for p in PU_PROGRAMS]


def _money(label: Any, **kwargs: Any) -> RupiahField:
    # Ranges are checked by the engine, which names the valid range in its message.
    return RupiahField(label=label, required=False, min_value=None, max_value=None, **kwargs)


class MonthInput(forms.TextInput):
    input_type = "month"


class CalculatorForm(forms.Form):
    segment = forms.ChoiceField(
        label=_("Segmen"),
        choices=[
            ("pu", _("Penerima Upah (PU)")),
            ("bpu", _("Bukan Penerima Upah (BPU)")),
            ("jakon", _("Jasa konstruksi (Jakon)")),
        ],
        widget=forms.RadioSelect,
        initial="pu",
    )
    month = forms.CharField(label=_("Bulan iuran"), widget=MonthInput(), max_length=7)
    wage = _money(_("Upah per bulan (PU)"))
    risk_group = forms.TypedChoiceField(
        label=_("Kelompok risiko JKK (PU)"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        initial=1,
        required=False,
        empty_value=None,
    )
    programs = forms.MultipleChoiceField(
        label=_("Program"),
        choices=PROGRAM_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kosongkan untuk program baku: PU JKK, JKM, JHT, JP; BPU JKK, JKM."),
    )
    sector = forms.ChoiceField(label=_("Sektor usaha"), choices=SECTOR_CHOICES, required=False)
    workers = forms.IntegerField(label=_("Jumlah pekerja pemberi kerja (PU)"), required=False)
    scale = forms.ChoiceField(
        label=_("Skala usaha (PU)"),
        choices=[
            ("", _("Tidak disebut")),
            ("micro", _("Mikro")),
            ("small", _("Kecil")),
            ("medium", _("Menengah")),
            ("large", _("Besar")),
        ],
        required=False,
        help_text=_("Dipakai untuk penundaan iuran JP (PP 49/2020)."),
    )
    income = _money(_("Penghasilan per bulan (BPU)"))
    funding = forms.ChoiceField(
        label=_("Sumber dana iuran (BPU)"),
        choices=[(f, FUNDING_LABELS[f]) for f in FUNDING],
        initial="self",
        required=False,
    )
    contract_value = _money(_("Nilai kontrak tanpa PPN (Jakon)"))
    wages = _money(
        _("Total upah pekerja per bulan (Jakon, bila diketahui)"),
        help_text=_("Bila diisi, iuran Jakon dihitung dari upah, bukan dari nilai kontrak."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = f"{today():%Y-%m}"


PRESETS = [
    Scenario(name="JKK + JKM", programs=("JKK", "JKM")),
    Scenario(name="JKK + JKM + JHT", programs=("JKK", "JKM", "JHT")),
    Scenario(name="JKK + JKM + JHT + JP", programs=("JKK", "JKM", "JHT", "JP")),
]


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2022, max_value=2100)
    death_grant = _money(
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
            self.fields[p + "fixed_wage"] = _money(_("Nominal upah tetap"))
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
