"""The app import graph (tools/import_graph.py) keeps the arrows issue 17 removed out."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path
from unittest import TestCase

_TOOL = Path(__file__).resolve().parents[2] / "tools" / "import_graph.py"


def _edges() -> Counter[tuple[str, str]]:
    spec = importlib.util.spec_from_file_location("import_graph", _TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.edges(include_tests=True)


class ImportGraphTest(TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.edges = _edges()

    def test_no_app_imports_the_demo_package(self) -> None:
        importers = sorted(src for src, dst in self.edges if dst == "demo")
        self.assertEqual(importers, [])
