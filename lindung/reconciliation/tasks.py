"""Background job of a reconciliation run (django-tasks; `lindung db_worker` runs it)."""

from __future__ import annotations

import logging

from django_tasks import task

from lindung.lib.jobs import enqueue_on_commit
from lindung.reconciliation import services
from lindung.reconciliation.models import Run


def start_run(run: Run) -> None:
    """Hand a created run to the background worker once its transaction commits."""
    enqueue_on_commit(execute_run, run.pk)


@task()
def execute_run(run_id: int) -> None:
    run = Run.objects.get(pk=run_id)
    try:
        services.run_execute(run)
    except Exception:
        # The run is marked failed with the message, which its page shows.
        logging.getLogger(__name__).exception("reconciliation run %s failed", run_id)
