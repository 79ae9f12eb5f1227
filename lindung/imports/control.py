"""Live progress and cancel requests of a running import, outside the database.

A commit runs in one transaction; progress written inside it would stay invisible to the
page until the end, and on SQLite a cancel written by the page would wait for the lock.
Small files beside the uploads carry both instead.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings


def _dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports" / "control"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_progress(batch_id: int, *, stage: str, done: int, total: int) -> None:
    target = _dir() / f"{batch_id}.json"
    tmp = target.with_suffix(".tmp")
    # "beat": the heartbeat of a job whose transaction hides the batch row (see leases).
    tmp.write_text(json.dumps({"stage": stage, "done": done, "total": total, "beat": time.time()}))
    os.replace(tmp, target)  # readers never see half a file


def read_progress(batch_id: int) -> dict[str, Any] | None:
    try:
        return json.loads((_dir() / f"{batch_id}.json").read_text())
    except (OSError, ValueError):
        return None


def last_beat(batch_id: int) -> float | None:
    """When the running job last wrote its progress (a Unix time), if it did."""
    beat = (read_progress(batch_id) or {}).get("beat")
    return float(beat) if isinstance(beat, int | float) else None


def request_cancel(batch_id: int) -> None:
    (_dir() / f"{batch_id}.cancel").touch()


def cancel_requested(batch_id: int) -> bool:
    return (_dir() / f"{batch_id}.cancel").exists()


def clear_progress(batch_id: int) -> None:
    (_dir() / f"{batch_id}.json").unlink(missing_ok=True)


def clear(batch_id: int) -> None:
    for suffix in (".json", ".cancel"):
        (_dir() / f"{batch_id}{suffix}").unlink(missing_ok=True)
