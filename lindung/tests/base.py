"""One base test case with a persona per role, and a second Pemda as outsider."""

from __future__ import annotations

from typing import Any

from django.test import Client, TestCase

from lindung.accounts.models import Role, User
from lindung.accounts.services import token_create, user_upsert
from lindung.tests.factories import make_engagement, make_opd, make_pemda, make_person

PASSWORD = "rahasia-uji-123"


class CommitClient(Client):
    """A test client whose every request ends as a request ends in production: committed.

    TestCase wraps each test in a transaction, so `transaction.on_commit` callbacks (the
    background jobs a page queues) would never run; here they run when the request returns,
    in the order the request registered them.
    """

    def request(self, **request: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


class BaseTestCase(TestCase):
    """Kota Pekalongan (3375) with two OPDs and a worker in each; Kota Batang-less 3325 outsider.

    Personas: admin (Admin Pemda), operator (Operator OPD of DLH), bpjs (Petugas BPJS),
    disnaker, perizinan, pimpinan (read-only, masked), root (superuser), and outsider (Admin
    Pemda of another Pemda).
    """

    client_class = CommitClient

    @classmethod
    def setUpTestData(cls) -> None:
        cls.pemda = make_pemda("3375", "Kota Pekalongan")
        cls.other_pemda = make_pemda("3325", "Kabupaten Batang")
        cls.opd = make_opd(cls.pemda, "DLH", name="Dinas Lingkungan Hidup")
        cls.other_opd = make_opd(cls.pemda, "DINDIK", name="Dinas Pendidikan")
        cls.foreign_opd = make_opd(cls.other_pemda, "DLH", name="DLH Batang")
        cls.worker = make_engagement(cls.opd, make_person(cls.pemda, name="Siti Aminah", sex="P"))
        cls.other_worker = make_engagement(
            cls.other_opd, make_person(cls.pemda, name="Joko Susilo")
        )
        cls.foreign_worker = make_engagement(cls.foreign_opd, make_person(cls.other_pemda))

        def persona(username: str, role: str, **kw: Any) -> User:
            return user_upsert(
                username=username,
                password=PASSWORD,
                pemda=kw.pop("pemda", cls.pemda),
                role=role,
                **kw,
            )

        cls.admin = persona("admin", Role.ADMIN_PEMDA)
        cls.operator = persona("operator", Role.OPERATOR_OPD, opds=[cls.opd])
        cls.bpjs = persona("bpjs", Role.PETUGAS_BPJS)
        cls.disnaker = persona("disnaker", Role.DISNAKER)
        cls.perizinan = persona("perizinan", Role.PERIZINAN)
        cls.pimpinan = persona("pimpinan", Role.PIMPINAN)
        cls.outsider = persona("outsider", Role.ADMIN_PEMDA, pemda=cls.other_pemda)
        cls.root = user_upsert(
            username="root", password=PASSWORD, pemda=None, role="", superuser=True
        )

    @classmethod
    def personas(cls) -> dict[str, User]:
        return {
            "admin": cls.admin,
            "operator": cls.operator,
            "bpjs": cls.bpjs,
            "disnaker": cls.disnaker,
            "perizinan": cls.perizinan,
            "pimpinan": cls.pimpinan,
            "outsider": cls.outsider,
            "root": cls.root,
        }

    def bearer(self, user: User) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='uji')}"}
