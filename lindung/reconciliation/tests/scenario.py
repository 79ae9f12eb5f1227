"""A constructed city and BPJS TK export where every engagement's category is known."""

from __future__ import annotations

from datetime import date
from typing import Any

from lindung.bpjs.models import Membership
from lindung.imports.memberships import scope_of
from lindung.imports.models import ImportBatch
from lindung.registry.models import Engagement, Opd, Pemda
from lindung.tests.factories import make_engagement, make_person, make_valid_nik

AS_OF = date(2026, 11, 15)
DLH_NPP, DINDIK_NPP, PRIVATE_NPP = "11000001", "11000002", "21000001"
EMPLOYERS = {
    DLH_NPP: "DINAS LINGKUNGAN HIDUP KOTA PEKALONGAN",  # links by itself
    DINDIK_NPP: "DINDIK PEKALONGAN",  # only proposed: an Admin confirms
    PRIVATE_NPP: "PT MITRA JASA PEKALONGAN",
}


def membership_batch(pemda: Pemda) -> ImportBatch:
    return ImportBatch.objects.create(
        pemda=pemda, kind="memberships", original_name="bpjs.xlsx", status="committed",
        scope=f"memberships:{pemda.pk}",
    )  # fmt: skip


def member(batch: ImportBatch, nik: str, **fields: Any) -> Membership:
    values: dict[str, Any] = {
        "nik": nik, "name": "", "birth_date": None, "npp": DLH_NPP, "divisi": "",
        "segment": "PU", "programs": "JKK,JKM,JHT", "reported_wage": 2_000_000,
        "status": "aktif", "last_paid_month": date(2026, 10, 1), **fields,
    }  # fmt: skip
    values.setdefault("employer_name", EMPLOYERS.get(values["npp"], ""))
    return Membership.objects.create(
        pemda=batch.pemda, batch=batch, scope=scope_of(values), **values
    )


class Scenario:
    """Engagements of DLH/DINDIK keyed by their expected category in the first run."""

    def __init__(self, pemda: Pemda, dlh: Opd, dindik: Opd, existing: list[Engagement]) -> None:
        self.pemda, self.dlh = pemda, dlh
        self.batch = b = membership_batch(pemda)
        self.expected: dict[int, str] = {}
        for eng in existing:  # the base test case's workers: registered where they work
            npp = DLH_NPP if eng.opd_id == dlh.pk else DINDIK_NPP
            member(b, eng.person.nik, name=eng.person.name, npp=npp)
            self.expected[eng.pk] = "covered" if npp == DLH_NPP else "other_employer"
        born = iter(date(1970 + i, 1 + i % 12, 1 + i % 28) for i in range(40))

        def worker(expected: str, name: str, opd: Opd = dlh, **kw: Any) -> Engagement:
            bd = kw.pop("birth_date", next(born))
            person = make_person(pemda, name=name, birth_date=bd,
                                 nik=make_valid_nik(birth=bd or date(1980, 1, 1)))  # fmt: skip
            eng = make_engagement(opd, person, **kw)
            self.expected[eng.pk] = expected
            return eng

        def same(eng: Engagement, **fields: Any) -> Membership:
            p = eng.person
            return member(b, fields.pop("nik", p.nik), name=p.name.upper(),
                          birth_date=p.birth_date, **fields)  # fmt: skip

        self.covered = worker("covered", "Agus Salim")
        same(self.covered)
        self.underpaid = worker("wage_underreported", "Bambang Wijaya")
        same(self.underpaid, reported_wage=1_500_000)
        self.partial = worker("programs_missing", "Citra Lestari")
        same(self.partial, programs="JKK,JKM")
        elsewhere = worker("other_employer", "Dedi Kurnia")
        same(elsewhere, npp=PRIVATE_NPP)
        bpu = worker("other_employer", "Eka Putri")
        same(bpu, npp="", segment="BPU", employer_name="")
        self.in_dindik = worker("other_employer", "Fajar Nugroho", opd=dindik)
        same(self.in_dindik, npp=DINDIK_NPP)  # covered once the link is confirmed
        stopped = worker("inactive", "Gita Savitri")
        same(stopped, status="non_aktif")
        unpaid = worker("inactive", "Hadi Susanto")
        same(unpaid, last_paid_month=date(2026, 6, 1))  # 5 months before AS_OF, more than 3
        self.missing = worker("not_registered", "Indra Gunawan")
        self.one_digit = worker("needs_review", "Joko Santoso")
        nik = self.one_digit.person.nik
        self.one_digit_member = same(self.one_digit, nik=nik[:15] + str((int(nik[15]) + 1) % 10))
        self.swapped = worker("needs_review", "Kartika Sari")
        nik = self.swapped.person.nik
        i = next(i for i in range(14, 0, -1) if nik[i] != nik[i + 1])
        same(self.swapped, nik=nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :])
        titled = worker("needs_review", "Ahmad Fauzi")
        member(b, make_valid_nik(regency="3326"), name="Drs. H. AHMAD FAUZI, S.Pd.",
               birth_date=titled.person.birth_date)  # fmt: skip
        no_birth = worker("needs_review", "Lukman Hakim", birth_date=None)
        nik = no_birth.person.nik
        member(b, nik[:15] + str((int(nik[15]) + 3) % 10), name="LUKMAN HAKIM",
               birth_date=date(1985, 5, 5))  # fmt: skip
        stranger = worker("not_registered", "Mega Utami")
        nik = stranger.person.nik
        member(
            b,
            nik[:15] + str((int(nik[15]) + 1) % 10),
            name="RUDI HARTONO",
            birth_date=date(1960, 2, 2),
            npp=PRIVATE_NPP,
        )  # coincidence: score 0.25
        twice = worker("covered", "Nanda Pratama")
        same(twice, status="non_aktif", last_paid_month=date(2020, 1, 1))
        same(twice)  # the active one wins
        outsourced = worker("covered", "Oki Setiawan", category="alih_daya")
        same(outsourced, npp=PRIVATE_NPP)
        # Memberships under DLH's NPP that no active DLH engagement has.
        member(b, make_valid_nik(regency="3326"), name="PUTRI AYU", birth_date=date(1999, 9, 9))
        leaver = worker("", "Qori Amalia", end_date=date(2026, 3, 31))
        del self.expected[leaver.pk]
        same(leaver)
        self.unknown = 2

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for category in self.expected.values():
            out[category] = out.get(category, 0) + 1
        out["unknown_to_city"] = self.unknown
        return out
