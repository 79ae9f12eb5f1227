"""Forms for projects: shared by the pages and the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lindung.lib.dates import today
from lindung.lib.forms import PlausibleDateField
from lindung.registry.forms import DateInput, RupiahField
from lindung.registry.models import Opd
from lindung.rulebook.engine import MAX_CONTRACT_VALUE


class ProjectForm(forms.Form):
    opd = forms.ModelChoiceField(
        label=_("OPD pemilik"),
        queryset=Opd.objects.none(),
        error_messages={"invalid_choice": _("Pilih OPD yang tersedia.")},
    )
    name = forms.CharField(label=_("Nama paket pekerjaan"), max_length=255)
    contract_number = forms.CharField(label=_("Nomor kontrak/SPK"), max_length=100, required=False)
    contractor_name = forms.CharField(label=_("Nama penyedia jasa"), max_length=200)
    contractor_nib = forms.RegexField(
        label=_("NIB penyedia"),
        regex=r"^\d{13}$",
        required=False,
        error_messages={"invalid": _("NIB terdiri dari 13 digit angka.")},
    )
    contractor_npp = forms.CharField(label=_("NPP penyedia"), max_length=20, required=False)
    contract_value = RupiahField(
        label=_("Nilai kontrak tanpa PPN (Rp)"),
        min_value=1,
        max_value=MAX_CONTRACT_VALUE,
        error_messages={
            "min_value": _("Nilai kontrak harus lebih dari Rp0."),
            "max_value": _("Nilai kontrak tidak wajar."),
            "invalid": _("Tulis nilai kontrak sebagai angka rupiah, misalnya 850000000."),
        },
    )
    spk_date = PlausibleDateField(label=_("Tanggal SPK"), widget=DateInput())
    start_date = PlausibleDateField(label=_("Tanggal mulai"), widget=DateInput())
    end_date = PlausibleDateField(label=_("Tanggal selesai"), widget=DateInput())

    def __init__(self, *args: Any, opds: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if opds is not None:
            self.fields["opd"].queryset = opds  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        spk, start, end = data.get("spk_date"), data.get("start_date"), data.get("end_date")
        if spk and end and spk > end:
            self.add_error("spk_date", _("Tanggal SPK tidak boleh sesudah tanggal selesai."))
        if start and end and start > end:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class TerminForm(forms.Form):
    planned_date = PlausibleDateField(label=_("Rencana tanggal bayar"), widget=DateInput())
    percent = forms.DecimalField(
        label=_("Persen nilai kontrak"),
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "min_value": _("Persen termin harus lebih dari 0."),
            "max_value": _("Persen termin paling banyak 100."),
            "invalid": _("Tulis persen sebagai angka, misalnya 30."),
        },
    )


class RegistrationForm(forms.Form):
    """Record the BPJS registration; once recorded, correct it with a reason."""

    registration_number = forms.CharField(label=_("Nomor pendaftaran proyek BPJS"), max_length=40)
    registered_on = PlausibleDateField(label=_("Tanggal pendaftaran"), widget=DateInput())
    reason = forms.CharField(
        label=_("Alasan koreksi"),
        max_length=100,  # the history's reason column
        help_text=_("Dicatat di riwayat proyek: siapa, kapan, apa, dan mengapa."),
    )

    def __init__(self, *args: Any, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.correcting = correcting
        if not correcting:
            del self.fields["reason"]

    def clean_registered_on(self) -> Any:
        day = self.cleaned_data["registered_on"]
        if day > today():
            raise ValidationError(_("Tanggal pendaftaran BPJS tidak boleh di masa depan."))
        return day


# Shown only once the payment turned out to exceed the outstanding iuran (see reveal()).
_OVERPAY_FIELDS = ("confirm_overpayment", "overpayment_reason")


class PaymentForm(forms.Form):
    paid_on = PlausibleDateField(label=_("Tanggal bayar"), widget=DateInput())
    amount = RupiahField(
        label=_("Jumlah (Rp)"),
        max_value=MAX_CONTRACT_VALUE,
        error_messages={
            "min_value": _("Jumlah pembayaran harus lebih dari Rp0."),
            "max_value": _("Jumlah pembayaran tidak wajar."),
            "invalid": _("Tulis jumlah sebagai angka rupiah, misalnya 762500."),
        },
    )
    reference = forms.CharField(label=_("Nomor bukti/kode bayar"), max_length=60, required=False)
    confirm_overpayment = forms.BooleanField(
        label=_("Saya yakin, bayar lebih"), required=False, widget=forms.HiddenInput()
    )
    overpayment_reason = forms.CharField(
        label=_("Alasan bayar lebih"),
        max_length=200,
        required=False,
        widget=forms.HiddenInput(),
        help_text=_("Wajib bila bayar lebih; dicatat di riwayat pembayaran."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A confirmation already ticked (the user came back to it) stays on screen.
        if self.is_bound and self.data.get("confirm_overpayment") in ("on", "true", "True"):
            self.reveal()

    def reveal(self) -> None:
        """Show the overpayment confirmation: the checkbox and its reason."""
        self.fields["confirm_overpayment"].widget = forms.CheckboxInput()
        self.fields["overpayment_reason"].widget = forms.TextInput()

    def needs_confirmation(self) -> bool:
        return any(self.has_error(f, code=f"payment_{f}") for f in ("amount", *_OVERPAY_FIELDS))


class GateForm(forms.Form):
    termin = forms.IntegerField(
        label=_("Termin ke"),
        min_value=1,
        error_messages={
            "min_value": _("Nomor termin dimulai dari 1."),
            "invalid": _("Nomor termin harus bilangan bulat."),
            "required": _("Pilih termin yang akan dibayar."),
        },
    )

    def __init__(self, *args: Any, termins: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.termins = termins

    def clean_termin(self) -> int:
        termin = self.cleaned_data["termin"]
        if termin > self.termins:
            if not self.termins:
                raise ValidationError(_("Proyek ini belum punya jadwal termin."))
            raise ValidationError(
                _("Termin %(n)s di luar jadwal; proyek ini punya %(count)s termin.")
                % {"n": termin, "count": self.termins}
            )
        return int(termin)
