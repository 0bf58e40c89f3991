"""The hartmonitor as an SVG, laid out after the KEK handbook.

A header (life event, goal, scope, journey type, legend), then rows under one
axis of key steps grouped by phase: "Sleutelstappen in de reis", "Pieken en
dalen in de klantbeleving" (-100..+100, zero line, a line per segment with
colour + dash + marker, n and min–max spread), n per step (each series' marker
before its n), "Momenten van de waarheid", the main pains under the deepest
dips (spanning free columns) and "Hefbomen voor verbetering" per step.

Each mark means one thing: a segment's own marker (hollow: a workshop value),
a bar on a dotted line for the desired curve (drawn whole through the steps
that have one), a star for mystery shopping, a flag and a shaded column for a
moment of truth; every line's value is written at the deepest dips.

The canvas is laid out for a page column (PAGE_WIDTH, shown at ~85% in 936 px);
steps never get narrower than MIN_COLUMN, so a long journey grows and scrolls,
its row labels staying in view (`data-sticky-width`, charts.css). `compact=True`
keeps header, steps, curve and moments.
"""

from __future__ import annotations

from typing import Sequence

from ...compute.hartmonitor import Hartmonitor, Line
from ...model.site import Study
from ...publish.options import DEFAULT_COLOURS
from ..i18n import label
from ..templates import format_number
from . import fonts
from .linechart import (ChartStep, LegendItem, Plot, Series, SeriesPoint, draw_axis, draw_legend, draw_plot, style_of,
                        group_bands, marked_legend_item, series_legend)
from .markup import (content_open, BACKGROUND, BAND, HIGHLIGHT, RULE, TEXT, Run, attr, cell_rect, esc, flag, marker, num, runs_height, svg_open,
                     text_block, whole)

LABEL_W = 160.0
PAD = 16.0
CELL_PAD = 5.0
PLOT_H = 340.0  # the curve is the heart of the chart: about half its height without pains
MAX_DIPS = 3
FLAG = 16  # px: the moment-of-truth flag
DIP_LABEL = 13  # px: the value written under a line's point at a dip
MAX_PAINS_PER_DIP = 2
PAGE_WIDTH = 1100.0  # the canvas a 10-step journey is laid out for: a 936 px column shows it at 85%
MIN_COLUMN = 88.0  # below this a step column scrolls instead of shrinking


def chart_steps(study: Study, hm: Hartmonitor) -> list[ChartStep]:
    moments = set(hm.moments_of_truth)
    out = []
    for step_id in hm.steps:
        step = study.steps[step_id]
        phase = study.phases.get(step.phase) if step.phase else None
        out.append(ChartStep(step_id, step.label, phase.label if phase else None, step_id in moments))
    return out


def _points(line: Line) -> dict[str, SeriesPoint]:
    return {p.step: SeriesPoint(p.value, p.n, p.min, p.max, p.workshop) for p in line.points}


def hartmonitor_series(study: Study, hm: Hartmonitor, *, language: str = "nl", colours: Sequence[str] = DEFAULT_COLOURS,
                       segments: Sequence[str] | None = None) -> list[Series]:
    """The series drawn: a line per segment (style = the segment's index), its target, and shopping (all segments only)."""
    series: list[Series] = []
    targets: list[Series] = []
    for index, line in enumerate(hm.segments):
        if segments is not None and line.key not in segments:
            continue
        series.append(Series(line.label, _points(line), style=index, key=line.key))
        target = hm.targets.get(line.key)
        if target:
            ordered = {step: float(target[step]) for step in hm.steps if step in target}
            targets.append(Series(label(language, "charts.series.target", segment=line.label), ordered, style=index,
                                  kind="target", key=f"target-{line.key}"))
    series += targets
    if hm.shopping and segments is None and any(p.value is not None for p in hm.shopping.points):
        series.append(Series(label(language, "charts.series.shopping"), _points(hm.shopping), style=len(colours) - 1,
                             kind="markers", key="shopping"))
    return series


def deepest_dips(hm: Hartmonitor, series: Sequence[Series], limit: int = MAX_DIPS) -> list[str]:
    """Steps whose lowest drawn segment value is below zero, deepest first (ties: journey order)."""
    lows: dict[str, float] = {}
    for s in series:
        if s.kind != "line":
            continue
        for step in hm.steps:
            p = s.point(step)
            if p is not None and p.value is not None and p.value < 0:
                lows[step] = min(lows.get(step, 0.0), p.value)
    order = {step: i for i, step in enumerate(hm.steps)}
    return sorted(lows, key=lambda step: (lows[step], order[step]))[:limit]


