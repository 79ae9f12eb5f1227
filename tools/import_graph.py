"""Print the app-to-app import edges of the `lindung` package, read from the source with `ast`.

Usage: python tools/import_graph.py [--tests]

One line per edge, "importer -> imported (N)", N being the number of import statements.
An "app" is a sub-package of lindung/ (registry, rulebook, ...) or a top-level module
(settings, urls, cli, ...). Imports inside functions count too; test modules are left out
unless --tests is given. Nothing is imported or executed, so no settings are needed.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "lindung"


def app_of(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else path.stem


def module_of(path: Path) -> list[str]:
    parts = ["lindung", *path.relative_to(ROOT).with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(node: ast.AST, path: Path) -> list[str]:
    """Absolute dotted names an import statement refers to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level == 0:
            base = node.module or ""
        else:
            package = module_of(path)
            if path.name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([node.module] if node.module else []))
        if node.module is None or node.level:
            return [f"{base}.{alias.name}" for alias in node.names] if not node.module else [base]
        return [base]
    return []


def edges(include_tests: bool = False) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).parts
        if not include_tests and ("tests" in rel or path.name.startswith("test_")):
            continue
        if "migrations" in rel:
            continue
        source = app_of(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for name in imported(node, path):
                parts = name.split(".")
                if parts[0] != "lindung" or len(parts) < 2:
                    continue
                target = parts[1]
                if target != source:
                    found[(source, target)] += 1
    return found


def main(argv: list[str]) -> int:
    for (source, target), count in sorted(edges("--tests" in argv).items()):
        print(f"{source} -> {target} ({count})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
