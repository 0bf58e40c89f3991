"""A dumbbell chart: the change per step between two rounds, one row per step.

Each row: the step's label (with n in both rounds), a grey hollow circle for the
earlier round and the segment's marker (its colour AND shape) for the later one,
joined by a bar, both values written beside their markers, and the change on the
right in words ("+20"). Rows are sorted by change, biggest rise first, biggest
fall last; steps without a value in both rounds come after them. Numbers are
whole. A change resting on fewer than `small_n` respondents in either round
carries a mark (*) explained in the legend, so a mean of 2 is never read like a
mean of 20. The chart is vertical, so it fits a phone without scrolling.

The caller shows the data table (the rows with their numbers) beside it;
`describe` gives the summary in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ...compute.kern import SMALL_N
from ...publish.options import DEFAULT_COLOURS
from ..i18n import label
from . import fonts
from .linechart import LegendItem, draw_legend
from .markup import (GRID, MARKERS, MUTED, RULE, TEXT, Run, attr, cell_rect, colour_for, esc, marker, num,
                     runs_height, svg_open, text_block, whole)

EARLIER = "#6B6B6B"  # grey: the earlier round (5.3:1 on white)
PAD = 16.0
LABEL_W = 230.0
CHANGE_W = 130.0
VALUE_ROOM = 40.0  # room beside the plot for a value label at -100 or +100
ROW_GAP = 10.0


@dataclass(frozen=True)
class DumbbellRow:
    key: str  # the step id
    label: str
    before: float | None
    after: float | None
    n_before: int = 0
    n_after: int = 0

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before

    def small(self, small_n: int = SMALL_N) -> bool:
        return self.change is not None and min(self.n_before, self.n_after) < small_n


def order(rows: Sequence[DumbbellRow]) -> list[DumbbellRow]:
    """Biggest rise first, biggest fall last (ties: as given); rows without a change at the end."""
    index = {id(r): i for i, r in enumerate(rows)}
    compared = sorted((r for r in rows if r.change is not None), key=lambda r: (-r.change, index[id(r)]))
    return compared + [r for r in rows if r.change is None]


def describe(rows: Sequence[DumbbellRow], title: str, before_label: str, after_label: str, language: str = "nl",
             small_n: int = SMALL_N) -> str:
    """'… Grootste stijging: Geboorteaangifte doen, van −30 naar +43 (+73). …'."""
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    ordered = order(rows)
    compared = [r for r in ordered if r.change is not None]
    parts = [title + ".", L("dumbbell.desc.rounds", before=before_label, after=after_label)]
    if not compared:
        return " ".join(parts + [L("dumbbell.desc.none")])
    for r in compared:
        caveat = " " + L("dumbbell.desc.small", n=min(r.n_before, r.n_after)) if r.small(small_n) else ""
        parts.append(L("dumbbell.desc.row", step=r.label, before=whole(r.before), after=whole(r.after),
                       change=whole(r.change)) + caveat + ".")
    missing = [r.label for r in ordered if r.change is None]
    if missing:
        parts.append(L("dumbbell.desc.missing", steps=", ".join(missing)))
    return " ".join(parts)


def dumbbell_svg(rows: Sequence[DumbbellRow], *, title: str, before_label: str, after_label: str,
                 desc: str | None = None, chart_id: str = "kek-dumbbell", style: int = 0,
                 colours: Sequence[str] = DEFAULT_COLOURS, language: str = "nl", small_n: int = SMALL_N,
                 width: float = 760.0) -> str:
    """The dumbbell chart as an SVG string; `style` is the segment's index (its colour and marker)."""
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    desc = desc if desc is not None else describe(rows, title, before_label, after_label, language, small_n)
    colour = colour_for(tuple(colours), style)
    shape = MARKERS[style % len(MARKERS)]
    ordered = order(rows)
    inner = width - 2 * PAD
    plot_left = PAD + LABEL_W + VALUE_ROOM
    plot_right = width - PAD - CHANGE_W - VALUE_ROOM
    x_of = lambda v: plot_left + (max(-100.0, min(100.0, v)) + 100) / 200 * (plot_right - plot_left)  # noqa: E731
    out: list[str] = []
    y = PAD

    heading = [Run(title, size=16, bold=True)]
    h = runs_height(heading, inner)
    out.append(cell_rect(f"{chart_id}-heading", PAD, y, inner, h))
    out += text_block(heading, PAD, y, inner, f"{chart_id}-heading")[0]
    y += h + 8

    items = [LegendItem(before_label, lambda x, yy: marker("circle", x + 18, yy, 6, EARLIER, hollow=True)),
             LegendItem(after_label, lambda x, yy: marker(shape, x + 18, yy, 6, colour))]
    if any(r.small(small_n) for r in ordered):
        items.append(LegendItem(L("dumbbell.legend.small", n=small_n), lambda x, yy: (
            f'<text x="{num(x + 18)}" y="{num(yy + 6)}" text-anchor="middle" font-size="16" font-weight="bold" '
            f'data-cell="{attr(chart_id)}-legend-small">*</text>')))
    legend, h = draw_legend(items, PAD, y, inner, f"{chart_id}-legend", size=13)
    if len(items) == 3:  # the star's own cell, so it counts as text inside a box
        out.append(cell_rect(f"{chart_id}-legend-small", PAD, y, inner, h))
    out += legend
    y += h + 12

    # the scale: ticks above the rows
    ticks_y = y
    tick_h = fonts.line_height(12)
    out.append(cell_rect(f"{chart_id}-ticks", plot_left - VALUE_ROOM, ticks_y, plot_right - plot_left + 2 * VALUE_ROOM, tick_h))
    for tick in (-100, -50, 0, 50, 100):
        text = whole(tick) if tick else "0"
        baseline = ticks_y + (tick_h - (fonts.ASCENT + fonts.DESCENT) * 12) / 2 + fonts.ASCENT * 12
        out.append(f'<text x="{num(x_of(tick))}" y="{num(baseline)}" text-anchor="middle" font-size="12" fill="{MUTED}" '
                   f'data-cell="{attr(chart_id)}-ticks">{esc(text)}</text>')
    change_cell = f"{chart_id}-change-heading"
    out.append(cell_rect(change_cell, width - PAD - CHANGE_W, ticks_y, CHANGE_W, tick_h))
    out += text_block([Run(L("dumbbell.change"), size=12, bold=True)], width - PAD - CHANGE_W, ticks_y, CHANGE_W,
                      change_cell, anchor="end")[0]
    y += tick_h + 6
    rows_top = y

    backs: list[str] = []  # row shading, under the grid
    fronts: list[str] = []  # labels, markers and values, over it
    for i, r in enumerate(ordered):
        small = r.small(small_n)
        label_runs = [Run(r.label, size=14, bold=True),
                      Run(L("dumbbell.n", before=r.n_before, after=r.n_after), size=12, colour=MUTED, gap=1)]
        h = max(runs_height(label_runs, LABEL_W - 8), 30) + ROW_GAP
        if i % 2:
            backs.append(f'<rect x="{num(PAD)}" y="{num(y)}" width="{num(inner)}" height="{num(h)}" fill="#F7F8FA"/>')
        cell = f"{chart_id}-row-{i}-label"
        fronts.append(cell_rect(cell, PAD, y, LABEL_W, h))
        fronts.extend(text_block(label_runs, PAD + 4, y + ROW_GAP / 2, LABEL_W - 8, cell)[0])
        cy = y + h / 2
        group = [f'<g class="kek-dumbbell-row" data-step="{attr(r.key)}"'
                 + (f' data-before="{num(r.before)}"' if r.before is not None else "")
                 + (f' data-after="{num(r.after)}"' if r.after is not None else "")
                 + (f' data-change="{num(r.change)}"' if r.change is not None else "")
                 + (' data-small="true"' if small else "") + ">"]
        tip = L("dumbbell.tip", step=r.label, before=whole(r.before) if r.before is not None else "–",
                after=whole(r.after) if r.after is not None else "–")
        group.append(f"<title>{esc(tip)}</title>")
        if r.change is not None:
            group.append(f'<line x1="{num(x_of(r.before))}" y1="{num(cy)}" x2="{num(x_of(r.after))}" y2="{num(cy)}" '
                         f'stroke="{colour}" stroke-width="4" stroke-opacity="0.45"/>')
        value_cells = []
        for kind, value in (("before", r.before), ("after", r.after)):
            if value is None:
                continue
            other = r.after if kind == "before" else r.before
            # the earlier value sits on its far side from the later one, and the other way round
            side = -1 if other is not None and other > value or (other is None and value <= 0) else 1
            if other is not None and other == value:
                side = -1 if kind == "before" else 1
            text = whole(value)
            tw = fonts.text_width(text, 13, kind == "after") + 4
            x0 = x_of(value) + side * 10 - (tw if side < 0 else 0)
            value_cell = f"{chart_id}-row-{i}-{kind}"
            value_cells.append(cell_rect(value_cell, x0, cy - 10, tw, 20))
            baseline = cy + (fonts.ASCENT - fonts.DESCENT) * 13 / 2
            weight = ' font-weight="bold"' if kind == "after" else ""
            fill = f' fill="{EARLIER}"' if kind == "before" else ""
            value_cells.append(f'<text x="{num(x0 + 2)}" y="{num(baseline)}"{weight}{fill} data-cell="{attr(value_cell)}">'
                               f'{esc(text)}</text>')
        if r.before is not None:
            group.append(marker("circle", x_of(r.before), cy, 6.5, EARLIER, hollow=True))
        if r.after is not None:
            group.append(marker(shape, x_of(r.after), cy, 6.5, colour))
        group.append("</g>")
        fronts.extend(group + value_cells)
        cell = f"{chart_id}-row-{i}-change"
        fronts.append(cell_rect(cell, width - PAD - CHANGE_W, y, CHANGE_W, h))
        if r.change is not None:
            change_runs = [Run(whole(r.change) + (" *" if small else ""), size=15, bold=True)]
        else:
            change_runs = [Run(L("dumbbell.no_change"), size=12, colour=MUTED)]
        ch = runs_height(change_runs, CHANGE_W - 4)
        fronts.extend(text_block(change_runs, width - PAD - CHANGE_W, y + (h - ch) / 2, CHANGE_W - 4, cell, anchor="end")[0])
        y += h
    grid = []  # the zero line and the grid, between the shading and the markers
    for tick in (-100, -50, 50, 100):
        grid.append(f'<line x1="{num(x_of(tick))}" y1="{num(rows_top)}" x2="{num(x_of(tick))}" y2="{num(y)}" stroke="{GRID}" '
                    f'stroke-width="0.75" stroke-dasharray="2 4"/>')
    grid.append(f'<line class="kek-zero" x1="{num(x_of(0))}" y1="{num(rows_top)}" x2="{num(x_of(0))}" y2="{num(y)}" '
                f'stroke="{TEXT}" stroke-width="1.5"/>')
    if ordered:
        out += backs + grid + fronts
    out.append(f'<line x1="{num(PAD)}" y1="{num(y)}" x2="{num(width - PAD)}" y2="{num(y)}" stroke="{RULE}"/>')
    height = y + PAD
    return svg_open(chart_id, width, height, title, desc, extra_class="kek-dumbbell") + "\n".join(out) + "\n</svg>\n"


def dumbbell_table(rows: Sequence[DumbbellRow], language: str = "nl", small_n: int = SMALL_N) -> list[dict]:
    """The rows in chart order with their numbers as text, for the caller's data table."""
    return [{"step": r.key, "label": r.label,
             "before": whole(r.before) if r.before is not None else "–",
             "after": whole(r.after) if r.after is not None else "–",
             "change": whole(r.change) if r.change is not None else "–",
             "n_before": r.n_before, "n_after": r.n_after, "small": r.small(small_n)} for r in order(rows)]


__all__ = ["DumbbellRow", "EARLIER", "describe", "dumbbell_svg", "dumbbell_table", "order", "whole"]
