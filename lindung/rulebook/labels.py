"""Plain Indonesian names for the rule tables' keys, qualifiers and values.

The keys (``pu.jp.cap``) and qualifiers (``employer``) stay in code and in data/rules.csv; a
page, PDF or workbook shows the names below instead. A key missing here shows a neutral name
(and a test fails), never the key itself.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from lindung.lib.formatting import rupiah

RULE_LABELS: dict[str, Promise] = {
    "pu.jkk.rate": _l("Tarif JKK penerima upah"),
    "pu.jkm.rate": _l("Tarif JKM penerima upah"),
    "pu.jht.rate": _l("Tarif JHT penerima upah"),
    "pu.jp.rate": _l("Tarif JP penerima upah"),
    "pu.jp.cap": _l("Batas upah JP"),
    "pu.jkk.discount": _l("Potongan iuran JKK penerima upah"),
    "pu.jkm.discount": _l("Potongan iuran JKM penerima upah"),
    "pu.jp.deferral": _l("Penundaan iuran JP"),
    "pu.jkk.discount.min_workers": _l("Jumlah pekerja paling sedikit untuk potongan JKK"),
    "bpu.jkk.rate": _l("Tarif JKK bukan penerima upah (dari penghasilan)"),
    "bpu.jkm.flat": _l("Iuran JKM bukan penerima upah per bulan"),
    "bpu.jht.rate": _l("Tarif JHT bukan penerima upah"),
    "bpu.min_income": _l("Penghasilan terendah bukan penerima upah"),
    "bpu.discount": _l("Potongan iuran JKK dan JKM bukan penerima upah"),
    "bpu.discount.excluded_funding": _l("Tanpa potongan iuran bukan penerima upah"),
    "jakon.tier.upper": _l("Batas atas tingkat nilai kontrak jasa konstruksi"),
    "jakon.jkk.rate": _l("Tarif JKK jasa konstruksi per tingkat nilai kontrak"),
    "jakon.jkm.rate": _l("Tarif JKM jasa konstruksi per tingkat nilai kontrak"),
    "jakon.wage.jkk.rate": _l("Tarif JKK jasa konstruksi menurut upah"),
    "jakon.wage.jkm.rate": _l("Tarif JKM jasa konstruksi menurut upah"),
    "jakon.stage.pct": _l("Porsi pembayaran iuran jasa konstruksi per termin"),
    "jakon.registration.working_days": _l("Batas pendaftaran proyek setelah SPK"),
    "jakon.jkk.discount": _l("Potongan iuran JKK jasa konstruksi"),
    "jakon.jkm.discount": _l("Potongan iuran JKM jasa konstruksi"),
    "programs.scale": _l("Program wajib menurut skala usaha"),
    "programs.non_asn": _l("Program untuk pegawai non-ASN Pemda"),
    "programs.election": _l("Program untuk panitia ad hoc pemilihan"),
    "election.jkk.risk_group": _l("Kelompok risiko JKK panitia ad hoc pemilihan"),
    "benefit.jkm.lump_sum": _l("Santunan kematian JKM"),
    "benefit.jkm.periodic": _l("Santunan berkala JKM, dibayar sekaligus"),
    "benefit.jkm.funeral": _l("Biaya pemakaman JKM"),
    "benefit.jkk.death.factor": _l("Santunan kematian JKK (kali upah sebulan)"),
    "benefit.jkk.death.minimum": _l("Santunan kematian JKK paling sedikit"),
    "benefit.jkk.total_disability.factor": _l(
        "Santunan cacat total tetap JKK (kali upah sebulan)"
    ),
    "benefit.jkk.funeral": _l("Biaya pemakaman JKK"),
    "benefit.jkk.periodic": _l("Santunan berkala JKK, dibayar sekaligus"),
    "benefit.jkk.home_care.max": _l("Perawatan di rumah JKK paling banyak"),
    "benefit.stmb.pct": _l("Santunan sementara tidak mampu bekerja (dari upah)"),
    "benefit.scholarship.lump_sum": _l("Beasiswa pendidikan anak, sekaligus"),
    "benefit.scholarship.max_children": _l("Jumlah anak penerima beasiswa paling banyak"),
    "benefit.scholarship.min_years": _l("Masa iuran paling singkat untuk beasiswa (tahun)"),
    "benefit.scholarship.per_year": _l("Beasiswa pendidikan anak per tahun"),
    "benefit.jkp.pct": _l("Uang tunai JKP (dari upah)"),
    "benefit.jkp.months": _l("Lama uang tunai JKP (bulan)"),
    "benefit.jkp.wage_cap": _l("Batas upah JKP"),
    "deadline.pu.day": _l("Batas bayar iuran penerima upah, bulan berikutnya"),
    "deadline.bpu.day": _l("Batas bayar iuran bukan penerima upah"),
    "fine.late.rate": _l("Denda keterlambatan iuran per bulan"),
    "relief.conditions": _l("Syarat relaksasi iuran COVID-19 berlaku"),
    "compliance.arrears.months": _l("Tunggakan yang menjadi temuan (bulan)"),
    "sanction.teguran.days": _l("Batas waktu memenuhi teguran tertulis"),
}

_SECTORS: dict[str, Promise] = {
    "food": _l("industri makanan, minuman dan tembakau"),
    "textile": _l("industri tekstil dan pakaian jadi"),
    "leather": _l("industri kulit dan barang kulit"),
    "footwear": _l("industri alas kaki"),
    "toys": _l("industri mainan anak"),
    "furniture": _l("industri furnitur"),
    "all": _l("semua sektor"),
}
_SHARES: dict[str, Promise] = {
    "employer": _l("bagian pemberi kerja"),
    "worker": _l("bagian pekerja"),
}
_SCALES: dict[str, Promise] = {
    "micro": _l("usaha mikro"),
    "small": _l("usaha kecil"),
    "medium": _l("usaha menengah"),
    "large": _l("usaha besar"),
}
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}
_TIER = _l("tingkat %(n)s")

# Numbered qualifiers: the number goes into the phrase (risk groups in Roman numerals).
NUMBERED_QUALIFIERS: dict[str, Promise] = {
    "pu.jkk.rate": _l("kelompok risiko %(n)s"),
    "jakon.tier.upper": _TIER,
    "jakon.jkk.rate": _TIER,
    "jakon.jkm.rate": _TIER,
    "jakon.stage.pct": _l("termin %(n)s"),
    "sanction.teguran.days": _l("teguran %(n)s"),
}
# Named qualifiers per key; a key in neither table has plain qualifiers (program names).
QUALIFIER_LABELS: dict[str, dict[str, Promise]] = {
    "pu.jkm.rate": dict(_SHARES),
    "pu.jht.rate": dict(_SHARES),
    "pu.jp.rate": dict(_SHARES),
    "pu.jkk.discount": dict(_SECTORS),
    "pu.jkm.discount": dict(_SECTORS),
    "pu.jp.deferral": dict(_SCALES),
    "programs.scale": dict(_SCALES),
    "bpu.discount": {
        "transport": _l("sektor transportasi (ojek, kurir, pengemudi)"),
        "other": _l("sektor lainnya"),
    },
    "bpu.discount.excluded_funding": {
        "apbd": _l("iuran dibayar APBD"),
        "apbn": _l("iuran dibayar APBN"),
        "bansos": _l("iuran dipotong dari bansos"),
    },
    "benefit.stmb.pct": {"1-12": _l("bulan 1–12"), "13+": _l("bulan ke-13 sampai sembuh")},
    "benefit.scholarship.per_year": {
        "tk_sd": _l("TK dan SD"),
        "sltp": _l("SMP"),
        "slta": _l("SMA"),
        "pt": _l("perguruan tinggi"),
    },
    "relief.conditions": {
        "pu": _l("penerima upah"),
        "bpu": _l("bukan penerima upah"),
        "jakon": _l("jasa konstruksi"),
    },
}


def rule_label(key: str, qualifier: str = "") -> str:
    """A rule's plain name with its qualifier: "Tarif JKK penerima upah, kelompok risiko I"."""
    name = str(RULE_LABELS.get(key, _l("Aturan tanpa nama")))
    if not qualifier:
        return name
    numbered = NUMBERED_QUALIFIERS.get(key)
    if numbered is not None:
        roman = key in ("pu.jkk.rate", "sanction.teguran.days")
        n = _ROMAN.get(qualifier, qualifier) if roman else qualifier
        return f"{name}, {numbered % {'n': n}}"
    known = QUALIFIER_LABELS.get(key)
    if known is None:
        return f"{name}, {qualifier}"  # plain qualifiers: program names such as JKK
    return f"{name}, {known.get(qualifier, qualifier)}"


def _number(text: str, *, min_places: int = 0) -> str:
    """A decimal as the locale writes it, every written digit kept: 0.24 -> 0,24."""
    amount = Decimal(text)
    places = max(min_places, -amount.as_tuple().exponent)  # type: ignore[operator]
    return number_format(amount, places, force_grouping=True)


def rule_value(value: str, unit: str) -> str:
    """A rule's value in words a finance officer reads: Rp11.086.300, 0,24%, 14 hari kerja."""
    try:
        if unit == "rupiah":
            return rupiah(value)
        if unit == "percent":
            # A legal rate is shown as the regulation writes it (0,24%), at least one decimal.
            return _number(value, min_places=1) + "%"
        if unit == "days":
            return _("%(n)s hari kerja") % {"n": _number(value)}
        if unit == "day":
            return _("tanggal %(n)s") % {"n": _number(value)}
        if unit == "factor":
            return _("%(n)s × upah sebulan") % {"n": _number(value)}
        if unit == "count":
            return _number(value)
    except (InvalidOperation, ValueError):
        return value
    if unit == "flag":
        return _("ya") if value.strip() not in ("", "0") else _("tidak")
    if unit == "programs":
        return ", ".join(p.strip() for p in value.split(","))
    return value
