"""Inline SVG charts (no script, no external resources) for the HTML reports."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

ACCENT = "#3b6ea8"


def nice_ceiling(value: float) -> float:
    """Return the smallest 1, 2, 2.5, 4, 5 or 8 × 10^k at or above `value` (round quarters)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 4, 5, 8, 10) if m * power >= value * (1 - 1e-12))


def bar_chart(
    title: str,
    bars: list[tuple[str, float | None, str]],
    *,
    fmt: Callable[[float], str],
    top: float | None = None,
    intervals: list[tuple[float, float] | None] | None = None,
    reference: tuple[float, str] | None = None,
    width: int = 540,
    height: int = 250,
) -> str:
    """Return an inline SVG bar chart of (label, value, colour) bars with optional CIs."""
    left, right, upper, lower = 52, 12, 32, 40
    plot_w, plot_h = width - left - right, height - upper - lower
    values = [v for _, v, _ in bars if v is not None]
    highest = max(values + [i[1] for i in intervals or [] if i] + [0])
    ceiling = top or nice_ceiling(highest)

    def y(value: float) -> float:
        return upper + plot_h * (1 - min(value, ceiling) / ceiling)

    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for step in range(5):
        level = ceiling * step / 4
        parts.append(
            f'<line class="axis" x1="{left}" x2="{width - right}" '
            f'y1="{y(level):.1f}" y2="{y(level):.1f}"/>'
            f'<text class="small" x="{left - 6}" y="{y(level) + 4:.1f}" '
            f'text-anchor="end">{escape(fmt(level))}</text>'
        )
    slot = plot_w / max(1, len(bars))
    for index, (label, value, colour) in enumerate(bars):
        x = left + slot * index + slot * 0.18
        bar_w = slot * 0.64
        centre = x + bar_w / 2
        if value is not None:
            parts.append(
                f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{bar_w:.1f}" '
                f'height="{upper + plot_h - y(value):.1f}" fill="{colour}" rx="2">'
                f"<title>{escape(label)}: {escape(fmt(value))}</title></rect>"
            )
        interval = (intervals or [None] * len(bars))[index]
        if interval is not None:
            low, high = y(interval[0]), y(interval[1])
            parts.append(
                f'<path d="M{centre:.1f} {low:.1f}V{high:.1f}M{centre - 5:.1f} '
                f'{low:.1f}h10M{centre - 5:.1f} {high:.1f}h10" stroke="#333" '
                f'stroke-width="1.2" fill="none"/>'
            )
        text = "n/a" if value is None else fmt(value)
        label_y = (y(value) if value is not None else upper + plot_h) - 6
        if interval is not None:
            label_y = min(label_y, y(interval[1]) - 6)
        parts.append(
            f'<text x="{centre:.1f}" y="{max(28.0, label_y):.1f}" '
            f'text-anchor="middle">{escape(text)}</text>'
            f'<text class="small" x="{centre:.1f}" y="{height - lower + 16}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    if reference is not None:
        level, words = reference
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(level):.1f}" '
            f'y2="{y(level):.1f}" stroke="{ACCENT}" stroke-dasharray="5 4"/>'
            f'<line x1="{width - right - 150}" x2="{width - right - 128}" y1="9" y2="9" '
            f'stroke="{ACCENT}" stroke-dasharray="5 4"/>'
            f'<text class="small" x="{width - right - 122}" y="13">{escape(words)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def share_chart(title: str, rows: list[tuple[str, float]], width: int = 540) -> str:
    """Return a horizontal SVG bar chart of (label, share 0–1) rows."""
    row, left = 20, 190
    height = row * len(rows) + 10
    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, (label, share) in enumerate(rows):
        top = 4 + index * row
        bar = (width - left - 50) * share
        parts.append(
            f'<text class="small" x="{left - 8}" y="{top + 12}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{left}" y="{top + 2}" width="{bar:.1f}" height="13" '
            f'fill="{ACCENT}" rx="2"/><text x="{left + bar + 6:.1f}" y="{top + 13}">'
            f"{share:.0%}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
