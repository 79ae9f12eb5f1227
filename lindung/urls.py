from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from lindung.api.api import api
from lindung.web import views as web_views

admin.site.site_header = "Lindung"


def _superuser_only(request) -> bool:  # type: ignore[no-untyped-def]
    return bool(request.user.is_active and request.user.is_superuser)


# Django admin stays available to superusers only.
admin.site.has_permission = _superuser_only  # type: ignore[method-assign]

urlpatterns = [
    path("", web_views.home, name="web-home"),
    path("pemda/pilih/", web_views.choose_pemda, name="web-choose-pemda"),
    path("akun/", include("lindung.accounts.urls")),
    path("registri/", include("lindung.registry.urls")),
    path("iuran/", include("lindung.rulebook.urls")),
    path("iuran/", include("lindung.budget.urls")),
    path("impor/", include("lindung.imports.urls")),
    path("kepatuhan/", include("lindung.compliance.urls")),
    path("rekonsiliasi/", include("lindung.reconciliation.urls")),
    path("bpjs/", include("lindung.bpjs.urls")),
    path("dasbor/", include("lindung.dashboards.urls")),
    path("proyek/", include("lindung.projects.urls")),
    path("kohort/", include("lindung.cohorts.urls")),
    path("cakupan-kota/", include("lindung.workforce.urls")),
    path("audit/", include("lindung.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path(
        "api/docs",
        RedirectView.as_view(url="/api/v1/docs", permanent=False),
        name="api-docs-redirect",
    ),
    path("healthz", web_views.healthz, name="web-healthz"),
]
