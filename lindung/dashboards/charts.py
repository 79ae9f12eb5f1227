"""The dashboard's charts as SVG strings (shared by the page and the rakor PDF)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lindung.dashboards.queries import Dashboard
from lindung.lib.charts import bar_chart_svg, line_chart_svg
from lindung.reconciliation.rules import Category

CHART_OPDS = 15


class LazyCharts:
    """The charts of a dashboard, drawn only when a template reads one (cached pages don't)."""

    def __init__(self, dash: Dashboard) -> None:
        self.dash = dash
        self._drawn: dict[str, str] | None = None

    def _get(self, name: str) -> SafeString:
        if self._drawn is None:
            self._drawn = dashboard_charts(self.dash)
        return mark_safe(self._drawn[name])  # noqa: S308 - lindung.lib.charts escapes every text

    @property
    def opd(self) -> SafeString:
        return self._get("opd")

    @property
    def kind(self) -> SafeString:
        return self._get("kind")

    @property
    def trend(self) -> SafeString:
        return self._get("trend")


def dashboard_charts(dash: Dashboard) -> dict[str, str]:
    worst = sorted(dash.opds, key=lambda o: (-o["gap"], o["opd_name"]))[:CHART_OPDS]
    kinds = [k for k in dash.kinds if k.has_sk is None and k.kind]
    points = dash.points
    return {
        "opd": bar_chart_svg(
            title=_("OPD dengan kesenjangan terbesar"),
            categories=[o["opd_code"] for o in worst],
            series=[
                (_("Terlindungi"), [o[Category.COVERED] for o in worst]),
                (_("Belum terlindungi penuh"), [o["gap"] for o in worst]),
            ],
        ),
        "kind": bar_chart_svg(
            title=_("Menurut jenis pekerja"),
            categories=[str(k.label) for k in kinds],
            series=[
                (_("Terlindungi"), [k.covered for k in kinds]),
                (_("Belum terlindungi penuh"), [k.gap for k in kinds]),
            ],
            height=260,
        ),
        "trend": line_chart_svg(
            title=_("Tren cakupan per bulan"),
            labels=[p.label for p in points],
            series=[(_("Cakupan (%)"), [p.coverage_pct for p in points])],
            y_max=100,
            unit="%",
        ),
    }
