"""Forms of the dashboard: the list filter, a target, a rakor report request."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lindung.dashboards import queries, services
from lindung.dashboards.models import Report, Target
from lindung.registry.models import Engagement, Opd


class SelectionForm(forms.Form):
    """A list's query string: ?status=gap&opd=ID&jenis=honorer&sk=1 (run=ID: the view)."""

    status = forms.ChoiceField(choices=list(queries.STATUS_LABELS.items()))
    opd = forms.ModelChoiceField(queryset=Opd.objects.none(), required=False)
    jenis = forms.ChoiceField(
        choices=[("", "")] + list(Engagement.Category.choices), required=False
    )
    sk = forms.ChoiceField(choices=[("", ""), ("1", "1"), ("0", "0")], required=False)

    def __init__(self, *args: Any, opds: QuerySet[Opd], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opds  # type: ignore[attr-defined]

    def selection(self) -> queries.Selection:
        d = self.cleaned_data
        return queries.Selection(
            status=d["status"],
            opd_id=d["opd"].pk if d["opd"] else None,
            kind=d["jenis"] or None,
            has_sk=None if d["sk"] == "" else d["sk"] == "1",
        )


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker) or MM/YYYY."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-12"})

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", text) or re.fullmatch(r"(\d{1,2})/(\d{4})", text)
        if m is None:
            raise forms.ValidationError(_("Tulis bulan sebagai TTTT-BB, misalnya 2026-12."))
        year, month = (m[1], m[2]) if len(m[1]) == 4 else (m[2], m[1])
        if not 1 <= int(month) <= 12 or not 2000 <= int(year) <= 2100:
            raise forms.ValidationError(_("Bulan tidak dikenal."))
        return date(int(year), int(month), 1)


class TargetForm(forms.Form):
    segment = forms.ChoiceField(label=_("Segmen"), choices=Target.Segment.choices)
    metric = forms.ChoiceField(label=_("Ukuran"), choices=Target.Metric.choices)
    value = forms.DecimalField(
        label=_("Target"),
        max_digits=12,
        decimal_places=1,
        help_text=_("Persen (misalnya 100) atau jumlah peserta (misalnya 24.000)."),
    )
    due = MonthField(label=_("Tercapai pada bulan"))
    label = forms.CharField(label=_("Keterangan"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(k in data for k in ("segment", "metric", "value", "due")):
            try:
                services.check_target(
                    segment=data["segment"],
                    metric=data["metric"],
                    value=data["value"],
                    due=data["due"],
                )
            except services.TargetError as exc:
                self.add_error(exc.field, exc.message)
        return data


class ReportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=Report.Format.choices, initial="pdf")
