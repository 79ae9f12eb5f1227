"""Leases of background jobs: who runs a job, and when a silent job counts as dead."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def worker_id() -> str:
    """This process, as written on the job it runs ("host:pid")."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def stale_before() -> datetime:
    """A running job whose last heartbeat is older than this died with its worker."""
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)
