"""A generic, accessible line chart over the steps of a journey.

The hartmonitor draws its "Pieken en dalen" row with `draw_plot`; the round
overlay reuses `line_chart` (series of earlier rounds with `round=` set).

Each series has a style index: colour (from the options, darkened to 3:1 where
needed) AND dash pattern AND marker shape, so lines never differ by colour
alone. Kinds: "line" (a segment), "target" (the desired curve: dotted, small
hollow markers) and "markers" (mystery shopping: unconnected star markers).
A point can be `marked` (drawn hollow, e.g. a workshop value) and carry n and
a min–max spread (a whisker).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Mapping, Sequence

from ...publish.options import DEFAULT_COLOURS
from ..templates import format_number
from . import fonts
from .markup import (DASHES, GRID, MARKERS, RULE, SHOPPING_MARKER, TARGET_DASH, TEXT, Run, attr,
                     cell_rect, colour_for, esc, ident, marker, num, runs_height, svg_open, text_block)


PAGE_WIDTH = 1100.0  # the widest canvas a page column shows whole (as the hartmonitor)
MIN_COLUMN = 88.0


@dataclass(frozen=True)
class ChartStep:
    """A position on the horizontal axis."""

    id: str
    label: str
    group: str | None = None  # e.g. the phase label; consecutive equal groups share a band
    highlight: bool = False  # e.g. a moment of truth: a shaded column


@dataclass(frozen=True)
class SeriesPoint:
    value: float | None
    n: int | None = None  # respondents (or visits) behind the value
    min: float | None = None
    max: float | None = None
    marked: bool = False  # drawn hollow (a workshop value); explain it with `marked_label`


@dataclass(frozen=True)
class Series:
    """One line: a label, values per step id, a style index and a kind."""

    label: str
    values: Mapping[str, float | SeriesPoint | None]
    style: int = 0  # colour AND dash AND marker: colours[style], DASHES[style], MARKERS[style]
    kind: Literal["line", "target", "markers"] = "line"
    round: str | None = None  # an earlier round: thinner line; the legend adds "(round)"
    key: str = ""  # a stable id for data attributes; default: from the label

    def point(self, step: str) -> SeriesPoint | None:
        value = self.values.get(step)
        if value is None:
            return None
        point = value if isinstance(value, SeriesPoint) else SeriesPoint(float(value))
        return point if point.value is not None else None

    @property
    def legend_label(self) -> str:
        return f"{self.label} ({self.round})" if self.round else self.label


@dataclass(frozen=True)
class Plot:
    """Where the plot sits: x per step id, the top and height of the value band."""

    xs: Mapping[str, float]
    top: float
    height: float
    y_range: tuple[float, float] = (-100, 100)

    def y(self, value: float) -> float:
        low, high = self.y_range
        value = max(low, min(high, value))
        return self.top + (high - value) / (high - low) * self.height


def style_of(series: Series, colours: Sequence[str]) -> tuple[str, str, str, float]:
    """(colour, dash, marker shape, stroke width) of a series."""
    colour = colour_for(tuple(colours), series.style)
    if series.kind == "markers":
        return colour, "", SHOPPING_MARKER, 0
    if series.kind == "target":
        return colour, TARGET_DASH, "bar", 2.5
    width = 2 if series.round else 3
    return colour, DASHES[series.style % len(DASHES)], MARKERS[series.style % len(MARKERS)], width


def point_text(series: Series, step: ChartStep, point: SeriesPoint, language: str, marked_label: str = "") -> str:
    """The tooltip of a point, e.g. 'Huurwoning · Woning zoeken: -50 (workshop); n=2; -60 – -40'."""
    text = f"{series.legend_label} · {step.label}: {format_number(point.value, language=language)}"
    if point.marked and marked_label:
        text += f" ({marked_label})"
    if point.n:
        text += f"; n={point.n}"
    if point.min is not None and point.max is not None and point.n and point.n > 1:
        text += f"; {format_number(point.min, language=language)} – {format_number(point.max, language=language)}"
    return text


def draw_axis(plot: Plot, left: float, right: float, cell: str, *, ticks: Sequence[float] = (-100, -50, 0, 50, 100),
              language: str = "nl") -> list[str]:
    """Grid lines, the neutral zero line (heavier) and the tick labels left of `left`."""
    out = [cell_rect(cell, left - 46, plot.top - 12, 42, plot.height + 24)]
    for tick in ticks:
        y = plot.y(tick)
        if tick == 0:
            out.append(f'<line class="kek-zero" x1="{num(left)}" y1="{num(y)}" x2="{num(right)}" y2="{num(y)}" stroke="{TEXT}" stroke-width="1.5"/>')
        else:
            out.append(f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(right)}" y2="{num(y)}" stroke="{GRID}" stroke-width="0.75" stroke-dasharray="2 4"/>')
        label = format_number(tick, language=language)
        if tick > 0:
            label = "+" + label
        baseline = y + (fonts.ASCENT - fonts.DESCENT) * 12 / 2
        out.append(f'<text x="{num(left - 8)}" y="{num(baseline)}" text-anchor="end" font-size="12" data-cell="{attr(cell)}">{esc(label)}</text>')
    return out


def draw_plot(steps: Sequence[ChartStep], series: Sequence[Series], plot: Plot, colours: Sequence[str], *,
              language: str = "nl", marked_label: str = "", dodge: float = 6) -> list[str]:
    """Lines, whiskers and markers of every series; each marker group carries data-series/-step/-value."""
    out: list[str] = []
    drawn = [s for s in series if any(s.point(step.id) for step in steps)]
    count = len(drawn)
    for index, s in enumerate(drawn):
        colour, dash, shape, width = style_of(s, colours)
        offset = (index - (count - 1) / 2) * dodge if count > 1 else 0
        key = s.key or ident(s.label)
        points = [(step, s.point(step.id)) for step in steps]
        coords = [(plot.xs[step.id] + offset, plot.y(p.value)) if p else None for step, p in points]
        group_attrs = f' class="kek-series kek-{s.kind}" data-series="{attr(key)}"'
        out.append(f"<g{group_attrs}>")
        if s.kind != "markers":
            # a segment's line breaks where a step has no value; the desired curve is one whole line
            runs = [[xy for xy in coords if xy]] if s.kind == "target" else _runs(coords)
            for run in runs:
                if len(run) < 2:
                    continue
                d = "M" + "L".join(f"{num(x)} {num(y)}" for x, y in run)
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                cap = ' stroke-linecap="round"' if s.kind == "target" else ""
                out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{num(width)}"{dash_attr}{cap} stroke-linejoin="round"/>')
        for (step, p), xy in zip(points, coords):
            if not p or not xy:
                continue
            x, y = xy
            parts = []
            if s.kind != "target" and p.min is not None and p.max is not None and p.n and p.n > 1 and p.max > p.min:
                y1, y2 = plot.y(p.max), plot.y(p.min)
                parts.append(f'<path class="kek-spread" d="M{num(x)} {num(y1)}L{num(x)} {num(y2)}M{num(x - 4)} {num(y1)}L{num(x + 4)} {num(y1)}'
                             f'M{num(x - 4)} {num(y2)}L{num(x + 4)} {num(y2)}" stroke="{colour}" stroke-width="1.5" fill="none"/>')
            radius = 4 if s.kind == "target" else 5
            parts.append(marker(shape, x, y, radius, colour, hollow=p.marked and s.kind != "target"))
            tip = point_text(s, step, p, language, marked_label)
            value = format_number(p.value, language="en")
            n_attr = f' data-n="{p.n}"' if p.n is not None else ""
            if p.marked:
                n_attr += ' data-marked="true"'
            out.append(f'<g class="kek-point" data-step="{attr(step.id)}" data-value="{value}"{n_attr}'
                       f'><title>{esc(tip)}</title>{"".join(parts)}</g>')
        out.append("</g>")
    return out


def _runs(coords: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Consecutive scored points: a step without a value breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for xy in coords:
        if xy is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(xy)
    return [r for r in runs if r]


def legend_swatch(s: Series, colours: Sequence[str], x: float, y: float) -> str:
    """A 36 px sample of the series' line with its marker, centred vertically on y."""
    colour, dash, shape, width = style_of(s, colours)
    out = ""
    if s.kind != "markers":
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        cap = ' stroke-linecap="round"' if s.kind == "target" else ""
        out += f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(x + 36)}" y2="{num(y)}" stroke="{colour}" stroke-width="{num(width)}"{dash_attr}{cap}/>'
    out += marker(shape, x + 18, y, 4 if s.kind == "target" else 5, colour)
    return out


