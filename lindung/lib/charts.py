"""Server-side SVG charts: render offline, print in PDFs, need no JavaScript."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

# Colour-blind-safe palette (Okabe-Ito) with enough contrast on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def _decimal(value: float) -> str:
    """At most one decimal, Indonesian comma, no trailing ",0": 2,5 / 3."""
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _short(value: float) -> str:
    """Axis labels: 1,5 jt (juta), 2 M (miliar), 250 rb (ribu); below a thousand, as is."""
    if abs(value) >= 1_000_000_000:
        return f"{_decimal(value / 1_000_000_000)} M"
    if abs(value) >= 1_000_000:
        return f"{_decimal(value / 1_000_000)} jt"
    if abs(value) >= 1_000:
        return f"{_decimal(value / 1_000)} rb"
    return _decimal(value)


def nice_step(span: float, intervals: int = 5) -> float:
    """The smallest round step (1, 2 or 5 × 10^n) that covers `span` in `intervals` steps."""
    if span <= 0:
        return 1.0
    raw = span / intervals
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw * (1 - 1e-9):
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def nice_ticks(peak: float, *, intervals: int = 5, whole: bool = True) -> list[float]:
    """Round tick values from 0 to just above `peak`: 382 -> 0, 100, 200, 300, 400.

    `whole` keeps steps of at least 1 (counts and rupiah are never fractional).
    """
    step = nice_step(peak, intervals)
    if whole:
        step = max(step, 1.0)
    count = max(math.ceil(peak / step - 1e-9), 1)
    return [step * i for i in range(count + 1)]


def _text_width(text: str, size: int = 11) -> float:
    """A rough width of a label in the chart's sans-serif font."""
    return len(text) * size * 0.6


def _x_labels(
    labels: Sequence[str], centres: Sequence[float], room: float, y: float
) -> tuple[list[str], float]:
    """The x-axis labels: level when they fit, slanted when they don't.

    Returns the SVG parts and the extra height the slanted labels need below the axis.
    """
    longest = max((_text_width(label) for label in labels), default=0)
    parts: list[str] = []
    if longest + 4 <= room:
        for label, x in zip(labels, centres, strict=False):
            parts.append(
                f'<text x="{x:.1f}" y="{y}" text-anchor="middle" font-size="11">'
                f"{escape(label)}</text>"
            )
        return parts, 0.0
    # Slanted 40 degrees; when even that crowds them, only every n-th label is written.
    every = max(1, math.ceil(14 / max(room, 1)))
    for i, (label, x) in enumerate(zip(labels, centres, strict=False)):
        if i % every:
            continue
        parts.append(
            f'<text x="{x:.1f}" y="{y - 4}" text-anchor="end" font-size="11" '
            f'transform="rotate(-40 {x:.1f} {y - 4})">{escape(label)}</text>'
        )
    return parts, min(longest * 0.64, 90.0)


def _legend(names: Sequence[str], left: float, y: float) -> str:
    parts, x = [], left
    for s, name in enumerate(names):
        colour = PALETTE[s % len(PALETTE)]
        parts.append(
            f'<rect x="{x:.0f}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18:.0f}" y="{y + 10}" font-size="12">{escape(name)}</text>'
        )
        x += 18 + _text_width(name, 12) + 24
    return "".join(parts)


def bar_chart_svg(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    width: int = 760,
    height: int = 300,
) -> str:
    """Grouped vertical bars: one group per category, one bar per series.

    The scale runs to a round number (0, 100, 200 …); category labels slant when they would
    touch, and the chart grows downward to hold them.
    """
    left, right, top, bottom = 70, 10, 30, 60
    plot_w = width - left - right
    peak = max([max(values, default=0) for _, values in series] + [1])
    ticks = nice_ticks(peak)
    scale = ticks[-1]
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    centres = [left + c * group_w + group_w * 0.5 for c in range(len(categories))]
    plot_h = height - top - bottom
    labels, extra = _x_labels(list(categories), centres, group_w, top + plot_h + 16)
    height += round(extra)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for value in ticks:
        y = top + plot_h - plot_h * value / scale
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(_short(value))}</text>"
        )
    for c, label in enumerate(categories):
        x0 = left + c * group_w + group_w * 0.1
        for s, (name, values) in enumerate(series):
            value = values[c] if c < len(values) else 0
            h = plot_h * value / scale
            amount = f"{value:,}".replace(",", ".")
            parts.append(
                f'<rect x="{x0 + s * bar_w:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{bar_w - 1:.1f}" height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{escape(name)} · {escape(label)}: {amount}</title></rect>"
            )
    parts.extend(labels)
    parts.append(_legend([name for name, _values in series], left, height - 22))
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

    `y_max` fixes the top of the scale (100 for percentages); otherwise the peak, rounded up
    to the next round tick, sets it. Ticks are round numbers: 0, 20, 40 … 100.
    """
    left, right, top, bottom = 60, 36, 30, 60  # room for the last centred x label
    plot_w = width - left - right
    values = [v for _, vs in series for v in vs if v is not None]
    peak = y_max if y_max is not None else max(values + [1])
    ticks = nice_ticks(peak or 1, whole=False)
    scale = ticks[-1]
    step = plot_w / max(len(labels) - 1, 1)

    def x_of(i: int) -> float:
        return left + (i * step if len(labels) > 1 else plot_w / 2)

    plot_h = height - top - bottom
    x_labels, extra = _x_labels(
        list(labels), [x_of(i) for i in range(len(labels))], step, top + plot_h + 16
    )
    height += round(extra)

    def y_of(v: float) -> float:
        return top + plot_h - plot_h * v / scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart line-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for value in ticks:
        y = y_of(value)
        label = f"{_decimal(value)}{unit}" if unit else _short(value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{escape(label)}</text>"
        )
    parts.extend(x_labels)
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
    parts.append(_legend([name for name, _points in series], left, height - 22))
    parts.append("</svg>")
    return "".join(parts)
