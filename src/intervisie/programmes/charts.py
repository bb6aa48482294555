"""Small server-side SVG charts for the recruitment dashboard (LIBRARIES.md: server-side SVG, no JS
charting). pygal is not among the project's requirements and two simple charts do not justify a new
dependency, so they are written by hand here.

Every chart has a ``<title>`` and a ``<desc>`` that screen readers read (``role="img"`` with
``aria-labelledby``), and the page shows a table with the same numbers next to it. Colours are
presentation attributes, not ``style`` attributes, so the strict Content-Security-Policy holds.
Every text is escaped; the result is marked safe only after that."""

import datetime as dt
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The site's palette (static/css/site.css).
TEXT = "#1d2330"
MUTED = "#4a5263"
BORDER = "#c9ccd3"
PRIMARY = "#1f5f8b"
ACCENT = "#2f7d4f"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    target: int | None = None  # drawn as a marker line; None: no target


def _open(chart_id: str, width: int, height: int, title: str, description: str, font_size: int) -> list[str]:
    chart_id = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="chart" {FONT} font-size="{font_size}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def bar_chart(*, chart_id: str, title: str, description: str, bars: list[Bar], value_label) -> SafeString:
    """Horizontal bars, one per row, with a dashed marker at the row's target and the number written
    out (``value_label(bar)``, e.g. "3 van 4") so no one has to read it off a scale."""
    # Narrow enough that the text stays readable when a phone scales the chart down.
    label_width, bar_width, number_width, row_height = 120, 220, 100, 34
    width = label_width + bar_width + number_width
    height = row_height * len(bars) + 10
    scale_max = max([1, *(b.value for b in bars), *(b.target or 0 for b in bars)])
    parts = _open(chart_id, width, height, title, description, 16)
    for index, bar in enumerate(bars):
        y = 5 + index * row_height
        middle = y + row_height / 2
        length = round(bar_width * bar.value / scale_max, 1)
        parts.append(
            f'<text x="{label_width - 8}" y="{middle}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{TEXT}">{escape(bar.label)}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{y + 6}" width="{bar_width}" height="{row_height - 12}" '
            f'fill="#eef1f5"/>'
        )
        if length:
            parts.append(
                f'<rect x="{label_width}" y="{y + 6}" width="{length}" height="{row_height - 12}" '
                f'fill="{PRIMARY}"/>'
            )
        if bar.target:
            x = round(label_width + bar_width * bar.target / scale_max, 1)
            parts.append(
                f'<line x1="{x}" y1="{y + 2}" x2="{x}" y2="{y + row_height - 2}" stroke="{TEXT}" '
                f'stroke-width="2" stroke-dasharray="4 3"/>'
            )
        parts.append(
            f'<text x="{label_width + bar_width + 8}" y="{middle}" dominant-baseline="middle" '
            f'fill="{TEXT}">{escape(value_label(bar))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def _ticks(maximum: int) -> list[int]:
    """Up to five whole-number gridlines from 0 to at least ``maximum``."""
    step = max(1, -(-maximum // 4))
    return list(range(0, maximum + step, step))


def cumulative_chart(
    *, chart_id: str, title: str, description: str, points: list[tuple[dt.date, int]], date_format
) -> SafeString:
    """A line of running totals per week (``points``: the week's first day and the total up to its end),
    each point with its number, the weeks along the bottom (``date_format(day)``)."""
    if not points:
        return mark_safe("")
    # Room above the highest point for its number.
    left, right, top, bottom = 44, 16, 28, 40
    plot_width, plot_height = 400, 180
    width, height = left + plot_width + right, top + plot_height + bottom
    ticks = _ticks(max(total for _day, total in points))
    scale_max = ticks[-1] or 1
    step = plot_width / max(1, len(points) - 1)
    parts = _open(chart_id, width, height, title, description, 14)
    for tick in ticks:
        y = round(top + plot_height - plot_height * tick / scale_max, 1)
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{left + plot_width}" y2="{y}" stroke="{BORDER}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" fill="{MUTED}" '
            f'font-size="13">{tick}</text>'
        )
    coordinates = []
    for index, (day, total) in enumerate(points):
        x = round(left + (step * index if len(points) > 1 else plot_width / 2), 1)
        y = round(top + plot_height - plot_height * total / scale_max, 1)
        coordinates.append((x, y, day, total))
    path = " ".join(f"{x},{y}" for x, y, _day, _total in coordinates)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="3"/>')
    # With many weeks, label every so many so the dates do not run into each other.
    every = max(1, -(-len(coordinates) // 8))
    for index, (x, y, day, total) in enumerate(coordinates):
        parts.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{ACCENT}"/>')
        parts.append(
            f'<text x="{x}" y="{y - 9}" text-anchor="middle" fill="{TEXT}" font-size="14">{total}</text>'
        )
        if index % every == 0 or index == len(coordinates) - 1:
            parts.append(
                f'<text x="{x}" y="{top + plot_height + 20}" text-anchor="middle" fill="{MUTED}" '
                f'font-size="13">{escape(date_format(day))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
