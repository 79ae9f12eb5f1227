from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import User
from lindung.audit import queries
from lindung.audit.models import AccessEvent
from lindung.registry.forms import DateInput
from lindung.registry.models import Opd, Pemda

KINDS = [
    ("", _("Semua jenis")),
    (queries.CHANGE, _("Perubahan data")),
    (queries.LOOKUP, _("Pencarian NIK")),
    *AccessEvent.Kind.choices,
]


class AuditFilterForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Pengguna"), queryset=User.objects.none(), required=False, empty_label=_("Semua")
    )
    since = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput())
    opd = forms.ModelChoiceField(
        label="OPD", queryset=Opd.objects.none(), required=False, empty_label=_("Semua OPD")
    )
    kind = forms.ChoiceField(label=_("Jenis"), choices=KINDS, required=False)

    def __init__(self, *args: Any, pemda: Pemda, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Superusers act in every Pemda, so their changes show in this log too.
        users = User.objects.filter(Q(pemda=pemda) | Q(is_superuser=True)).order_by("username")
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda u: u.username  # type: ignore[attr-defined]
        self.fields["opd"].queryset = Opd.objects.filter(pemda=pemda).order_by("code")  # type: ignore[attr-defined]
        self.fields["opd"].label_from_instance = lambda o: o.code  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    def filters(self, pemda: Pemda) -> queries.Filters:
        d = self.cleaned_data
        return queries.Filters(
            pemda_id=pemda.pk,
            user_id=d["user"].pk if d.get("user") else None,
            since=d.get("since"),
            until=d.get("until"),
            opd_id=d["opd"].pk if d.get("opd") else None,
            kind=d.get("kind") or "",
        )
