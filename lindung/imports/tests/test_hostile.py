"""Hostile files (built at test time): each is refused clearly or read cleanly, in < 1 GB."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from lindung.imports.tests.hostile.build import build

GB_KB = 1024 * 1024  # ru_maxrss is in KiB on Linux
EXPECTED = {
    "zip_bomb": ("refused", "IMPORT_MAX_UNCOMPRESSED_BYTES"),
    "million_rows": ("read", ""),
    "too_many_rows": ("refused", "IMPORT_MAX_ROWS"),
    "long_cell_csv": ("refused", "IMPORT_MAX_CELL_CHARS"),
    "long_cell_xlsx": ("refused", "IMPORT_MAX_"),
    "nul_late": ("read", ""),
    "x0000": ("read", ""),
    "mixed_encoding": ("refused", "bercampur pengodean"),
    "formulas": ("read", ""),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("hostile"))


def measure(path: Path) -> dict[str, object]:
    env = {**os.environ, "LINDUNG_TESTING": "1"}
    done = subprocess.run(  # noqa: S603 - our own module on our own file
        [sys.executable, "-m", "lindung.imports.tests.hostile.measure", str(path)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file(hostile: dict[str, Path], name: str) -> None:
    result = measure(hostile[name])
    outcome, words = EXPECTED[name]
    assert result["outcome"] == outcome, result["message"]
    assert words in str(result["message"])
    assert int(result["maxrss_kb"]) < GB_KB, result  # type: ignore[call-overload]
    # Every child so far, this one included, stayed under the bound.
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < GB_KB
    if outcome == "read":
        names = [str(n) for n in result["names"]]  # type: ignore[attr-defined]
        assert names and all(n.startswith("Budi") for n in names), names
        assert not any(c in n for n in names for c in "\x00_")
    if name == "nul_late":
        assert result["rows"] == 2001
