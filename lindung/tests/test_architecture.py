"""The structure issue 17 set: the import graph and one way per use case."""

from __future__ import annotations

import ast
import importlib.util
import re
from collections import Counter
from pathlib import Path
from unittest import TestCase

_ROOT = Path(__file__).resolve().parents[2]
_TOOL = _ROOT / "tools" / "import_graph.py"


def _edges(*, include_tests: bool = True) -> Counter[tuple[str, str]]:
    spec = importlib.util.spec_from_file_location("import_graph", _TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.edges(include_tests=include_tests)  # type: ignore[no-any-return]


class ImportGraphTest(TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.edges = _edges()

    def test_web_is_the_shell_no_app_imports(self) -> None:
        importers = sorted({src for src, dst in _edges(include_tests=False) if dst == "web"})
        self.assertEqual(importers, ["urls"])

    def test_lib_imports_no_app(self) -> None:
        self.assertEqual(sorted(dst for src, dst in self.edges if src == "lib"), [])

    def test_no_app_imports_the_demo_package(self) -> None:
        importers = sorted(src for src, dst in self.edges if dst == "demo")
        self.assertEqual(importers, [])


class OnePathTest(TestCase):
    def test_jobs_are_queued_only_through_lib_jobs(self) -> None:
        """Every job goes through an app's `tasks.start_…()`, which waits for the commit."""
        callers = sorted(
            str(path.relative_to(_ROOT))
            for path in (_ROOT / "lindung").rglob("*.py")
            if "tests" not in path.parts and ".enqueue(" in path.read_text(encoding="utf-8")
        )
        self.assertEqual(callers, ["lindung/lib/jobs.py"])

    def test_the_import_pipeline_imports_no_feature_app(self) -> None:
        """The row loop knows imports, lib and the registry it sits on; planners register."""
        tree = ast.parse((_ROOT / "lindung/imports/pipeline.py").read_text(encoding="utf-8"))
        names = {
            alias.name if isinstance(node, ast.Import) else node.module or ""
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        apps = {n.split(".")[1] for n in names if n.startswith("lindung.")}
        self.assertEqual(apps - {"imports", "lib", "registry"}, set())

    def test_role_sets_live_only_in_the_capabilities_table(self) -> None:
        """Access helpers ask lindung.accounts.capabilities; none keeps its own role set."""
        keepers = sorted(
            str(path.relative_to(_ROOT))
            for path in (_ROOT / "lindung").rglob("*.py")
            if not {"tests", "demo", "migrations"} & set(path.parts)
            and path.name != "capabilities.py"
            and re.search(r"[{(\[,]\s*Role\.\w+\s*,", path.read_text(encoding="utf-8"))
        )
        self.assertEqual(keepers, [])
