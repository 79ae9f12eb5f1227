"""One employer per NPP: the merge of the two old tables, the review queue by kind, the
warning letter refused while a link awaits review, and the OPD list's linked NPP."""

from __future__ import annotations

from datetime import date, datetime
from unittest import TestCase

from django.core.exceptions import ValidationError

from lindung.bpjs import services
from lindung.bpjs.migrations._merge import merge
from lindung.bpjs.models import Employer, Link
from lindung.compliance import rules
from lindung.compliance import services as compliance_services
from lindung.compliance.models import Finding
from lindung.compliance.tests.factories import make_business, make_employer
from lindung.projects.tests.factories import make_project
from lindung.tests.base import BaseTestCase

DECIDED_AT = datetime(2026, 5, 1, 9, 0)


def _compliance(npp: str, link: str, business_id: int | None, **extra: object) -> dict:
    return {
        "pemda_id": 1, "npp": npp, "divisi": "001", "name": f"PT {npp}", "name_key": npp,
        "nib": "", "kecamatan": "Pekalongan Barat", "active_workers": 7,
        "total_wages": 21_000_000, "programs": "JKK,JKM", "paid_through": date(2026, 4, 1),
        "arrears": 0, "batch_id": None, "business_id": business_id, "link": link,
        "rejected": [], "linked_by_id": None, "updated_at": DECIDED_AT, **extra,
    }  # fmt: skip


def _link(npp: str, status: str, opd_id: int | None, **extra: object) -> dict:
    return {
        "pemda_id": 1, "npp": npp, "divisi": "001", "employer_name": f"DINAS {npp}",
        "opd_id": opd_id, "status": status, "score": 1.0, "decided_by_id": None,
        "decided_at": None, **extra,
    }  # fmt: skip


class MergeTest(TestCase):
    """The data migration's rules: both tables become one row per NPP + Divisi."""

    def test_each_status_maps_and_rejections_are_remembered(self) -> None:
        rows = {
            r["npp"]: r
            for r in merge(
                [
                    _compliance("1", "nib", 10),
                    _compliance("2", "pending", 11),
                    _compliance("3", "rejected", None, rejected=[12], linked_by_id=5),
                ],
                [
                    _link("4", "proposed", 20, score=0.9),
                    _link("5", "confirmed", 21),  # typed on the OPD (nobody decided)
                    _link("6", "rejected", 22, decided_by_id=5, decided_at=DECIDED_AT),
                    _link("7", "unmatched", None, score=0.4),
                ],
            )
        }
        pick = ("link", "reason", "opd_id", "business_id")
        self.assertEqual([rows["1"][f] for f in pick], ["auto", "nib", None, 10])
        self.assertEqual([rows["2"][f] for f in pick], ["proposed", "name", None, 11])
        self.assertEqual([rows["3"][f] for f in pick], ["rejected", "reviewer", None, None])
        self.assertEqual(rows["3"]["rejected"], ["business:12"])
        self.assertEqual([rows["4"][f] for f in pick], ["proposed", "acronym", 20, None])
        self.assertEqual([rows["5"][f] for f in pick], ["confirmed", "typed", 21, None])
        self.assertEqual([rows["6"][f] for f in pick], ["rejected", "reviewer", None, None])
        self.assertEqual((rows["6"]["rejected"], rows["6"]["linked_by_id"]), (["opd:22"], 5))
        self.assertEqual([rows["7"][f] for f in pick], ["none", "", None, None])
        self.assertEqual(rows["7"]["name"], "DINAS 7")

    def test_an_npp_in_both_tables_is_one_employer_with_the_stronger_link(self) -> None:
        rows = merge(
            [_compliance("1", "pending", 10), _compliance("2", "confirmed", 11)],
            [_link("1", "auto", 20), _link("2", "proposed", 21), _link("1", "auto", 20)],
        )
        self.assertEqual(len(rows), 2)
        one, two = sorted(rows, key=lambda r: r["npp"])
        # The export's figures stay; the OPD's certain link beats a business proposal.
        self.assertEqual((one["active_workers"], one["name"]), (7, "PT 1"))
        self.assertEqual((one["link"], one["opd_id"], one["business_id"]), ("auto", 20, None))
        # A confirmed business link beats a proposed OPD.
        self.assertEqual((two["link"], two["opd_id"], two["business_id"]), ("confirmed", None, 11))


