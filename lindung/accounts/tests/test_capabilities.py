"""The one roles x capabilities table: in the code, its docstring and docs/roles.md alike."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.test import SimpleTestCase

from lindung.accounts import capabilities
from lindung.accounts.capabilities import Capability, can
from lindung.accounts.models import Role, User

_DOC = Path(__file__).resolve().parents[3] / "docs" / "roles.md"


class CapabilitiesTest(SimpleTestCase):
    def test_every_capability_has_its_roles(self) -> None:
        self.assertEqual(set(capabilities.CAPABILITIES), set(Capability))
        for capability, (roles, covers) in capabilities.CAPABILITIES.items():
            self.assertTrue(roles <= set(Role), capability)
            self.assertTrue(covers, capability)

    def test_the_docstring_and_docs_roles_page_show_the_table(self) -> None:
        table = capabilities.table()
        self.assertIn(table, capabilities.__doc__ or "")
        doc = _DOC.read_text(encoding="utf-8")
        between = doc.split("<!-- capabilities:start -->\n")[1].split("<!-- capabilities:end -->")
        self.assertEqual(between[0].strip(), table, "regenerate docs/roles.md from table()")

    def test_a_role_holds_only_its_capabilities(self) -> None:
        operator = User(role=Role.OPERATOR_OPD, is_active=True)
        self.assertTrue(can(operator, Capability.WRITE_WORKERS))
        self.assertFalse(can(operator, Capability.RUN_RECONCILIATION))
        pimpinan = User(role=Role.PIMPINAN, is_active=True)
        self.assertTrue(can(pimpinan, Capability.READ_WORKERS))
        self.assertFalse(can(pimpinan, Capability.SEE_IDENTITIES))

    def test_a_superuser_holds_every_capability_and_the_inactive_none(self) -> None:
        root = User(is_superuser=True, is_active=True)
        self.assertTrue(all(can(root, c) for c in Capability))
        gone = User(role=Role.ADMIN_PEMDA, is_active=False)
        self.assertFalse(any(can(gone, c) for c in Capability))
        self.assertFalse(any(can(AnonymousUser(), c) for c in Capability))  # type: ignore[arg-type]