@dataclass
class LegendItem:
    label: str
    swatch: "callable"  # (x, y_centre) -> svg


def draw_legend(items: Sequence[LegendItem], x: float, y: float, width: float, cell_prefix: str,
                size: float = 12) -> tuple[list[str], float]:
    """Legend items flowed left to right, wrapping to new rows; returns (elements, height)."""
    out: list[str] = []
    cursor_x, cursor_y, row_h = x, y, 0.0
    for index, item in enumerate(items):
        label_w = min(fonts.text_width(item.label, size), width - 60)
        runs = [Run(item.label, size=size)]
        text_h = runs_height(runs, label_w + 1)
        item_w = 44 + label_w + 8
        item_h = max(text_h, 16) + 6
        if cursor_x > x and cursor_x + item_w > x + width:
            cursor_x, cursor_y, row_h = x, cursor_y + row_h + 4, 0.0
        cell = f"{cell_prefix}-{index}"
        out.append(cell_rect(cell, cursor_x, cursor_y, item_w, item_h))
        out.append(item.swatch(cursor_x + 2, cursor_y + 3 + fonts.line_height(size) / 2))
        texts, _ = text_block(runs, cursor_x + 44, cursor_y + 3, label_w + 1, cell)
        out += texts
        cursor_x += item_w + 16
        row_h = max(row_h, item_h)
    return out, (cursor_y + row_h - y) if items else 0.0


