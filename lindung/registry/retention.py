"""Retention of personal data (UU 27/2022, PDP): anonymise people the Pemda no longer needs.

A person whose engagements all ended more than N months ago (or who has none and was
recorded more than N months ago) keeps their row, so that past counts, runs and the change
history stay whole, but loses what identifies them: the NIK becomes a placeholder that no
real NIK can equal (real ones start with a province code, never 00), the name "Anonim",
birth date, sex and phone are cleared. The anonymisation itself is a history entry with its
reason; the earlier history entries of that person are scrubbed the same way, since they hold
the old values.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.dispatch import Signal

from lindung.registry.models import Engagement, Person

if TYPE_CHECKING:
    from lindung.accounts.models import User

# Sent once per anonymised person (keyword `anonymised`: an Anonymised) to the apps that keep
# copies of the NIK (reconciliation results and decisions); each receiver returns the number
# of rows it changed. A signal, so the registry does not import the apps built on it.
person_anonymised = Signal()

ANONYMOUS_NAME = "Anonim"
REASON = "Retensi data (UU 27/2022): dianonimkan setelah {months} bulan tanpa penugasan"


def placeholder_nik(person_id: int) -> str:
    """16 digits starting with 0000: unique per person, never a real NIK."""
    return f"0000{person_id:012d}"


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def due(*, older_than_months: int, today: date, pemda_id: int | None = None) -> QuerySet[Person]:
    """People with no engagement on or after the cutoff, not yet anonymised.

    A person without any engagement is due only when recorded before the cutoff.
    """
    if older_than_months < 1:
        raise ValueError("older_than_months must be at least 1")
    cutoff = months_before(today, older_than_months)
    engagements = Engagement.objects.filter(person=OuterRef("pk"))
    recent = engagements.filter(Q(end_date__isnull=True) | Q(end_date__gte=cutoff))
    recorded_before = Person.history.filter(
        id=OuterRef("pk"), history_type="+", history_date__date__lt=cutoff
    )
    people = Person.objects.exclude(Exists(recent)).exclude(nik__startswith="0000")
    if pemda_id is not None:
        people = people.filter(pemda_id=pemda_id)
    return people.filter(Exists(engagements) | Exists(recorded_before)).order_by("pk")


@dataclass(frozen=True)
class Anonymised:
    person_id: int
    pemda_id: int
    old_nik: str
    new_nik: str


@transaction.atomic
def anonymise(
    people: QuerySet[Person], *, older_than_months: int, actor: User | None = None
) -> list[Anonymised]:
    """Anonymise each person and scrub their earlier history rows; returns what changed."""
    reason = REASON.format(months=older_than_months)
    done: list[Anonymised] = []
    for person in people.select_for_update():
        old_nik = person.nik
        person.nik = placeholder_nik(person.pk)
        person.name = ANONYMOUS_NAME
        person.birth_date = None
        person.sex = ""
        person.phone = ""
        person._history_user = actor  # type: ignore[attr-defined]
        person._change_reason = reason  # type: ignore[attr-defined]
        person.save()
        Person.history.filter(id=person.pk).update(
            nik=person.nik, name=ANONYMOUS_NAME, birth_date=None, sex="", phone=""
        )
        done.append(Anonymised(person.pk, person.pemda_id, old_nik, person.nik))
    return done


def forget_everywhere(done: list[Anonymised]) -> int:
    """Have every app that copied these people's NIKs replace them; returns rows changed."""
    rows = 0
    for anonymised in done:
        for _receiver, changed in person_anonymised.send(sender=Person, anonymised=anonymised):
            rows += int(changed or 0)
    return rows
