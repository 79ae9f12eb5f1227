"""Read one file as an import check does, without a database, and report the peak memory.

`python -m lindung.imports.tests.hostile.measure FILE` prints one JSON object: "outcome"
("read" or "refused"), "message", "rows", "maxrss_kb" (this process's peak RSS).
"""

from __future__ import annotations

import json
import os
import resource
import sys
from itertools import islice
from pathlib import Path


def main(path: Path) -> dict[str, object]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    os.environ.setdefault("LINDUNG_TESTING", "1")
    import django

    django.setup()
    from django.conf import settings

    from lindung.imports.columns import KEY_FIELDS, SYNONYMS
    from lindung.imports.formats import FileProblem, open_sheets
    from lindung.imports.headers import HEADER_SEARCH_ROWS, find_header
    from lindung.imports.rowkinds import RowSorter
    from lindung.imports.specs import parse_row

    rows, names = 0, []
    try:
        for sheet in open_sheets(path, path.name, max_bytes=settings.IMPORT_MAX_BYTES):
            head = list(islice(sheet.rows, HEADER_SEARCH_ROWS + 1))
            header = find_header(SYNONYMS["workers"], KEY_FIELDS["workers"], head, {})
            if header is None:
                continue
            sorter = RowSorter(header.headers, header.fields, "nik")
            for cells in head[header.row :]:
                rows += _row(sorter, cells, header, parse_row, names)
            for cells in sheet.rows:
                rows += _row(sorter, cells, header, parse_row, names)
        outcome, message = "read", ""
    except FileProblem as exc:
        outcome, message = "refused", str(exc)
    return {
        "outcome": outcome,
        "message": message,
        "rows": rows,
        "names": names[:5],
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def _row(sorter, cells, header, parse_row, names) -> int:  # type: ignore[no-untyped-def]
    if sorter.skip_reason(cells) is not None:
        return 0
    values, _errors = parse_row("workers", cells, header.fields, header.headers)
    if len(names) < 5:
        names.append(values.get("name", ""))
    return 1


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
