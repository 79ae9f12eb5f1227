"""Action lists as XLSX: what each OPD (or the whole city) must do, with the iuran involved.

The "to register" list follows the column order of the SIPP Online mass upload of new workers
(Tambah TK massal): NIK, name, birth date (dd-mm-yyyy), sex, phone, wage, start date; the
columns after it are Lindung's (OPD, programs, iuran) and can be deleted before uploading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lindung.lib.nik import mask_nik
from lindung.lib.xlsx import Sheet, write_workbook
from lindung.reconciliation.models import Result, Run
from lindung.reconciliation.rules import ACTIONS, Category


def _dmy(value: Any) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _columns(category: str) -> list[tuple[str, Callable[[Result], Any]]]:
    def person(r: Result) -> Any:
        return r.engagement.person if r.engagement is not None else None

    def name(r: Result) -> str:
        return r.name

    def kpj(r: Result) -> str:
        return r.membership.kpj if r.membership is not None else ""

    def opd(r: Result) -> str:
        return r.opd_name

    nik: tuple[str, Callable[[Result], Any]] = ("NIK", lambda r: r.nik)
    if category == Category.NOT_REGISTERED:
        return [
            nik,
            (_("NAMA LENGKAP"), name),
            (_("TGL LAHIR (DD-MM-YYYY)"), lambda r: _dmy(person(r).birth_date)),
            (_("JENIS KELAMIN (L/P)"), lambda r: person(r).sex),
            (_("NO HP"), lambda r: person(r).phone),
            (_("UPAH"), lambda r: r.city_wage),
            (
                _("TGL MULAI KERJA (DD-MM-YYYY)"),
                lambda r: _dmy(r.engagement.start_date if r.engagement else None),
            ),
            ("OPD", opd),
            (_("IURAN PER BULAN"), lambda r: r.iuran),
        ]
    common = [nik, ("KPJ", kpj), (_("NAMA"), name), ("OPD", opd)]
    npp = ("NPP", lambda r: r.membership.npp if r.membership_id else "")
    if category == Category.WAGE_UNDERREPORTED:
        return [
            *common, npp,
            (_("UPAH KOTA"), lambda r: r.city_wage),
            (_("UPAH DILAPORKAN"), lambda r: r.reported_wage),
            (_("SELISIH UPAH"), lambda r: (r.city_wage or 0) - (r.reported_wage or 0)),
            (_("TAMBAHAN IURAN PER BULAN"), lambda r: r.iuran),
        ]  # fmt: skip
    if category == Category.PROGRAMS_MISSING:
        return [
            *common, npp,
            (_("PROGRAM TERDAFTAR"), lambda r: r.membership.programs),
            (_("PROGRAM KURANG"), lambda r: r.missing_programs),
            (_("TAMBAHAN IURAN PER BULAN"), lambda r: r.iuran),
        ]  # fmt: skip
    if category == Category.INACTIVE:
        return [
            *common, npp,
            (_("STATUS"), lambda r: r.membership.get_status_display()),
            (_("IURAN TERAKHIR"), lambda r: r.membership.last_paid_month),
            (_("BULAN TERTUNGGAK"), lambda r: r.months_unpaid),
            (_("IURAN PER BULAN"), lambda r: r.iuran),
        ]  # fmt: skip
    if category == Category.UNKNOWN_TO_CITY:
        return [
            *common, npp,
            (_("PEMBERI KERJA"), lambda r: r.membership.employer_name),
            (_("UPAH DILAPORKAN"), lambda r: r.reported_wage),
            (_("IURAN PER BULAN"), lambda r: r.iuran),
        ]  # fmt: skip
    return [*common, (_("UPAH KOTA"), lambda r: r.city_wage)]


_PERSONAL = {"NIK", "KPJ"}


def _hidden_when_masked() -> set[str]:
    """Columns a masked role never gets: identifiers, birth date and money per person.

    Compared after translation: the headers are translated when the list is made.
    """
    return {"KPJ"} | {
        _(h)
        for h in (
            "UPAH", "UPAH KOTA", "UPAH DILAPORKAN", "SELISIH UPAH", "TGL LAHIR (DD-MM-YYYY)",
            "IURAN PER BULAN", "TAMBAHAN IURAN PER BULAN", "NO HP",
        )
    }  # fmt: skip


def action_list(
    run: Run, qs: QuerySet[Result], *, category: str, masked: bool
) -> tuple[str, bytes]:
    """(file name, XLSX bytes) of one category's records in `qs`."""
    columns = _columns(category)
    if masked:
        hidden = _hidden_when_masked()
        columns = [(h, get) for h, get in columns if h not in hidden]
    headers = [h for h, _get in columns]

    def rows() -> Iterator[Sequence[Any]]:
        for r in qs.iterator(chunk_size=2000):
            row = []
            for header, get in columns:
                value = get(r)
                if masked and header == "NIK":
                    value = mask_nik(value)
                row.append(value)
            yield row

    title = str(ACTIONS.get(Category(category), Category(category).label))
    text = {i for i, h in enumerate(headers) if h in _PERSONAL or h == "NPP"}
    data = write_workbook([Sheet(title, headers, rows(), text)])
    return f"rekonsiliasi-{run.pk}-{category}.xlsx", data
