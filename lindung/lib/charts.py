"""Server-side SVG charts: render offline, print in PDFs, need no JavaScript."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# Colour-blind-safe palette (Okabe-Ito) with enough contrast on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def _short(value: int) -> str:
    """Axis labels: 1.2 M (juta), 3.4 M for miliar is ambiguous, so use jt / M."""
    if value >= 1_000_000_000:
        return f"{value / 1_000_000_000:.1f} M".replace(".", ",")
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f} jt".replace(".", ",")
    if value >= 1_000:
        return f"{value / 1_000:.0f} rb"
    return str(value)


def bar_chart_svg(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    width: int = 760,
    height: int = 300,
) -> str:
    """Grouped vertical bars: one group per category, one bar per series."""
    left, right, top, bottom = 70, 10, 30, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([max(values, default=0) for _, values in series] + [1])
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(_short(int(value)))}</text>"
        )
    for c, label in enumerate(categories):
        x0 = left + c * group_w + group_w * 0.1
        for s, (name, values) in enumerate(series):
            value = values[c] if c < len(values) else 0
            h = plot_h * value / peak
            amount = f"{value:,}".replace(",", ".")
            parts.append(
                f'<rect x="{x0 + s * bar_w:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{bar_w - 1:.1f}" height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{escape(name)} · {escape(label)}: {amount}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'font-size="11">{escape(label)}</text>'
        )
    for s, (name, _values) in enumerate(series):
        x = left + s * 200
        colour = PALETTE[s % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{height - 22}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{height - 12}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
