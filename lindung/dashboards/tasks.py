"""Background job of a rakor report (django-tasks; `lindung db_worker` runs it)."""

from __future__ import annotations

import logging

from django_tasks import task

from lindung.dashboards import services
from lindung.dashboards.models import Report
from lindung.lib.jobs import enqueue_on_commit


def start_report(report: Report) -> None:
    """Hand a created report to the background worker once its transaction commits."""
    enqueue_on_commit(make_report, report.pk)


@task()
def make_report(report_id: int) -> None:
    report = Report.objects.select_related("pemda").get(pk=report_id)
    try:
        services.report_execute(report)
    except Exception:
        # The report is marked failed with the message, which its page shows.
        logging.getLogger(__name__).exception("rakor report %s failed", report_id)
