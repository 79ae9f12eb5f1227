"""What makes a worker record valid, whoever typed it (pure: no ORM, no forms).

One set of invariants for the add form, the API and every imported row, so that a record
gets the same verdict on each path.
"""

from __future__ import annotations

from datetime import date

from lindung.lib.dates import EARLIEST, LATEST
from lindung.lib.nik import parse_nik


def _(message: str) -> str:
    """Mark a message for translation (makemessages finds `_`); forms translate it."""
    return message


# A monthly wage above this is a typing error, not a wage (Rp1 miliar).
MAX_MONTHLY_WAGE = 1_000_000_000

MSG_BIRTH_FUTURE = _("Tanggal lahir tidak boleh di masa depan.")
MSG_START_BEFORE_BIRTH = _("Tanggal mulai harus setelah tanggal lahir.")
MSG_END_BEFORE_START = _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")
MSG_DATE_RANGE = _("Tanggal harus antara tahun 1900 dan 2100.")
MSG_WAGE_RANGE = _("Upah harus lebih dari Rp0 dan tidak lebih dari Rp1 miliar per bulan.")
MSG_START_TOO_LATE = _("Tanggal mulai paling lambat satu tahun dari hari ini; periksa tahunnya.")
MSG_BIRTH_NOT_NIK = _(
    "Tanggal lahir %(given)s berbeda dengan tanggal lahir pada NIK (%(nik_date)s). "
    "Periksa keduanya; bila tanggal lahir ini memang benar, centang konfirmasinya."
)
# The same finding on an imported row, which is imported anyway (a warning to check).
MSG_BIRTH_NOT_NIK_ROW = _(
    "Tanggal lahir %(given)s berbeda dengan tanggal lahir pada NIK (%(nik_date)s); "
    "periksa keduanya."
)


def one_year_after(day: date) -> date:
    """The same day a year later (29 February: 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def worker_problems(
    *,
    birth_date: date | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    monthly_wage: int | None = None,
    nik: str | None = None,
    today: date,
) -> dict[str, str]:
    """Field -> message for each invariant the values break (empty when valid).

    Unknown values (None) break nothing: a list without a start date or a wage is valid.
    Without a birth date, the person is recorded with the one their NIK holds: the start
    date is checked against that.
    """
    problems: dict[str, str] = {}
    if birth_date is not None and birth_date > today:
        problems["birth_date"] = MSG_BIRTH_FUTURE
    born = birth_date
    if born is None and start_date is not None and nik:
        born = parse_nik(nik, today=today).birth_date
    if born is not None and start_date is not None and start_date <= born:
        problems["start_date"] = MSG_START_BEFORE_BIRTH
    elif start_date is not None and start_date > one_year_after(today):
        # A start planned for next year is fine; one further ahead is a typing error.
        problems["start_date"] = MSG_START_TOO_LATE
    if start_date is not None and end_date is not None and end_date < start_date:
        problems["end_date"] = MSG_END_BEFORE_START
    if monthly_wage is not None and not 1 <= monthly_wage <= MAX_MONTHLY_WAGE:
        problems["monthly_wage"] = MSG_WAGE_RANGE
    dates = {"birth_date": birth_date, "start_date": start_date, "end_date": end_date}
    for name, value in dates.items():
        if value is not None and not EARLIEST <= value <= LATEST:
            problems[name] = MSG_DATE_RANGE  # first: the other checks compare nonsense
    return problems


def birth_date_conflict(*, nik: str | None, birth_date: date | None, today: date) -> date | None:
    """The birth date the NIK encodes, when a given birth date contradicts it; else None.

    Never a problem (the NIK or the document may be the wrong one, and the person must
    still be recordable): the add form asks the user to confirm (MSG_BIRTH_NOT_NIK), an
    import warns on the row. The NIK is read by lindung.lib.nik, whose parse_nik gives
    the same finding as a warning.
    """
    if not nik or birth_date is None:
        return None
    parsed = parse_nik(nik, birth_date=birth_date, today=today)
    if not parsed.valid or parsed.birth_date is None or parsed.birth_date == birth_date:
        return None
    return parsed.birth_date