def dip_labels(chart_id: str, hm: Hartmonitor, steps: Sequence[ChartStep], series: Sequence[Series], plot: Plot,
               left: float, col_w: float) -> list[str]:
    """The value of every line at the deepest dips, written under its marker (bold, white halo).

    Positions follow draw_plot's dodge; labels at one step are pushed apart so they never overlap.
    """
    out: list[str] = []
    drawn = [s for s in series if any(s.point(st.id) for st in steps)]
    offsets = {id(s): (i - (len(drawn) - 1) / 2) * 6 if len(drawn) > 1 else 0 for i, s in enumerate(drawn)}
    index = {st.id: i for i, st in enumerate(steps)}
    lh = fonts.line_height(DIP_LABEL)
    for step in deepest_dips(hm, series):
        placed = sorted(((plot.y(p.value), plot.xs[step] + offsets[id(s)], p.value, s.key)
                         for s in drawn if s.kind == "line" and (p := s.point(step)) is not None and p.value < 0))
        last_bottom = -1e9
        x0 = left + col_w * index[step]
        for y, x, value, key in placed:
            top = max(y + 8, last_bottom + 1)
            top = min(top, plot.top + plot.height + 26 - lh)
            text = whole(value)
            w = fonts.text_width(text, DIP_LABEL, True) + 4
            cx = min(max(x, x0 + w / 2 + 1), x0 + col_w - w / 2 - 1)
            cell = f"{chart_id}-dip-{ident_of(step)}-{ident_of(key)}"
            out.append(cell_rect(cell, cx - w / 2, top, w, lh, fill=BACKGROUND, extra=' fill-opacity="0.85" rx="2"'))
            baseline = top + (lh - (fonts.ASCENT + fonts.DESCENT) * DIP_LABEL) / 2 + fonts.ASCENT * DIP_LABEL
            out.append(f'<text class="kek-dip-label" x="{num(cx)}" y="{num(baseline)}" text-anchor="middle" font-weight="bold" '
                       f'font-size="{DIP_LABEL}" data-cell="{attr(cell)}">{esc(text)}</text>')
            last_bottom = top + lh
    return out


def pain_spans(hm: Hartmonitor, series: Sequence[Series], steps: Sequence[str], widest: int = 3) -> dict[str, tuple[int, int]]:
    """Where the pains of each deepest dip are written: (first column, number of columns).

    A dip's pains may take up to `widest` columns, to the right up to the next dip, else
    to the left into columns no other dip takes, so their text is not squeezed into one step.
    """
    index = {step: i for i, step in enumerate(steps)}
    dips = sorted((d for d in deepest_dips(hm, series) if hm.pains.get(d)), key=index.get)
    spans: dict[str, tuple[int, int]] = {}
    taken_until = 0  # the first column not taken by an earlier dip's span
    for k, dip in enumerate(dips):
        start = index[dip]
        stop = min(index[dips[k + 1]] if k + 1 < len(dips) else len(steps), start + widest)
        while stop - start < widest and start > taken_until:  # room on the left
            start -= 1
        spans[dip] = (start, stop - start)
        taken_until = stop
    return spans


def _round_name(name: str, language: str) -> str:
    from ..kern import round_name

    return round_name(name, language)


def _n_of(hm: Hartmonitor, series: Series, step: str) -> int:
    """n of a series at a step where it has no drawn value (nobody, or only a workshop value)."""
    line = next((line for line in hm.segments if line.key == series.key), None)
    return line.at(step).n if line is not None else 0


def ident_of(text: str) -> str:
    from .markup import ident

    return ident(text)


