"""Form of the calculator page; the engine does the rule validation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.lib.dates import today
from lindung.registry.forms import RupiahField
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


def money_field(label: Any, **kwargs: Any) -> RupiahField:
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
    wage = money_field(_("Upah per bulan (PU)"))
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
    income = money_field(_("Penghasilan per bulan (BPU)"))
    funding = forms.ChoiceField(
        label=_("Sumber dana iuran (BPU)"),
        choices=[(f, FUNDING_LABELS[f]) for f in FUNDING],
        initial="self",
        required=False,
    )
    contract_value = money_field(_("Nilai kontrak tanpa PPN (Jakon)"))
    wages = money_field(
        _("Total upah pekerja per bulan (Jakon, bila diketahui)"),
        help_text=_("Bila diisi, iuran Jakon dihitung dari upah, bukan dari nilai kontrak."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = f"{today():%Y-%m}"
