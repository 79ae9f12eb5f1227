"""Coverage gate: every file under lindung/ at 100% (lines and branches), except the list.

Reads the JSON report of `coverage json` (path as the first argument) and the exclusion
list .ci/not_fully_covered.txt, as zulip's `not_yet_fully_covered`. Fails when a file
outside the list is below 100%, and when a listed file is now fully covered or gone: the
list only shrinks, and each file that reaches 100% leaves it in the same change.

With --prune, rewrite the list without the entries that are fully covered or gone (it
never adds one), then check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LIST = Path(__file__).with_name("not_fully_covered.txt")


def listed() -> set[str]:
    lines = (line.split("#", 1)[0].strip() for line in LIST.read_text().splitlines())
    return {line for line in lines if line}


def prune(percent: dict[str, float]) -> None:
    kept = []
    for line in LIST.read_text().splitlines():
        path = line.split("#", 1)[0].strip()
        if path and (path not in percent or percent[path] == 100):
            continue
        kept.append(line)
    LIST.write_text("\n".join(kept) + "\n")


def main(report_path: str, *options: str) -> int:
    files = json.loads(Path(report_path).read_text())["files"]
    percent = {path: f["summary"]["percent_covered"] for path, f in files.items()}
    if "--prune" in options:
        prune(percent)
    excluded = listed()
    problems = [
        f"{path}: {pct:.1f}% covered; cover it to 100% ({LIST.name} may only shrink)"
        for path, pct in sorted(percent.items())
        if pct < 100 and path not in excluded
    ]
    problems += [
        f"{path}: fully covered now, remove it from {LIST.name}"
        for path in sorted(excluded)
        if percent.get(path) == 100
    ]
    problems += [
        f"{path}: listed in {LIST.name} but not measured (moved or deleted?), remove it"
        for path in sorted(excluded - percent.keys())
    ]
    for line in problems:
        print(line)
    if not problems:
        print(f"Coverage gate: {len(percent) - len(excluded)} files at 100%, "
              f"{len(excluded)} not yet fully covered ({LIST.name}).")  # fmt: skip
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