def describe(study: Study, hm: Hartmonitor, series: Sequence[Series], title: str, language: str = "nl") -> str:
    """The summary in words, e.g. '… Laagste punt: Toeslagen aanpassen, -55, Huurwoning. …'."""
    steps = study.steps
    fmt = lambda v: format_number(v, language=language)  # noqa: E731
    parts = [title + "."]
    scored = [(p.value, s, step) for s in series if s.kind == "line" for step in hm.steps
              if (p := s.point(step)) is not None]
    if not scored:
        return " ".join(parts + [label(language, "charts.desc.no_scores")])
    order = {step: i for i, step in enumerate(hm.steps)}
    low = min(scored, key=lambda x: (x[0], order[x[2]]))
    high = max(scored, key=lambda x: (x[0], -order[x[2]]))
    parts.append(label(language, "charts.desc.lowest", step=steps[low[2]].label, value=fmt(low[0]), segment=low[1].label))
    parts.append(label(language, "charts.desc.highest", step=steps[high[2]].label, value=fmt(high[0]), segment=high[1].label))
    for s in series:
        if s.kind != "line":
            continue
        pts = [(step, p) for step in hm.steps if (p := s.point(step)) is not None]
        if len(pts) < 2:
            continue
        lowest = min(pts, key=lambda x: (x[1].value, order[x[0]]))
        parts.append(label(language, "charts.desc.segment", segment=s.label, first=fmt(pts[0][1].value),
                           first_step=steps[pts[0][0]].label, last=fmt(pts[-1][1].value), last_step=steps[pts[-1][0]].label,
                           low=fmt(lowest[1].value), low_step=steps[lowest[0]].label))
    dips = deepest_dips(hm, series)
    if dips:
        parts.append(label(language, "charts.desc.dips", steps=", ".join(steps[d].label for d in dips)))
    if hm.moments_of_truth:
        parts.append(label(language, "charts.desc.moments", steps=", ".join(steps[m].label for m in hm.moments_of_truth)))
    shop = next((s for s in series if s.kind == "markers"), None)
    if shop:
        pts = [(step, p) for step in hm.steps if (p := shop.point(step)) is not None]
        if pts:
            lowest = min(pts, key=lambda x: (x[1].value, order[x[0]]))
            parts.append(label(language, "charts.desc.shopping", value=fmt(lowest[1].value), step=steps[lowest[0]].label))
    return " ".join(parts)


