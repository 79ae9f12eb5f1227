from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.registry.models import Opd


class LinkDecisionForm(forms.Form):
    """Confirm a link (to the suggested target, or another OPD or NIB) or reject it."""

    decision = forms.ChoiceField(choices=[("confirm", _("Tautkan")), ("reject", _("Tolak"))])
    opd = forms.ModelChoiceField(label="OPD", queryset=Opd.objects.none(), required=False)
    nib = forms.CharField(label=_("NIB lain (opsional)"), required=False, max_length=13)

    def __init__(self, *args: Any, opds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opds  # type: ignore[attr-defined]
