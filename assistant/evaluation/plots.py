"""Inline SVG charts drawn by hand, so a report opens offline with no script or CDN.

Each function returns one self-contained <svg> element; every label goes
through html.escape because labels can come from question sets and articles.
"""

from __future__ import annotations

from html import escape

_FONT = 'font-family="system-ui, sans-serif" font-size="12"'
_BAR = "#3b6ea5"
_BAR_BAD = "#c0504d"


def _fmt(value: float | None, percent: bool) -> str:
    if value is None:
        return "n/a"
    return f"{value * 100:.0f}%" if percent else f"{value:.3g}"


def hbars(
    items: list[tuple[str, float | None]],
    title: str,
    lower_is_better: frozenset[str] = frozenset(),
    width: int = 560,
) -> str:
    """Horizontal bars for rates in [0, 1]; a missing figure shows as "n/a" rather than zero."""
    label_w, row_h, top = 170, 24, 28
    plot_w = width - label_w - 60
    height = top + row_h * len(items) + 8
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" {_FONT}>',
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        bar_w = 0 if value is None else max(0.0, min(1.0, value)) * plot_w
        color = _BAR_BAD if label in lower_is_better else _BAR
        parts += [
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{label_w}" y="{y + 3}" width="{plot_w}" height="{row_h - 8}" fill="#eef1f5"/>',
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w:.1f}" height="{row_h - 8}" fill="{color}"/>',
            f'<text x="{label_w + plot_w + 6}" y="{y + 15}">{escape(_fmt(value, True))}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def histogram(
    values: list[float],
    title: str,
    unit: str,
    markers: dict[str, float | None],
    bins: int = 12,
    width: int = 560,
    height: int = 220,
) -> str:
    """Histogram with labelled vertical lines (e.g. p50, p95) so the tail is visible at a glance.

    The labels sit in a band of their own above the bars, one line each: placed inside
    the plot, "p50 14" was drawn over the tallest bar (the median is where most bars are).
    """
    shown = [(name, value) for name, value in markers.items() if value is not None]
    band = 14 * len(shown)
    left, right, top, bottom = 40, 16, 28 + band, 34
    height += band
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" {_FONT}>',
        f'<text x="0" y="16" font-weight="bold">{escape(title)}</text>',
    ]
    if not values:
        parts.append(f'<text x="{left}" y="{top + 20}">no data</text></svg>')
        return "".join(parts)
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / span * bins))] += 1
    peak = max(counts)
    bar_w = plot_w / bins
    for i, c in enumerate(counts):
        h = c / peak * plot_h
        parts.append(
            f'<rect x="{left + i * bar_w + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
            f'height="{h:.1f}" fill="{_BAR}"><title>{c} question(s)</title></rect>'
        )
    parts += [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#555"/>',
        f'<text x="{left}" y="{height - 14}">{lo:.0f} {escape(unit)}</text>',
        f'<text x="{left + plot_w}" y="{height - 14}" text-anchor="end">{hi:.0f} {escape(unit)}</text>',
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{peak}</text>',
    ]
    for j, (name, value) in enumerate(shown):
        x = left + (value - lo) / span * plot_w
        y = top - band + 11 + 14 * j  # in the band above the bars; the line reaches up to its label
        # Labels right of the line, or left of it near the right edge, so none is clipped.
        anchor, dx = ("end", -3) if x > left + plot_w * 0.7 else ("start", 3)
        parts += [
            f'<line x1="{x:.1f}" y1="{y - 10}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{_BAR_BAD}" '
            f'stroke-dasharray="4 3"/>',
            f'<text class="marker" x="{x + dx:.1f}" y="{y}" fill="{_BAR_BAD}" text-anchor="{anchor}">'
            f"{escape(name)} {value:.0f}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def grouped_rates(groups: list[tuple[str, int, float | None]], title: str, width: int = 560) -> str:
    """One bar per group with its count in the label, e.g. accuracy by question type (n=...)."""
    return hbars([(f"{name} (n={n})", rate) for name, n, rate in groups], title, width=width)
