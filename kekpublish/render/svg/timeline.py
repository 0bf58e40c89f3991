"""A step's time line: rounds and interim measurements on one date axis, on the hartmonitor scale.

One accessible SVG per step (compute/measurements.py gives the points): a title,
a description in words (every point of every series) and, on the page, a data
table with the same figures. Marks tell the kinds apart without colour: a round
is a circle, an interim measurement a diamond; each series (all segments, or one
segment) has its own colour and dash, and its name at its last point.

The chart is small (420 × 290): it scales to its column and stays legible on a
phone; the natural size is what a PNG would get.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from ...compute.measurements import StepLine
from ...publish.options import DEFAULT_COLOURS
from .markup import DASHES, GRID, MUTED, attr, colour_for, esc, marker, num, svg_open, whole

WIDTH, HEIGHT = 420, 290
LEFT, RIGHT, TOP, BOTTOM = 46, 22, 44, 230  # plot area
SCALE = (-100, 100)
ROUND_MARK, MEASUREMENT_MARK = "circle", "diamond"


def _x(date: dt.date, start: dt.date, end: dt.date) -> float:
    if end == start:
        return (LEFT + WIDTH - RIGHT) / 2
    return LEFT + (date - start).days / (end - start).days * (WIDTH - RIGHT - LEFT)


def _y(value: float) -> float:
    low, high = SCALE
    return BOTTOM - (value - low) / (high - low) * (BOTTOM - TOP)


def timeline_svg(line: StepLine, *, title: str, desc: str, chart_id: str, series_labels: Sequence[str],
                 date_label, span: tuple[dt.date, dt.date], legend: tuple[str, str],
                 colours: Sequence[str] = DEFAULT_COLOURS) -> str:
    """The SVG of one step; `date_label(date)` writes an axis date ('apr 2026'), `span` is the journey's first and last date."""
    start, end = span
    pad = max(15, (end - start).days // 12)
    start, end = start - dt.timedelta(days=pad), end + dt.timedelta(days=pad)
    out = [svg_open(chart_id, WIDTH, HEIGHT, title, desc, extra_class="kek-timeline-chart")]
    out.append('<g font-size="15">')
    out.append('<g aria-hidden="true">')
    # legend of the marks (words and shape, never colour alone)
    out.append(marker(ROUND_MARK, 10, 12, 5, MUTED))
    out.append(f'<text x="22" y="17" fill="{MUTED}">{esc(legend[0])}</text>')
    out.append(marker(MEASUREMENT_MARK, WIDTH / 2 + 40, 12, 6, MUTED))
    out.append(f'<text x="{num(WIDTH / 2 + 52)}" y="17" fill="{MUTED}">{esc(legend[1])}</text>')
    # scale
    for value in (-100, -50, 0, 50, 100):
        y = _y(value)
        dashed = "" if value == 0 else ' stroke-dasharray="2 3"'
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{num(y)}" y2="{num(y)}" stroke="{GRID}" '
                   f'stroke-width="{1 if value == 0 else 0.5}"{dashed}/>')
        out.append(f'<text x="{LEFT - 6}" y="{num(y + 4)}" text-anchor="end" fill="{MUTED}">{esc(whole(value))}</text>')
    dates = sorted({p.date for s in line.series for p in s.points})
    row, last = 0, None
    for date in dates:
        x = _x(date, start, end)
        out.append(f'<line x1="{num(x)}" x2="{num(x)}" y1="{BOTTOM}" y2="{BOTTOM + 5}" stroke="{GRID}"/>')
        row = (1 - row) if last is not None and x - last < 110 else 0  # close dates: the next one a line lower
        last = x
        y = BOTTOM + 20 + 18 * row
        anchor = "end" if x > WIDTH - RIGHT - 40 else "start" if x < LEFT + 30 else "middle"  # never past the edge
        out.append(f'<text x="{num(x + (8 if anchor == "end" else -8 if anchor == "start" else 0))}" y="{num(y)}" '
                   f'text-anchor="{anchor}" fill="{MUTED}">{esc(date_label(date))}</text>')
    out.append("</g>")
    # series
    for index, (series, name) in enumerate(zip(line.series, series_labels)):
        colour = colour_for(tuple(colours), index)
        points = [(_x(p.date, start, end), _y(p.value), p) for p in series.points]
        key = attr(series.segment or "all")
        out.append(f'<g class="kek-timeline__series" data-series="{key}" aria-hidden="true">')
        if len(points) > 1:
            d = " ".join(f"{num(x)},{num(y)}" for x, y, _ in points)
            dash = DASHES[index % len(DASHES)]
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2.5"{dashed}/>')
        for x, y, p in points:
            shape = ROUND_MARK if p.kind == "round" else MEASUREMENT_MARK
            out.append(marker(shape, x, y, 5 if p.kind == "round" else 6.5, colour,
                              extra=f' data-kind="{p.kind}" data-value="{num(p.value)}"'))
            above = y - 10 if y > TOP + 20 else y + 20
            out.append(f'<text x="{num(x)}" y="{num(above)}" text-anchor="middle" font-weight="700" '
                       f'paint-order="stroke" stroke="#FFFFFF" stroke-width="3">{esc(whole(p.value))}</text>')
        if len(line.series) > 1 and points:
            x, y, _ = points[-1]
            anchor = "end" if x > WIDTH / 2 else "start"
            out.append(f'<text x="{num(x + (-9 if anchor == "end" else 9))}" y="{num(y + 4 + 14)}" text-anchor="{anchor}" '
                       f'fill="{colour}" font-size="14">{esc(name)}</text>')
        out.append("</g>")
    out.append("</g>")
    out.append("</svg>\n")
    return "\n".join(out)


__all__ = ["HEIGHT", "WIDTH", "timeline_svg"]
