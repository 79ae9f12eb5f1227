"""`lindung imports sweep`: settle background jobs whose worker died.

Run at every `lindung db_worker` start; for a worker that runs for weeks, also from a timer,
e.g. cron: `*/5 * * * * lindung imports sweep` (or a systemd timer with OnUnitActiveSec=5min).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lindung.imports import leases
from lindung.reconciliation.services import runs_sweep


class Command(BaseCommand):
    help = (
        "Akhiri impor dan rekonsiliasi yang prosesnya mati (detak terakhir lebih lama dari "
        "JOB_STALE_SECONDS)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help="akhiri pekerjaan latar belakang yang mati")
        sweep.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        result = sweep()
        if o.get("json"):
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                f"{result['imports']} impor dan {result['runs']} rekonsiliasi yang terhenti "
                "diakhiri."
            )


def sweep() -> dict[str, int]:
    """Settle every dead import batch and reconciliation run."""
    return {"imports": leases.sweep(), "runs": runs_sweep()}
