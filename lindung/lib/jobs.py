"""Background jobs: how one is queued, who runs it, and when a silent job counts as dead.

Every job is queued the same way: the app's `tasks` module exposes `start_<job>()`, which
calls :func:`enqueue_on_commit`; views, routers and commands call `start_<job>()`.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """Queue `task(*args)` once the current transaction commits (at once outside one).

    A worker polling the job table must never see a job whose rows are not committed yet.
    """
    transaction.on_commit(lambda: task.enqueue(*args))


def worker_id() -> str:
    """This process, as written on the job it runs ("host:pid")."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def stale_before() -> datetime:
    """A running job whose last heartbeat is older than this died with its worker."""
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)
