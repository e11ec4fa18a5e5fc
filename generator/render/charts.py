"""Bar charts as inline SVG, drawn at build time (no chart library, no CDN).

Horizontal bars: long Japanese labels stay readable, and dark bars with a black
outline print legibly on black-and-white printers.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..model.model import Series

WIDTH = 520
LABEL_W = 130
VALUE_W = 105
BAR_H = 26
GAP = 8
TOP = 8


def format_value(value: float, unit: str) -> str:
    number = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}".rstrip()


def bar_chart(series: Series, title: str) -> Markup:
    """An accessible SVG bar chart of one series (the data table beside it carries the numbers)."""
    top_value = max((v for _, v in series.points), default=0) or 1
    plot_w = WIDTH - LABEL_W - VALUE_W
    height = TOP * 2 + len(series.points) * (BAR_H + GAP)
    parts = [
        f'<svg class="atlas-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(series.points):
        y = TOP + i * (BAR_H + GAP)
        w = max(1.0, plot_w * value / top_value)
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + BAR_H * 0.7:.1f}" text-anchor="end" font-size="16">{escape(label)}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="#4a4a4a" stroke="#000"/>'
            f'<text x="{LABEL_W + w + 6:.1f}" y="{y + BAR_H * 0.7:.1f}" font-size="16">'
            f"{escape(format_value(value, series.unit))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