def hartmonitor_svg(study: Study, hm: Hartmonitor, *, colours: Sequence[str] = DEFAULT_COLOURS, language: str = "nl",
                    chart_id: str = "kek-hartmonitor", segments: Sequence[str] | None = None, compact: bool = False,
                    column_width: float | None = None) -> str:
    """The hartmonitor of a study (all segments, or only `segments`) as an SVG string."""
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    meta = study.meta
    series = hartmonitor_series(study, hm, language=language, colours=colours, segments=segments)
    steps = chart_steps(study, hm)
    if segments is not None and len(segments) == 1 and segments[0] in study.segments:
        title = L("charts.hartmonitor.segment_title", segment=study.segments[segments[0]].label, title=meta.title)
    else:
        title = L("charts.hartmonitor.title", title=meta.title)
    desc = describe(study, hm, series, title, language)

    col_w = column_width or max(MIN_COLUMN, min(180.0, (PAGE_WIDTH - 2 * PAD - LABEL_W) / max(len(steps), 1)))
    left = PAD + LABEL_W
    width = left + col_w * len(steps) + PAD
    inner = width - 2 * PAD
    out: list[str] = []
    y = PAD

    # header
    header = [Run(title, size=18, bold=True)]
    facts = [L("charts.header.life_event", value=meta.life_event),
             L("charts.header.journey_type", value=L(f"charts.journey_type.{meta.journey_type}")),
             L("charts.header.round", value=_round_name(meta.round, language))]
    header.append(Run(" · ".join(facts), size=13, gap=4))
    if meta.goal and not compact:
        header.append(Run(L("charts.header.goal", value=meta.goal), size=13, gap=2))
    if meta.scope and not compact:
        header.append(Run(L("charts.header.scope", value=meta.scope), size=13, gap=2))
    h = runs_height(header, inner)
    out.append(cell_rect(f"{chart_id}-header", PAD, y, inner, h))
    out += text_block(header, PAD, y, inner, f"{chart_id}-header")[0]
    y += h + 10

    # legend
    extra: list[LegendItem] = []
    if any(p.marked for s in series for st in steps if (p := s.point(st.id))):
        extra.append(marked_legend_item(L("charts.legend.workshop")))
    if any(p.n and p.n > 1 and p.min is not None and p.max is not None and p.max > p.min
           for s in series if s.kind != "target" for st in steps if (p := s.point(st.id))):
        extra.append(LegendItem(L("charts.legend.spread"), lambda x, yy: (
            f'<path d="M{num(x + 18)} {num(yy - 7)}L{num(x + 18)} {num(yy + 7)}M{num(x + 14)} {num(yy - 7)}L{num(x + 22)} {num(yy - 7)}'
            f'M{num(x + 14)} {num(yy + 7)}L{num(x + 22)} {num(yy + 7)}" stroke="{TEXT}" stroke-width="1.5" fill="none"/>')))
    if hm.moments_of_truth:
        extra.append(LegendItem(L("charts.legend.moment"), lambda x, yy: (
            f'<rect x="{num(x + 6)}" y="{num(yy - 9)}" width="24" height="18" fill="{HIGHLIGHT}" stroke="{RULE}"/>'
            + flag(x + 14, yy + 7, 14, TEXT))))
    legend, h = draw_legend(series_legend(series, colours, extra), PAD, y, inner, f"{chart_id}-legend")
    out += legend
    y += h + 14

    xs = {st.id: left + col_w * (i + 0.5) for i, st in enumerate(steps)}
    grid_top = y
    rules_top = y

    def row_label(key: str, top: float, height: float, row: str, width_: float = LABEL_W - 2 * CELL_PAD) -> None:
        cell = f"{chart_id}-{row}-label"
        runs = [Run(L(key), size=13, bold=True)]
        out.append(cell_rect(cell, PAD, top, LABEL_W, height, fill=BAND))
        out.extend(text_block(runs, PAD + CELL_PAD, top + CELL_PAD, width_, cell)[0])

    def label_height(key: str, width_: float = LABEL_W - 2 * CELL_PAD) -> float:
        return runs_height([Run(L(key), size=13, bold=True)], width_) + 2 * CELL_PAD

    def text_row(row: str, key: str, runs_per_step: dict[str, list[Run]], *, highlight: bool = True,
                 anchor: str = "start") -> float:
        nonlocal y
        top = y
        text_w = col_w - 2 * CELL_PAD
        content = max([runs_height(r, text_w) for r in runs_per_step.values()] + [0])
        height = max(content + 2 * CELL_PAD, label_height(key))
        row_label(key, y, height, row)
        for i, st in enumerate(steps):
            cell = f"{chart_id}-{row}-{i}"
            fill = HIGHLIGHT if highlight and st.highlight else "none"
            out.append(cell_rect(cell, left + col_w * i, y, col_w, height, fill=fill))
            if runs_per_step.get(st.id):
                out.extend(text_block(runs_per_step[st.id], left + col_w * i + CELL_PAD, y + CELL_PAD, text_w, cell,
                                      anchor=anchor)[0])
        y += height
        return top

    # phases
    if any(st.group for st in steps):
        bands = group_bands(steps)
        band_runs = [[Run(group or "", size=13, bold=True)] for group, _ in bands]
        content = max(runs_height(r, col_w * len(m) - 2 * CELL_PAD) for r, (_, m) in zip(band_runs, bands))
        height = max(content + 2 * CELL_PAD, label_height("charts.row.phases"))
        row_label("charts.row.phases", y, height, "phases")
        index = 0
        for b, ((group, members), runs) in enumerate(zip(bands, band_runs)):
            cell = f"{chart_id}-phase-{b}"
            x0 = left + col_w * index
            out.append(cell_rect(cell, x0, y, col_w * len(members), height, fill=BAND, stroke=RULE))
            out.extend(text_block(runs, x0 + CELL_PAD, y + CELL_PAD, col_w * len(members) - 2 * CELL_PAD, cell,
                                  anchor="middle")[0])
            index += len(members)
        y += height
        rules_top = y

    # key steps
    text_row("steps", "charts.row.steps", {st.id: [Run(st.label, size=13, bold=True)] for st in steps}, anchor="middle")

    # peaks and dips
    plot_top = y + 14
    row_h = PLOT_H + 28
    heading_w = LABEL_W - 2 * CELL_PAD - 50
    cell = f"{chart_id}-curve-label"
    out.append(cell_rect(cell, PAD, y, LABEL_W - 50, row_h, fill=BAND))
    out.extend(text_block([Run(L("charts.row.curve"), size=13, bold=True)], PAD + CELL_PAD, y + CELL_PAD, heading_w, cell)[0])
    out.append(f'<rect x="{num(PAD + LABEL_W - 50)}" y="{num(y)}" width="50" height="{num(row_h)}" fill="{BAND}"/>')
    for i, st in enumerate(steps):
        if st.highlight:
            out.append(f'<rect x="{num(left + col_w * i)}" y="{num(y)}" width="{num(col_w)}" height="{num(row_h)}" fill="{HIGHLIGHT}"/>')
    plot = Plot(xs, plot_top, PLOT_H)
    out += draw_axis(plot, left, left + col_w * len(steps), f"{chart_id}-axis", language=language)
    out += draw_plot(steps, series, plot, colours, language=language, marked_label=L("charts.source.workshop"))
    out += dip_labels(chart_id, hm, steps, series, plot, left, col_w)
    y += row_h

    if not compact:
        # n per step: one line per drawn series, its marker (shape and colour) before the number
        counted = [s for s in series if s.kind != "target"]
        n_runs: dict[str, list[Run]] = {}
        for st in steps:
            n_runs[st.id] = [Run(L("charts.n.count", n=(p.n if (p := s.point(st.id)) else 0) or _n_of(hm, s, st.id)),
                                 size=12, indent=16) for s in counted]
        n_top = text_row("n", "charts.row.n", n_runs)
        lh = fonts.line_height(12)
        for i, st in enumerate(steps):
            for k, s in enumerate(counted):
                colour, _, shape, _ = style_of(s, colours)
                out.append(marker(shape, left + col_w * i + CELL_PAD + 6, n_top + CELL_PAD + lh * (k + 0.5), 4, colour))

    # moments of truth
    moment_runs = {st.id: [Run(L("charts.moment"), size=12, bold=True, gap=FLAG + 4)] for st in steps if st.highlight}
    moment_row_top = text_row("moments", "charts.row.moments", moment_runs, anchor="middle")
    for i, st in enumerate(steps):  # a flag above each moment's text (the shopping series has the star)
        if st.highlight:
            out.append(flag(left + col_w * (i + 0.5) - 5, moment_row_top + CELL_PAD + FLAG, FLAG, TEXT))

    if not compact:
        pains_top = y
        spans = pain_spans(hm, series, [st.id for st in steps])
        text_w = lambda span: col_w * span - 2 * CELL_PAD  # noqa: E731
        pain_runs: dict[str, list[Run]] = {}
        for step in spans:
            runs = []
            for pain in hm.pains.get(step, [])[:MAX_PAINS_PER_DIP]:
                text = L("charts.pain.chain", text=pain.text) if pain.chain else pain.text
                runs.append(Run(text, size=12, indent=12, bullet="•", gap=3 if runs else 0))
            pain_runs[step] = runs
        content = max([runs_height(pain_runs[st], text_w(spans[st][1])) for st in spans] + [0])
        height = max(content + 2 * CELL_PAD, label_height("charts.row.pains"))
        row_label("charts.row.pains", y, height, "pains")
        index = {st.id: i for i, st in enumerate(steps)}
        for step, (start, span) in spans.items():
            cell = f"{chart_id}-pains-{index[step]}"
            x0 = left + col_w * start
            out.append(cell_rect(cell, x0, y, col_w * span, height, stroke="#C9CED6"))
            out.extend(text_block(pain_runs[step], x0 + CELL_PAD, y + CELL_PAD, text_w(span), cell)[0])
        y += height
        pains_bottom = y
        lever_runs = {step: [Run(text, size=12, indent=12, bullet="•", gap=3 if i else 0)
                             for i, text in enumerate(meta.levers.get(step, []))] for step in hm.steps}
        text_row("levers", "charts.row.levers", lever_runs, highlight=False)

    # column rules (decorative)
    gaps = [(rules_top, pains_top), (pains_bottom, y)] if not compact else [(rules_top, y)]
    for i in range(len(steps) + 1):
        x = left + col_w * i
        for top, bottom in gaps:  # the pains row spans columns and draws its own borders
            out.append(f'<line x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}" stroke="#C9CED6" stroke-width="1"/>')
    out.append(f'<rect x="{num(PAD)}" y="{num(grid_top)}" width="{num(inner)}" height="{num(y - grid_top)}" fill="none" stroke="{RULE}"/>')
    height = y + PAD
    head = svg_open(chart_id, width, height, title, desc, extra_class="kek-hartmonitor",
                    attrs={"data-sticky-width": num(PAD + LABEL_W), "data-grid-top": num(grid_top)})
    return head + content_open(chart_id) + "\n".join(out) + "\n</g>\n</svg>\n"

