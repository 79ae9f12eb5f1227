"""The bulk helpers imports and the demo write with: the same rows the ORM would find."""

from __future__ import annotations

from lindung.registry.fastinsert import ids_by_key
from lindung.registry.models import Person
from lindung.tests.base import BaseTestCase
from lindung.tests.factories import make_pemda, make_person


class IdsByKeyTest(BaseTestCase):
    def test_people_of_one_pemda_by_nik_as_the_orm_finds_them(self) -> None:
        ours = [make_person(self.pemda) for _ in range(3)]
        elsewhere = make_person(make_pemda("3374", "Kota Semarang"), nik=ours[0].nik)
        niks = [p.nik for p in ours] + [ours[1].nik, "3375010101900009"]  # a repeat, a stranger
        found = ids_by_key(Person, "nik", niks, pemda=self.pemda.pk)
        self.assertEqual(found, {p.nik: p.pk for p in ours})
        expected = dict(
            Person.objects.filter(pemda=self.pemda, nik__in=niks).values_list("nik", "pk")
        )
        self.assertEqual(found, expected)
        self.assertNotIn(elsewhere.pk, found.values())

    def test_no_values_no_query(self) -> None:
        with self.assertNumQueries(0):
            self.assertEqual(ids_by_key(Person, "nik", [], pemda=self.pemda.pk), {})
