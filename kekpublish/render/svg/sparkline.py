"""One person's own small curve: their score per key step (-100..+100), for a narrative page.

The steps are the ones this respondent scored, in the study's journey order (several
experiences at one step: their mean). Each point is numbered (the page lists the
numbers with the step names and scores in text) and carries its value as a label,
so the curve is read without colour; the line takes the segment's colour and marker,
as on every chart of the site. The SVG has a title and a description in words that
gives every value, and scales to its box (viewBox, width 100% in CSS).
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Iterable, Sequence

from ...publish.options import DEFAULT_COLOURS
from .markup import GRID, MARKERS, MUTED, TEXT, attr, colour_for, esc, marker, num

WIDTH, HEIGHT = 400.0, 150.0
LEFT, RIGHT, TOP, BOTTOM = 44.0, 12.0, 24.0, 28.0


@dataclass(frozen=True)
class SparkPoint:
    step: str
    label: str
    value: float
    number: int  # 1-based position on the curve


def whole(value: float) -> str:
    """+40 / −60 / 0: a whole number, halves away from zero, with a real minus sign."""
    rounded = int(abs(value) + 0.5)
    if rounded == 0:
        return "0"
    return ("+" if value > 0 else "−") + str(rounded)


def person_curve(experiences: Iterable, steps: Sequence[tuple[str, str]]) -> list[SparkPoint]:
    """The respondent's mean score per step, in the order of `steps` ((id, label), the study's order)."""
    scores: dict[str, list[float]] = {}
    for exp in experiences:
        if getattr(exp, "score", None) is not None:
            scores.setdefault(exp.step, []).append(float(exp.score))
    known = [(sid, lbl) for sid, lbl in steps if sid in scores]
    known += [(sid, sid) for sid in scores if sid not in dict(steps)]
    return [SparkPoint(sid, lbl, mean(scores[sid]), i + 1) for i, (sid, lbl) in enumerate(known)]


def sparkline_svg(points: Sequence[SparkPoint], *, title: str, desc: str, chart_id: str = "kek-person-curve",
                  style: int = 0, colours: Sequence[str] = DEFAULT_COLOURS) -> str:
    """The curve as an SVG string: zero line, ±100 grid, the line, numbered markers with their values."""
    colour = colour_for(tuple(colours), style)
    shape = MARKERS[style % len(MARKERS)]
    plot_h = HEIGHT - TOP - BOTTOM
    count = max(len(points), 1)
    step_w = (WIDTH - LEFT - RIGHT) / count

    def y_of(value: float) -> float:
        return TOP + (100 - max(-100.0, min(100.0, value))) / 200 * plot_h

    def x_of(i: int) -> float:
        return LEFT + step_w * (i + 0.5)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kek-sparkline" id="{attr(chart_id)}" role="img" '
        f'aria-labelledby="{attr(chart_id)}-title {attr(chart_id)}-desc" width="{num(WIDTH)}" height="{num(HEIGHT)}" '
        f'viewBox="0 0 {num(WIDTH)} {num(HEIGHT)}" font-family="DejaVu Sans, sans-serif" font-size="12" fill="{TEXT}">',
        f'<title id="{attr(chart_id)}-title">{esc(title)}</title>',
        f'<desc id="{attr(chart_id)}-desc">{esc(desc)}</desc>',
        f'<rect x="0" y="0" width="{num(WIDTH)}" height="{num(HEIGHT)}" fill="#FFFFFF"/>',
    ]
    for value, text in ((100, "+100"), (0, "0"), (-100, "−100")):
        y = y_of(value)
        if value:
            out.append(f'<line x1="{num(LEFT)}" y1="{num(y)}" x2="{num(WIDTH - RIGHT)}" y2="{num(y)}" stroke="{GRID}" '
                       f'stroke-width="0.75" stroke-dasharray="2 4"/>')
        else:
            out.append(f'<line class="kek-zero" x1="{num(LEFT)}" y1="{num(y)}" x2="{num(WIDTH - RIGHT)}" y2="{num(y)}" '
                       f'stroke="{TEXT}" stroke-width="1.5"/>')
        out.append(f'<text x="{num(LEFT - 6)}" y="{num(y + 4)}" text-anchor="end" font-size="12" fill="{MUTED}">{esc(text)}</text>')
    if len(points) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{num(x_of(i))},{num(y_of(p.value))}" for i, p in enumerate(points))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="3" stroke-linejoin="round"/>')
    for i, p in enumerate(points):
        x, y = x_of(i), y_of(p.value)
        out.append(f'<g class="kek-sparkline__point" data-step="{attr(p.step)}" data-value="{num(p.value)}">'
                   f'<title>{esc(f"{p.number}. {p.label}: {whole(p.value)}")}</title>'
                   + marker(shape, x, y, 5.5, colour) + "</g>")
        above = p.value < 60  # the value label sits above the point, below it near the top
        ty = y - 10 if above else y + 21
        out.append(f'<text x="{num(x)}" y="{num(ty)}" text-anchor="middle" font-size="14" font-weight="bold">{esc(whole(p.value))}</text>')
        out.append(f'<text x="{num(x)}" y="{num(HEIGHT - 8)}" text-anchor="middle" font-size="13" fill="{MUTED}">{p.number}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


__all__ = ["SparkPoint", "person_curve", "sparkline_svg", "whole"]
