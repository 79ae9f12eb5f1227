"""Letter templates and the letter-number format take `{name}` from a fixed set only."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from lindung.compliance import services
from lindung.compliance.letters import fill, letter_context
from lindung.compliance.models import Letterhead, LetterTemplate, Stage
from lindung.compliance.placeholders import (
    LETTER_FIELDS,
    NUMBER_FIELDS,
    problems,
    render,
)
from lindung.compliance.services import _letter_number
from lindung.compliance.tests.factories import make_compliance_walk_data
from lindung.tests.base import BaseTestCase

BAD = [
    "{iuran:>99999999}",  # a format spec (a huge string)
    "{nib!r}",  # a conversion
    "{tahun.__class__}",  # attribute access
    "{nama_usaha[0]}",  # index access
    "{iuran:{nib}}",  # a nested spec
    "{rahasia}",  # a name outside the set
    "Kurung { terbuka",  # a lone brace
    "tutup }",
]


class PlaceholderRulesTest(SimpleTestCase):
    def test_only_known_plain_names_pass(self) -> None:
        self.assertEqual(problems("Yth. {nama_usaha} (NIB {nib}), {tenggat}.", LETTER_FIELDS), [])
        for text in BAD:
            with self.subTest(text=text):
                self.assertTrue(problems(text, LETTER_FIELDS))

    def test_rendering_never_interprets_what_is_not_a_plain_name(self) -> None:
        values = {"iuran": "Rp1", "nib": "912", "tahun": 2026}
        self.assertEqual(render("{iuran} {nib}", values), "Rp1 912")
        for text in ("{iuran:>99999999}", "{tahun.__class__}", "{nib!r}", "{x}", "{ {"):
            with self.subTest(text=text):
                self.assertEqual(render(text, values), text)


class TemplateSaveTest(BaseTestCase):
    def test_saving_a_bad_template_or_number_format_is_refused_with_a_message(self) -> None:
        for text in BAD:
            with self.subTest(text=text), self.assertRaises(ValidationError) as caught:
                services.letter_template_update(
                    actor=self.disnaker, pemda=self.pemda, stage=Stage.TEGURAN_1,
                    subject="Teguran", body=f"Yth. {text}",
                )  # fmt: skip
            self.assertIn("body", caught.exception.error_dict)
        with self.assertRaises(ValidationError):
            services.letter_template_update(
                actor=self.disnaker, pemda=self.pemda, stage=Stage.TEGURAN_1, subject="T",
                body="x" * 5001,
            )  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            services.letterhead_update(
                actor=self.disnaker, pemda=self.pemda, government="PEMKOT", office="Disnaker",
                city="Pekalongan", number_format="560/{nomor}/{tahun.__class__}",
            )  # fmt: skip
        self.assertIn("tidak dikenal", str(caught.exception))
        self.assertFalse(LetterTemplate.objects.exists())
        ok = services.letter_template_update(
            actor=self.disnaker, pemda=self.pemda, stage=Stage.TEGURAN_1,
            subject="Teguran {nama_usaha}", body="Yth. {nama_usaha}, tenggat {tenggat}.",
        )  # fmt: skip
        self.assertTrue(ok.pk)
        self.assertEqual(set(NUMBER_FIELDS), {"nomor", "tahun"})

    def test_the_page_shows_the_indonesian_message(self) -> None:
        self.client.force_login(self.disnaker)
        response = self.client.post(
            "/kepatuhan/surat/?tahap=teguran_1",
            {"part": "text", "text-subject": "Teguran", "text-body": "Yth. {iuran:>9999}"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Isian {iuran:&gt;9999} tidak dikenal")
        response = self.client.post(
            "/kepatuhan/surat/",
            {"part": "head", "head-government": "P", "head-office": "D", "head-city": "K",
             "head-number_format": "{nomor}/{tahun!r}"},
        )  # fmt: skip
        self.assertContains(response, "tidak dikenal")
        self.assertFalse(LetterTemplate.objects.exists())
        self.assertFalse(Letterhead.objects.exists())

    def test_templates_stored_before_the_rule_render_as_typed(self) -> None:
        data = make_compliance_walk_data(self.pemda, actor=self.disnaker)
        LetterTemplate.objects.create(
            pemda=self.pemda,
            stage=data.step.stage,
            subject="S {iuran:>50}",
            body="Iuran {iuran:>99999999} {tanggal.__class__} {nama_usaha}",
        )
        context = letter_context(data.step)
        text = " ".join(context["paragraphs"])
        self.assertIn("{iuran:>99999999} {tanggal.__class__}", text)
        self.assertIn(data.business.name, text)
        self.assertEqual(context["subject"], "S {iuran:>50}")
        Letterhead.objects.update_or_create(
            pemda=self.pemda,
            defaults={"government": "P", "office": "D", "city": "K",
                      "number_format": "{nomor}/{tahun.__class__}/{tahun:>40}"},
        )  # fmt: skip
        number = _letter_number(self.pemda, date(2026, 3, 1))
        self.assertNotIn("class", number.replace("{tahun.__class__}", ""))
        self.assertIn("{tahun.__class__}", number)
        self.assertEqual(fill("{nomor}", {k: "x" for k in LETTER_FIELDS}), "{nomor}")
