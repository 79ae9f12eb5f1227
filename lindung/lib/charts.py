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


def line_chart_svg(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    width: int = 760,
    height: int = 280,
    y_max: float | None = None,
    unit: str = "",
) -> str:
    """Lines over an ordered axis (months); a None value leaves a gap in its line.

    `y_max` fixes the top of the scale (100 for percentages); otherwise the peak sets it.
    """
    left, right, top, bottom = 60, 36, 30, 60  # room for the last centred x label
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, vs in series for v in vs if v is not None]
    peak = y_max if y_max is not None else max(values + [1])
    peak = peak or 1
    step = plot_w / max(len(labels) - 1, 1)

    def x_of(i: int) -> float:
        return left + (i * step if len(labels) > 1 else plot_w / 2)

    def y_of(v: float) -> float:
        return top + plot_h - plot_h * v / peak

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart line-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i in range(5):
        value = peak * i / 4
        y = y_of(value)
        label = f"{value:.0f}{unit}" if unit else _short(int(value))
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(label)}</text>"
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x_of(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'font-size="11">{escape(label)}</text>'
        )
    for s, (name, points) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(points[: len(labels)]):
            if v is None:
                runs.append([])
                continue
            runs[-1].append((x_of(i), y_of(v)))
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
        for i, v in enumerate(points[: len(labels)]):
            if v is None:
                continue
            shown = f"{v:,.1f}".replace(",", "x").replace(".", ",").replace("x", ".")
            parts.append(
                f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(name)} · {escape(labels[i])}: {shown}{escape(unit)}</title>"
                "</circle>"
            )
        x = left + s * 220
        parts.append(
            f'<rect x="{x}" y="{height - 22}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{height - 12}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
