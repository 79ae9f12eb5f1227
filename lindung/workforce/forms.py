"""The form of a published figure, shared by the page and the API."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.lib.forms import PlausibleDateField
from lindung.registry.forms import DateInput
from lindung.workforce.models import MAX_PEOPLE, Segment


class FigureForm(forms.Form):
    segment = forms.ChoiceField(label=_("Segmen"), choices=Segment.choices)
    people = forms.IntegerField(
        label=_("Jumlah orang"),
        min_value=0,
        max_value=MAX_PEOPLE,
        error_messages={
            "min_value": _("Jumlah tidak boleh negatif."),
            "max_value": _("Jumlah tidak wajar."),
            "invalid": _("Tulis jumlah sebagai bilangan bulat, misalnya 45210."),
        },
    )
    as_of = PlausibleDateField(label=_("Keadaan per"), widget=DateInput())
    source = forms.CharField(
        label=_("Sumber"),
        max_length=200,
        help_text=_("Misalnya 'BPS Sakernas Agustus 2025' atau 'Laporan BPJS Cabang, Juni 2026'."),
        error_messages={
            "required": _("Sebutkan sumbernya, misalnya 'BPS Sakernas Agustus 2025'.")
        },
    )
