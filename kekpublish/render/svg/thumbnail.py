"""A small hartmonitor: the all-segments curve of a study (de kern), for the home page and overviews.

The line runs over the key steps (-100..+100, zero line); the deepest dip is
marked (a downward triangle, not colour alone) and labelled with its value.
Title and description name the study and every step's value, so the thumbnail
says in words what it shows; it scales to its box (viewBox, width 100%).
"""

from __future__ import annotations

from typing import Sequence

from ...compute.kern import Kern
from ...publish.options import DEFAULT_COLOURS
from ..i18n import label
from . import fonts
from .markup import GRID, TEXT, attr, cell_rect, colour_for, esc, marker, num, svg_open

WIDTH, HEIGHT = 360.0, 150.0
LEFT, RIGHT, TOP, BOTTOM = 16.0, 16.0, 14.0, 34.0  # the plot's margins
LABEL_SIZE = 14.0


def _whole(value: float) -> str:
    from ..kern import whole

    return whole(value)


def hartmonitor_thumbnail(kern: Kern, language: str = "nl", *, chart_id: str = "kek-kern-curve",
                          colours: Sequence[str] = DEFAULT_COLOURS) -> str:
    """The curve of `kern` as a small SVG string with a title and a description in words."""
    title = label(language, "kern.thumbnail.title", title=kern.title)
    scored = [p for p in kern.curve if p.value is not None]
    if scored:
        points = "; ".join(label(language, "kern.thumbnail.point", step=p.label, value=_whole(p.value)) for p in scored)
        desc = label(language, "kern.thumbnail.desc", points=points)
        if kern.dip is not None:
            desc += " " + label(language, "kern.thumbnail.dip", step=kern.dip.label, value=_whole(kern.dip.value))
    else:
        desc = label(language, "kern.thumbnail.none")
    plot_h = HEIGHT - TOP - BOTTOM
    count = max(len(kern.curve), 1)
    step_w = (WIDTH - LEFT - RIGHT) / count
    x_of = {p.step: LEFT + step_w * (i + 0.5) for i, p in enumerate(kern.curve)}

    def y_of(value: float) -> float:
        return TOP + (100 - max(-100.0, min(100.0, value))) / 200 * plot_h

    colour = colour_for(tuple(colours), 0)
    out = [f'<line x1="{num(LEFT)}" y1="{num(y_of(v))}" x2="{num(WIDTH - RIGHT)}" y2="{num(y_of(v))}" stroke="{GRID}" '
           f'stroke-width="0.75" stroke-dasharray="2 4"/>' for v in (100, -100)]
    out.append(f'<line class="kek-zero" x1="{num(LEFT)}" y1="{num(y_of(0))}" x2="{num(WIDTH - RIGHT)}" y2="{num(y_of(0))}" '
               f'stroke="{TEXT}" stroke-width="1.5"/>')
    run: list[str] = []
    runs: list[list[str]] = []
    for p in kern.curve:  # a step without a value breaks the line
        if p.value is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(f"{num(x_of[p.step])} {num(y_of(p.value))}")
    if run:
        runs.append(run)
    for r in runs:
        if len(r) > 1:
            out.append(f'<path d="M{"L".join(r)}" fill="none" stroke="{colour}" stroke-width="3" stroke-linejoin="round"/>')
    for p in scored:
        is_dip = kern.dip is not None and p.step == kern.dip.step
        shape, radius = ("triangle-down", 6.5) if is_dip else ("circle", 3.5)
        out.append(f'<g class="kek-point" data-step="{attr(p.step)}" data-value="{num(p.value)}"><title>'
                   f'{esc(p.label)}: {esc(_whole(p.value))}</title>'
                   f'{marker(shape, x_of[p.step], y_of(p.value), radius, TEXT if is_dip else colour)}</g>')
    if kern.dip is not None:
        text = _whole(kern.dip.value)
        w = fonts.text_width(text, LABEL_SIZE, True) + 6
        x = min(max(x_of[kern.dip.step] - w / 2, 2.0), WIDTH - w - 2)
        y = min(y_of(kern.dip.value) + 10, HEIGHT - fonts.line_height(LABEL_SIZE) - 2)
        cell = f"{chart_id}-dip"
        out.append(cell_rect(cell, x, y, w, fonts.line_height(LABEL_SIZE)))
        baseline = y + (fonts.line_height(LABEL_SIZE) - (fonts.ASCENT + fonts.DESCENT) * LABEL_SIZE) / 2 + fonts.ASCENT * LABEL_SIZE
        out.append(f'<text x="{num(x + w / 2)}" y="{num(baseline)}" text-anchor="middle" font-weight="bold" '
                   f'font-size="{num(LABEL_SIZE)}" data-cell="{attr(cell)}">{esc(text)}</text>')
    return svg_open(chart_id, WIDTH, HEIGHT, title, desc, extra_class="kek-thumbnail") + "\n".join(out) + "\n</svg>\n"


__all__ = ["hartmonitor_thumbnail"]
