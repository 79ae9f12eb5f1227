"""The bulk helpers imports and the demo write with: the same rows the ORM would find.

fastinsert writes rows and their django-simple-history records without the ORM, so the
fence below fails when a model or history table gains or loses a column it does not write.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.db import connection
from django.db.models import Model
from django.test import TestCase

from lindung.registry import services
from lindung.registry.fastinsert import ids_by_key
from lindung.registry.models import Engagement, Person
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


# What insert_with_history adds to the model's columns in the history table (history_id is
# the history table's own primary key, filled by the database).
_HISTORY_EXTRA = {"history_id", "history_date", "history_type", "history_change_reason",
                  "history_user_id"}  # fmt: skip


class FastInsertFenceTest(TestCase):
    def columns(self, model: type[Model]) -> set[str]:
        with connection.cursor() as cursor:
            table = model._meta.db_table
            return {c.name for c in connection.introspection.get_table_description(cursor, table)}

    def test_the_registry_service_writes_every_column_of_the_tables(self) -> None:
        for model, written in (
            (Person, services._PERSON_COLUMNS),
            (Engagement, services._ENGAGEMENT_COLUMNS),
        ):
            with self.subTest(model.__name__):
                self.assertEqual(self.columns(model), set(written))

    def test_the_history_tables_have_the_columns_it_writes(self) -> None:
        for model, written in (
            (Person, services._PERSON_COLUMNS),
            (Engagement, services._ENGAGEMENT_COLUMNS),
        ):
            with self.subTest(model.__name__):
                history = model.history.model  # type: ignore[attr-defined]
                self.assertEqual(self.columns(history), set(written) | _HISTORY_EXTRA)

    def test_only_the_registry_service_and_the_demo_use_it(self) -> None:
        package = Path(__file__).resolve().parents[2]
        users = {
            str(path.relative_to(package.parent))
            for path in package.rglob("*.py")
            if "tests" not in path.parts
            and path.name != "fastinsert.py"
            and re.search(r"^from lindung\.registry\.fastinsert import|^import lindung\.registry"
                          r"\.fastinsert", path.read_text(), re.MULTILINE)
        }  # fmt: skip
        allowed = {
            "lindung/registry/services.py",
            # Known exceptions, not registry rows: the import's own staging table (one
            # ImportRow per line of a large file) and a read (people by NIK, per chunk).
            "lindung/imports/pipeline.py",
            "lindung/imports/workers.py",
        }
        self.assertEqual({u for u in users if "demo" not in u} - allowed, set())