def series_legend(series: Sequence[Series], colours: Sequence[str], extra: Sequence[LegendItem] = ()) -> list[LegendItem]:
    items = [LegendItem(s.legend_label, (lambda s: lambda x, y: legend_swatch(s, colours, x, y))(s)) for s in series]
    return items + list(extra)


def marked_legend_item(label: str) -> LegendItem:
    """Explains hollow markers (e.g. 'Open symbool: waarde vastgesteld in de workshop')."""
    return LegendItem(label, lambda x, y: marker("circle", x + 10, y, 5, TEXT, hollow=True)
                      + marker("square", x + 26, y, 5, TEXT, hollow=True))


def group_bands(steps: Sequence[ChartStep]) -> list[tuple[str | None, list[ChartStep]]]:
    """Consecutive steps with the same group."""
    bands: list[tuple[str | None, list[ChartStep]]] = []
    for step in steps:
        if bands and bands[-1][0] == step.group:
            bands[-1][1].append(step)
        else:
            bands.append((step.group, [step]))
    return bands


def line_chart(steps: Sequence[ChartStep], series: Sequence[Series], *, title: str, desc: str,
               chart_id: str = "kek-linechart", colours: Sequence[str] = DEFAULT_COLOURS, column_width: float | None = None,
               y_range: tuple[float, float] = (-100, 100), ticks: Sequence[float] = (-100, -50, 0, 50, 100),
               plot_height: float = 240, marked_label: str = "", language: str = "nl", show_title: bool = True) -> str:
    """A standalone SVG line chart: visible title, legend, value grid, lines, step labels, group bands.

    - steps: the horizontal axis, in order (ids must be unique).
    - series: drawn in order; `style` picks colour+dash+marker; `kind` "target" is dotted,
      "markers" (shopping) has no line; `round` marks an earlier round.
    - title/desc: the accessible name and the summary in words (also <title>/<desc>).
    - chart_id: unique per page (ids inside derive from it).
    - marked_label: legend text explaining hollow markers (shown only if a point is marked).
    The result is deterministic and every text lies inside a rect with a matching data-cell-id.
    """
    left, pad = 64.0, 16.0
    # Laid out for a page column (PAGE_WIDTH at most, shown at 85% in a 936 px column); long Dutch
    # compounds are hyphenated (fonts.wrap). Below MIN_COLUMN per step the chart grows and scrolls.
    if column_width is None:
        column_width = max(MIN_COLUMN, min(160.0, (PAGE_WIDTH - left - pad) / max(len(steps), 1)))
    width = left + column_width * len(steps) + pad
    y = pad
    out: list[str] = []
    if show_title:
        runs = [Run(title, size=15, bold=True)]
        h = runs_height(runs, width - 2 * pad)
        out.append(cell_rect(f"{chart_id}-heading", pad, y, width - 2 * pad, h))
        texts, _ = text_block(runs, pad, y, width - 2 * pad, f"{chart_id}-heading")
        out += texts
        y += h + 8
    extra = [marked_legend_item(marked_label)] if marked_label and any(
        (p := s.point(st.id)) and p.marked for s in series for st in steps) else []
    legend, h = draw_legend(series_legend(series, colours, extra), pad, y, width - 2 * pad, f"{chart_id}-legend")
    out += legend
    y += h + 16
    xs = {step.id: left + column_width * (i + 0.5) for i, step in enumerate(steps)}
    plot = Plot(xs, y, plot_height, y_range)
    for i, step in enumerate(steps):
        if step.highlight:
            out.append(f'<rect x="{num(left + column_width * i)}" y="{num(y)}" width="{num(column_width)}" height="{num(plot_height)}" fill="#FFF4D6"/>')
    out += draw_axis(plot, left, left + column_width * len(steps), f"{chart_id}-axis", ticks=ticks, language=language)
    out += draw_plot(steps, series, plot, colours, language=language, marked_label=marked_label)
    y += plot_height + 12
    # step labels
    label_runs = {step.id: [Run(step.label, size=12, bold=step.highlight)] for step in steps}
    label_h = max((runs_height(r, column_width - 8) for r in label_runs.values()), default=0)
    for i, step in enumerate(steps):
        cell = f"{chart_id}-step-{i}"
        x0 = left + column_width * i
        out.append(cell_rect(cell, x0 + 2, y, column_width - 4, label_h + 4))
        texts, _ = text_block(label_runs[step.id], x0 + 4, y + 2, column_width - 8, cell, anchor="middle")
        out += texts
    y += label_h + 8
    # group bands
    if any(step.group for step in steps):
        bands = group_bands(steps)
        band_runs = [[Run(group or "", size=12, bold=True)] for group, _ in bands]
        band_h = max(runs_height(r, column_width * len(members) - 12) for r, (_, members) in zip(band_runs, bands)) + 8
        index = 0
        for b, ((group, members), runs) in enumerate(zip(bands, band_runs)):
            x0 = left + column_width * index
            w = column_width * len(members)
            cell = f"{chart_id}-group-{b}"
            out.append(cell_rect(cell, x0 + 2, y, w - 4, band_h, fill="#F2F4F7", stroke=RULE))
            texts, _ = text_block(runs, x0 + 6, y + 4, w - 12, cell, anchor="middle")
            out += texts
            index += len(members)
        y += band_h + 8
    height = y + pad
    return svg_open(chart_id, width, height, title, desc) + "\n".join(out) + "\n</svg>\n"
