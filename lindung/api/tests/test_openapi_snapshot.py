"""The OpenAPI schema is frozen in openapi.json: an API change is a reviewed change.

When the API changes on purpose, refresh the snapshot with the command in REFRESH and
commit the JSON diff with the change, so the reviewer sees what clients will see.
"""

from __future__ import annotations

import difflib
import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase

SNAPSHOT = Path(__file__).with_name("openapi.json")
ARGS = ["--api", "lindung.api.api.api", "--sorted", "--indent", "2"]
# Run from the checkout's root.
REFRESH = (
    f"LINDUNG_TESTING=1 .venv/bin/lindung export_openapi_schema {' '.join(ARGS)} "
    "--output lindung/api/tests/openapi.json"
)


class OpenApiSnapshotTest(SimpleTestCase):
    def test_the_schema_matches_the_committed_snapshot(self) -> None:
        out = StringIO()
        call_command("export_openapi_schema", *ARGS, stdout=out)
        current = json.loads(out.getvalue())
        frozen = json.loads(SNAPSHOT.read_text())
        if current != frozen:
            diff = difflib.unified_diff(
                json.dumps(frozen, indent=2, sort_keys=True).splitlines(),
                json.dumps(current, indent=2, sort_keys=True).splitlines(),
                "openapi.json (committed)",
                "schema (now)",
                lineterm="",
            )
            shown = "\n".join(list(diff)[:80])
            self.fail(
                "The OpenAPI schema changed. If the change is intended, refresh the "
                f"snapshot and commit it with the change:\n\n    {REFRESH}\n\n{shown}"
            )
