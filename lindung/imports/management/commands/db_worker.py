"""`lindung db_worker`: django-tasks' worker, which first settles the jobs a dead worker left.

A worker killed mid-job (kill -9, out of memory) leaves its batch or run "running"; a new
worker starting is the moment to end them (see `lindung imports sweep`).
"""

from __future__ import annotations

import logging
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from lindung.imports.management.commands.imports import sweep


class Command(WorkerCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        swept = sweep()
        if any(swept.values()):
            logging.getLogger(__name__).warning("dead jobs settled at start: %s", swept)
        super().handle(*args, **options)
