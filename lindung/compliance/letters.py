"""Letters of the workflow (teguran I/II, TMP2T recommendation, resolution) as HTML and PDF.

The text comes from the Pemda's editable template (or the default below); placeholders
are filled with `str.format_map` over plain values, never evaluated as a template
language, so an edited template cannot reach anything but the letter's own facts.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format

from lindung.compliance import placeholders, rules
from lindung.compliance.models import FindingStep, Letterhead, LetterTemplate, Stage
from lindung.lib.formatting import rupiah

KIND_TEXT = {
    rules.PWBD: "belum mendaftarkan diri dan pekerjanya sebagai peserta BPJS Ketenagakerjaan",
    rules.PDS_TK: "baru mendaftarkan sebagian pekerjanya (PDS Tenaga Kerja)",
    rules.PDS_UPAH: "melaporkan upah lebih rendah dari upah sebenarnya (PDS Upah)",
    rules.PDS_PROGRAM: "belum mengikutsertakan pekerja dalam seluruh program wajib (PDS Program)",
    rules.ARREARS: "menunggak pembayaran iuran BPJS Ketenagakerjaan",
}

_TEGURAN = (
    "Berdasarkan data yang dihimpun Pemerintah Daerah bersama BPJS Ketenagakerjaan, "
    "{nama_usaha} (NIB {nib}) yang beralamat di {alamat}, Kecamatan {kecamatan}, "
    "{jenis_temuan}.\n\n"
    "Rincian: {rincian}. Iuran yang terkait diperkirakan {iuran} per bulan.\n\n"
    "Sesuai {dasar_hukum}, kami meminta Saudara memenuhi kewajiban tersebut paling lambat "
    "{tenggat}. Apabila sampai batas waktu itu kewajiban belum dipenuhi, akan dikenakan "
    "langkah berikutnya sesuai ketentuan.\n\n"
    "Demikian teguran ini disampaikan untuk dilaksanakan."
)
DEFAULTS: dict[str, tuple[str, str]] = {
    rules.TEGURAN_1: ("Teguran Tertulis Pertama", _TEGURAN),
    rules.TEGURAN_2: ("Teguran Tertulis Kedua", _TEGURAN),
    rules.TMP2T: (
        "Rekomendasi Sanksi Tidak Mendapat Pelayanan Publik Tertentu (TMP2T)",
        "Setelah teguran tertulis pertama dan kedua, {nama_usaha} (NIB {nib}), "
        "Kecamatan {kecamatan}, masih {jenis_temuan}.\n\n"
        "Rincian: {rincian}. Iuran yang terkait diperkirakan {iuran} per bulan.\n\n"
        "Sesuai {dasar_hukum}, kami merekomendasikan agar pelaku usaha tersebut tidak "
        "mendapat pelayanan publik tertentu (antara lain perizinan berusaha) sampai "
        "kewajibannya dipenuhi.",
    ),
    rules.RESOLVED: (
        "Pemberitahuan Penyelesaian Temuan Kepatuhan",
        "Dengan ini kami beritahukan bahwa temuan atas {nama_usaha} (NIB {nib}) mengenai "
        "kewajiban yang {jenis_temuan} telah dinyatakan selesai per {tanggal}.\n\n"
        "Terima kasih atas kerja sama Saudara.",
    ),
}
LEGAL_BASIS = (
    "UU 24/2011 tentang BPJS Pasal 15 dan 17, Perpres 109/2013, dan PP 86/2013 tentang "
    "Tata Cara Pengenaan Sanksi Administratif"
)


def fill(body: str, values: dict[str, Any]) -> str:
    """`{name}` for the letter's own facts; a format spec or attribute is left as typed."""
    return placeholders.render(body, {k: values[k] for k in placeholders.LETTER_FIELDS})


def template_for(pemda_id: int, stage: str) -> tuple[str, str]:
    row = LetterTemplate.objects.filter(pemda_id=pemda_id, stage=stage).first()
    if row is not None:
        return row.subject, row.body
    return DEFAULTS[stage]


def letterhead_for(pemda: Any) -> Letterhead:
    return Letterhead.objects.filter(pemda=pemda).first() or Letterhead(
        pemda=pemda,
        government=f"PEMERINTAH {pemda.name.upper()}",
        office="DINAS YANG MEMBIDANGI KETENAGAKERJAAN",
        city=pemda.name.replace("Kota ", "").replace("Kabupaten ", ""),
        number_format="560/{nomor}/Disnaker/{tahun}",
    )


def _details(kind: str, evidence: dict[str, Any]) -> str:
    e = evidence
    if kind == rules.PWBD:
        return f"jumlah pekerja menurut data lain {e.get('reported_workers')} orang, belum ada NPP"
    if kind == rules.PDS_TK:
        return (
            f"pekerja menurut data lain {e.get('reported_workers')} orang, terdaftar aktif "
            f"{e.get('bpjs_active')} orang, belum terdaftar {e.get('missing_workers')} orang"
        )
    if kind == rules.PDS_UPAH:
        return (
            f"rata-rata upah dilaporkan {rupiah(e.get('bpjs_average_wage'))}, "
            f"seharusnya sekurang-kurangnya {rupiah(e.get('expected_wage'))}"
        )
    if kind == rules.PDS_PROGRAM:
        return (
            f"program diikuti {', '.join(e.get('held_programs') or []) or '-'}, "
            f"program wajib yang belum diikuti {', '.join(e.get('missing_programs') or [])}"
        )
    return (
        f"iuran dibayar sampai {e.get('paid_through')}, {e.get('months_unpaid')} bulan belum "
        f"dibayar, tunggakan {rupiah(e.get('arrears'))}, perkiraan denda "
        f"{rupiah(e.get('late_fine_estimate'))}"
    )


def letter_context(step: FindingStep) -> dict[str, Any]:
    finding = step.finding
    business = finding.business
    subject, body = template_for(finding.pemda_id, step.stage)
    values = dict(
        nama_usaha=business.name,
        nib=business.nib,
        alamat=business.address or "-",
        kecamatan=business.kecamatan or "-",
        jenis_temuan=KIND_TEXT[finding.kind],
        rincian=_details(finding.kind, finding.evidence),
        iuran=rupiah(finding.iuran),
        tenggat=date_format(step.deadline, "j F Y") if step.deadline else "-",
        tanggal=date_format(step.on, "j F Y"),
        dasar_hukum=LEGAL_BASIS,
    )
    text = fill(body, values)
    return {
        "step": step,
        "finding": finding,
        "business": business,
        "letterhead": letterhead_for(finding.pemda),
        "subject": fill(subject, values),
        "paragraphs": [p.strip() for p in text.split("\n\n") if p.strip()],
        "stage_label": Stage(step.stage).label,
    }


def letter_html(step: FindingStep) -> str:
    return render_to_string("compliance/letter.html", letter_context(step))


def letter_pdf(step: FindingStep) -> bytes:
    from weasyprint import HTML  # imported late: Pango loads only when a letter is printed

    return HTML(string=letter_html(step)).write_pdf()  # type: ignore[no-any-return]