class ReviewQueueTest(BaseTestCase):
    def test_the_queue_shows_only_the_kind_asked(self) -> None:
        business = make_business(self.pemda, name="Batik Pesisir")
        contractor = make_business(self.pemda, name="Karya Konstruksi", nib="9120001234567")
        make_project(self.opd)  # its contractor_nib is the contractor's NIB
        to_opd = make_employer(self.pemda, name="DLH", opd=self.opd, link=Link.PROPOSED)
        to_business = make_employer(self.pemda, business=business, link=Link.PROPOSED)
        to_contractor = make_employer(self.pemda, business=contractor, link=Link.PROPOSED)
        nobody = make_employer(self.pemda, name="PT Entah")
        elsewhere = make_employer(self.other_pemda, opd=self.foreign_opd, link=Link.PROPOSED)
        self.client.force_login(self.admin)
        queues = {
            jenis: set(self.client.get(f"/bpjs/tautan/?jenis={jenis}").context["page"])
            for jenis in ("opd", "usaha", "kontraktor")
        }
        self.assertEqual(queues["opd"], {to_opd, nobody})
        self.assertEqual(queues["usaha"], {to_business, nobody})
        self.assertEqual(queues["kontraktor"], {to_contractor, nobody})
        self.assertNotIn(elsewhere, queues["opd"])
        # The old pages open the queue of their kind.
        self.assertRedirects(self.client.get("/kepatuhan/tautan/"), "/bpjs/tautan/?jenis=usaha")
        # Disnaker reviews businesses, not OPDs.
        self.client.force_login(self.disnaker)
        self.assertEqual(self.client.get("/bpjs/tautan/?jenis=opd").status_code, 403)
        self.assertEqual(self.client.get("/bpjs/tautan/").context["kind"], "business")


class LetterWhileLinkPendingTest(BaseTestCase):
    def test_a_warning_is_refused_while_a_link_awaits_review(self) -> None:
        business = make_business(self.pemda, name="Roti Manis")
        compliance_services.figure_add(
            actor=self.disnaker, business=business, source="wlkp", on=date(2026, 1, 31),
            workers=12, total_wages=36_000_000,
        )  # fmt: skip
        finding = Finding.objects.get(business=business, kind=rules.PWBD)
        employer = make_employer(self.pemda, name="Roti Manis", business=business,
                                 link=Link.PROPOSED, active_workers=2)  # fmt: skip
        with self.assertRaises(ValidationError) as refused:
            compliance_services.finding_step(
                actor=self.disnaker, finding=finding, stage=rules.TEGURAN_1
            )
        self.assertIn("menunggu pemeriksaan", refused.exception.messages[0])
        self.assertIn(employer.npp, refused.exception.messages[0])
        finding.refresh_from_db()
        self.assertEqual(finding.stage, rules.OPEN)
        # The business page says why, beside the NPP it lists.
        self.client.force_login(self.disnaker)
        page = self.client.get(f"/kepatuhan/usaha/{business.pk}/")
        self.assertContains(page, employer.npp)
        self.assertContains(page, "menunggu pemeriksaan")
        # Once the reviewer rejects the proposal, the letter may go.
        services.employer_link_decide(actor=self.disnaker, employer=employer, accept=False)
        step = compliance_services.finding_step(
            actor=self.disnaker, finding=finding, stage=rules.TEGURAN_1
        )
        self.assertTrue(step.letter_number)


class OpdListNppTest(BaseTestCase):
    def test_the_opd_list_shows_the_npp_linked_on_the_review_queue(self) -> None:
        Employer.objects.create(
            pemda=self.pemda, npp="11000002", divisi="", opd=self.other_opd, link=Link.AUTO
        )
        Employer.objects.create(
            pemda=self.pemda, npp="11000009", divisi="", opd=self.opd, link=Link.PROPOSED
        )
        self.client.force_login(self.admin)
        response = self.client.get("/registri/opd/")
        rows = {o.code: o for o in response.context["opds"]}
        self.assertEqual(rows["DINDIK"].linked_npp_number, "11000002")
        self.assertIsNone(rows["DLH"].linked_npp_number)  # only proposed: not shown as linked
        self.assertContains(response, "11000002")
        self.assertNotContains(response, "11000009")
