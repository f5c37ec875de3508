"""Small SVG charts drawn on the server, for the PDF report (a PDF cannot run ECharts).

Pure functions from numbers to SVG text; labels are escaped, fonts are the CJK fonts set-up
installs (Noto Sans CJK), so Chinese renders the same as in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT = "Noto Sans CJK SC, Noto Sans CJK, sans-serif"
BLUE, TEAL, ORANGE, GRID, INK, MUTED = "#1f5fad", "#0f8b8d", "#d9822b", "#dde3ea", "#1d2733", "#5f6b7a"


def _fmt(value: float) -> str:
    if value >= 10000:
        return f"{value / 10000:.2f}亿"
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def _ticks(top: float, count: int = 4) -> list[float]:
    """Round grid values from 0 to at least `top`."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(count + 2) if step * (i - 1) < top]


def bar_chart(labels: Sequence[str], values: Sequence[float], *, unit: str, width: int = 660, height: int = 230,
              colour: str = BLUE) -> str:
    """Vertical bars with a value above each and a labelled horizontal grid."""
    left, right, top, bottom = 56, 12, 24, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max(values, default=0))
    scale = plot_h / ticks[-1] if ticks[-1] else 0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11">']
    for t in ticks:
        y = top + plot_h - t * scale
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{_fmt(t)}</text>')
    parts.append(f'<text x="{left - 6}" y="{top - 10}" text-anchor="end" fill="{MUTED}">{escape(unit)}</text>')
    slot = plot_w / max(len(values), 1)
    bar = min(34.0, slot * 0.6)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + slot * i + (slot - bar) / 2
        h = value * scale
        y = top + plot_h - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}" rx="2"/>')
        if value:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="{INK}" '
                         f'font-size="10">{_fmt(value)}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                     f'fill="{MUTED}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart(rows: Sequence[tuple[str, float, str]], *, width: int = 660, colour: str = TEAL,
               label_width: int = 190) -> str:
    """Horizontal bars, one row each: (label, value, text shown after the bar)."""
    row_h, top = 24, 6
    height = top * 2 + row_h * max(len(rows), 1)
    longest = max((v for _, v, _ in rows), default=0) or 1
    plot_w = width - label_width - 110
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11">']
    for i, (label, value, text) in enumerate(rows):
        y = top + i * row_h
        w = max(2.0, plot_w * value / longest) if value else 0
        parts.append(f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" fill="{INK}">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 5}" width="{w:.1f}" height="14" fill="{colour}" rx="2"/>')
        parts.append(f'<text x="{label_width + w + 6:.1f}" y="{y + 16}" fill="{MUTED}">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)
