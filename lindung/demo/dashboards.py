"""Coverage history for the demo city: a few monthly runs before today's, coverage rising.

Call before the current snapshot is built: each past month gets its own snapshot (the
current one thinned, as if fewer workers had been registered then), a reconciliation run as
of that month's last day, and is then retired (no longer current), as a newer import would.
"""

from __future__ import annotations

import random
from datetime import date

from lindung.bpjs.models import Membership
from lindung.demo.reconciliation import build_snapshot
from lindung.imports.models import ImportBatch
from lindung.lib.calendar import month_end
from lindung.lib.dates import today
from lindung.reconciliation.models import Run
from lindung.reconciliation.services import reconcile
from lindung.registry.models import Pemda

MISSING_PER_MONTH = 0.06  # share of the snapshot not yet registered, per month back


def build_history(*, pemda: Pemda, months: int = 5, seed: int = 1) -> list[Run]:
    runs = []
    now = today()
    for back in range(months, 0, -1):
        index = now.year * 12 + now.month - 1 - back
        as_of = month_end(index // 12, index % 12 + 1)
        runs.append(_month(pemda, as_of, back, seed))
    return runs


def _month(pemda: Pemda, as_of: date, back: int, seed: int) -> Run:
    build_snapshot(pemda=pemda, as_of=as_of, seed=seed + back)
    batch = ImportBatch.objects.filter(pemda=pemda, kind=ImportBatch.Kind.MEMBERSHIPS).latest("pk")
    rows = Membership.objects.filter(batch=batch)
    rng = random.Random(seed * 31 + back)  # noqa: S311 - deterministic synthetic data
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    dropped = rng.sample(ids, int(len(ids) * min(0.9, MISSING_PER_MONTH * back)))
    Membership.objects.filter(pk__in=dropped).delete()
    run = reconcile(pemda=pemda, as_of=as_of, user=None)
    rows.update(is_current=False)
    return run
