from typing import Any

from django.http import HttpRequest

from lindung.accounts.access import can_manage_users
from lindung.audit.access import can_read_audit
from lindung.cohorts.access import can_read_cohorts
from lindung.compliance import access as compliance_access
from lindung.dashboards.access import can_report
from lindung.imports.access import can_import
from lindung.projects.access import can_read_projects
from lindung.registry.access import can_read_workers
from lindung.registry.models import Pemda
from lindung.registry.tenancy import current_pemda
from lindung.workforce.access import can_read_citywide


def lindung(request: HttpRequest) -> dict[str, Any]:
    """Header facts: the Pemda worked in and which menu entries the user may open."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "current_pemda": current_pemda(request),
        "nav_workers": can_read_workers(user),  # type: ignore[arg-type]
        "nav_imports": can_import(user),  # type: ignore[arg-type]
        "nav_projects": can_read_projects(user),  # type: ignore[arg-type]
        "nav_cohorts": can_read_cohorts(user),  # type: ignore[arg-type]
        "nav_citywide": can_read_citywide(user),  # type: ignore[arg-type]
        "nav_compliance": compliance_access.can_read(user),  # type: ignore[arg-type]
        "nav_permit_check": compliance_access.can_check_permits(user),  # type: ignore[arg-type]
        "nav_client_keys": compliance_access.can_manage_client_keys(user),  # type: ignore[arg-type]
        "nav_reports": can_report(user),  # type: ignore[arg-type]
        "nav_users": can_manage_users(user),  # type: ignore[arg-type]
        "nav_audit": can_read_audit(user),  # type: ignore[arg-type]
        "all_pemdas": _pemda_choices(user),
    }


def _pemda_choices(user: Any) -> Any:
    if not user.is_superuser:
        return []
    return Pemda.objects.order_by("code")
