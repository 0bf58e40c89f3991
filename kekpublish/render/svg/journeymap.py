"""The klantreiskaart as a journey map, in two layouts.

- `layout="page"` (the site): the journey runs down the page, a row per step under
  its phase; beside each step the emotion lane (the hartmonitor line, drawn
  vertically, every value written) and then the layers as columns. Everything is
  shown. It fits a 936 px column; on a phone the step column stays visible while
  the layers scroll (see charts.css).
- `layout="slide"` (PNG/PDF for a beamer): the classic map, phases and steps as
  columns left to right, the emotion lane as a row inside the map, the layers
  below; at most `limit` pains and `limit - 1` other entries per cell (most named first),
  the rest counted as "+3 meer". Text is 14 px or more at 1920 px wide for journeys up to
  10 steps, and a 10-step map stays about one 16:9 screen high.

In both: moments of truth have a flag and a shaded band; pains are cards, chain
pains carry a chain icon, a thick border and the word "Ketenknelpunt" (never colour
alone); touchpoints have a channel icon (inline SVG symbols) and the channel in words.
Text wraps inside its cell with the metrics of the shipped DejaVu Sans.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from ...compute import hartmonitor as hm_compute
from ...compute.journeymap import JourneyMap
from ...model.site import Study
from ...publish.options import DEFAULT_COLOURS
from ..i18n import label
from . import fonts
from .markup import (content_open, BACKGROUND, BAND, GRID, HIGHLIGHT, MARKERS, MUTED, RULE, TEXT, Run, attr, cell_rect, colour_for,
                     esc, flag, marker, num, runs_height, svg_open, text_block, whole)

PAD = 16.0
CELL_PAD = 6.0
PAGE_WIDTH = 1100.0
PAGE_STEP_W = 150.0
PAGE_LANE_W = 120.0
SLIDE_LABEL_W = 150.0
SLIDE_COLUMN_W = 172.0
SLIDE_LANE_H = 140.0
PAIN_FILL = "#FDEEEE"
PAIN_EDGE = "#A4262C"  # 6.6:1 on white
ICON = 14.0

# 16x16 line icons per channel, drawn with the text colour (no icon font, no external file).
_ICONS = {
    "balie": '<circle cx="8" cy="4.5" r="2.5"/><path d="M3.5 10.5a4.5 3.5 0 0 1 9 0"/><path d="M1 11h14v3.5H1z"/>',
    "telefoon": '<path d="M4.2 1.5h2.6l1.1 3.4-1.8 1.2a8 8 0 0 0 3.8 3.8l1.2-1.8 3.4 1.1v2.6a1.6 1.6 0 0 1-1.6 1.6A12.2 12.2 0 0 1 2.6 3.1 1.6 1.6 0 0 1 4.2 1.5z"/>',
    "website": '<rect x="1.5" y="2" width="13" height="9" rx="1"/><path d="M5.5 14.5h5M8 11v3.5"/>',
    "brief": '<rect x="1.5" y="3.5" width="13" height="9" rx="1"/><path d="M1.5 4.2l6.5 4.8 6.5-4.8"/>',
    "e-mail": '<circle cx="8" cy="8" r="2.6"/><path d="M10.6 8v1.2a1.9 1.9 0 0 0 3.8 0V8a6.4 6.4 0 1 0-2.5 5"/>',
    "app": '<rect x="4" y="1.5" width="8" height="13" rx="1.5"/><path d="M7 12.3h2"/>',
    "anders": '<circle cx="3.5" cy="8" r="1.4"/><circle cx="8" cy="8" r="1.4"/><circle cx="12.5" cy="8" r="1.4"/>',
    "chain": '<path d="M6.3 9.7l3.4-3.4"/><path d="M7.2 4.6l1.3-1.3a2.8 2.8 0 0 1 4 4l-1.3 1.3M8.8 11.4l-1.3 1.3a2.8 2.8 0 0 1-4-4l1.3-1.3"/>',
}


def map_title(study: Study, jm: JourneyMap, language: str = "nl") -> str:
    if jm.segment:
        return label(language, "charts.journeymap.segment_title", segment=jm.segment_label, title=study.meta.title)
    return label(language, "charts.journeymap.title", title=study.meta.title)


def describe(study: Study, jm: JourneyMap, language: str = "nl", hm: hm_compute.Hartmonitor | None = None) -> str:
    """A summary in words: steps, phases, pains (chain pains), where most pains are, and the emotion lane."""
    title = map_title(study, jm, language)
    pains = [(step, e) for step in jm.steps for e in step.entries("pains")]
    phases = len([p for p in jm.phases if p.id is not None]) or len(jm.phases)
    text = label(language, "charts.journeymap.desc", title=title, steps=len(jm.steps), phases=phases,
                 pains=len(pains), chain=sum(1 for _, e in pains if e.chain))
    if pains:
        counts = [(len(step.entries("pains")), -i, step) for i, step in enumerate(jm.steps)]
        count, _, step = max(counts, key=lambda c: (c[0], c[1]))
        text += " " + label(language, "charts.journeymap.desc_most", step=step.label, count=count)
    values = emotion(study, jm, hm)
    scored = [(s.label, values[s.id]) for s in jm.steps if values.get(s.id) is not None]
    if scored:
        text += " " + label(language, "charts.journeymap.desc_lane",
                            points="; ".join(f"{name} {whole(v)}" for name, v in scored))
    return text


def emotion(study: Study, jm: JourneyMap, hm: hm_compute.Hartmonitor | None = None) -> dict[str, float | None]:
    """The emotion lane: the hartmonitor line of the map's segment, or over all segments."""
    hm = hm or hm_compute.compute(study)
    if jm.segment:
        line = next((line for line in hm.segments if line.key == jm.segment), None)
    else:
        line = hm_compute.all_segments_line(hm)
    return {p.step: p.value for p in line.points} if line else {}


def _style(study: Study, jm: JourneyMap) -> int:
    if jm.segment:
        return next((i for i, s in enumerate(study.meta.segments) if s.id == jm.segment), 0)
    return 0


def entry_runs(layer: str, entry, language: str = "nl", size: float = 13) -> list[Run]:
    """The runs of one entry: its text and a muted meta line (channel, partner, chain, visit, count)."""
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    meta: list[str] = []
    if layer == "thoughts":
        text = f"“{entry.text}”" if entry.text else L("charts.entry.feeling", feeling=entry.feeling)
        if entry.text and entry.feeling:
            meta.append(L("charts.entry.feeling", feeling=entry.feeling))
    else:
        text = entry.text
    if layer == "touchpoints":
        if entry.channel:
            meta.append(L(f"charts.channel.{entry.channel}"))
        if entry.partner:
            meta.append(entry.partner)
    if layer == "pains" and entry.chain:
        meta.insert(0, L("charts.entry.chain"))
    if entry.respondents > 1:
        meta.append(L("charts.entry.respondents", count=entry.respondents))
    if entry.visits:
        meta.append(L("charts.entry.visit"))
    runs = [Run(text, size=size, indent=12, bullet="•")]
    if meta:
        runs.append(Run(" · ".join(meta), size=size if size >= 14 else 12, colour=MUTED, indent=12,
                        bold=layer == "pains" and entry.chain))
    return runs


# --- cell contents -------------------------------------------------------------------


@dataclass
class Item:
    """One entry laid out for a width: its height and how to draw it at (x, y)."""

    height: float
    draw: Callable[[float, float], list[str]]


def _icon(chart_id: str, name: str, x: float, y: float, size: float = ICON) -> str:
    return f'<use href="#{attr(chart_id)}-icon-{attr(name)}" x="{num(x)}" y="{num(y)}" width="{num(size)}" height="{num(size)}"/>'


def icon_defs(chart_id: str) -> str:
    symbols = "".join(f'<symbol id="{attr(chart_id)}-icon-{name}" viewBox="0 0 16 16" fill="none" stroke="{TEXT}" '
                      f'stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">{body}</symbol>'
                      for name, body in _ICONS.items())
    return f"<defs>{symbols}</defs>"


def _entry_item(chart_id: str, cell: str, layer: str, entry, width: float, size: float, language: str,
                brief: bool = False) -> Item:
    """One entry as drawn; `brief` (slides) keeps the text, the channel icon and the chain mark, not the meta line."""
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    small = size if size >= 14 else max(size - 1, 12)  # slides: nothing under 14 px
    if layer == "pains":  # a card: thin border; a chain pain a thick border, the chain icon and the word
        pad = 5.0
        inner = width - 2 * pad
        runs = []
        if entry.chain:
            runs.append(Run(L("charts.entry.chain"), size=small, bold=True, colour=PAIN_EDGE, indent=ICON + 4))
        runs.append(Run(entry.text, size=size, gap=2 if runs else 0))
        counts = []
        if entry.respondents > 1:
            counts.append(L("charts.entry.respondents", count=entry.respondents))
        if entry.visits:
            counts.append(L("charts.entry.visit"))
        if counts and not brief:
            runs.append(Run(" · ".join(counts), size=small, colour=MUTED, gap=1))
        height = runs_height(runs, inner) + 2 * pad

        def draw(x: float, y: float, runs=runs, height=height) -> list[str]:
            card = f"{cell}-card-{int(y)}"
            edge = 3 if entry.chain else 1.2
            out = [cell_rect(card, x, y, width, height, fill=PAIN_FILL, stroke=PAIN_EDGE,
                             extra=f' stroke-width="{edge}" rx="4" class="kek-pain{" kek-pain--chain" if entry.chain else ""}"')]
            if entry.chain:
                out.append(_icon(chart_id, "chain", x + pad, y + pad + (fonts.line_height(small) - ICON) / 2))
            out += text_block(runs, x + pad, y + pad, inner, card)[0]
            return out

        return Item(height, draw)
    runs = entry_runs(layer, entry, language, size)
    if brief:
        runs = runs[:1]
    indent = ICON + 6 if layer == "touchpoints" and entry.channel else 12
    runs = [Run(r.text, size=r.size, bold=r.bold, colour=r.colour, italic=layer == "thoughts" and i == 0, gap=r.gap,
                indent=indent, bullet="" if indent != 12 else r.bullet) for i, r in enumerate(runs)]
    height = runs_height(runs, width)

    def draw(x: float, y: float, runs=runs) -> list[str]:
        out = []
        if layer == "touchpoints" and entry.channel:
            out.append(_icon(chart_id, entry.channel if entry.channel in _ICONS else "anders", x,
                             y + (fonts.line_height(size) - ICON) / 2))
        return out + text_block(runs, x, y, width, cell)[0]

    return Item(height, draw)


def cell_items(chart_id: str, cell: str, layer: str, entries: Sequence, width: float, size: float, language: str,
               limit: int | None = None) -> list[Item]:
    """The entries of one cell (the `limit` most named, then '+n meer'), laid out for width."""
    shown = list(entries)
    rest = 0
    if limit is not None and len(shown) > limit:
        ranked = sorted(range(len(shown)), key=lambda i: (-(shown[i].respondents + shown[i].visits), i))[:limit]
        rest = len(shown) - limit
        shown = [shown[i] for i in sorted(ranked)]
    items = [_entry_item(chart_id, cell, layer, e, width, size, language, brief=limit is not None) for e in shown]
    if rest:
        runs = [Run(label(language, "charts.entry.more", count=rest), size=size, bold=True, colour=MUTED)]
        items.append(Item(runs_height(runs, width), lambda x, y, runs=runs: text_block(runs, x, y, width, cell)[0]))
    return items


def _stack(items: list[Item], gap: float) -> float:
    return sum(i.height for i in items) + gap * max(len(items) - 1, 0)


def _draw_stack(items: list[Item], x: float, y: float, gap: float) -> list[str]:
    out = []
    for item in items:
        out += item.draw(x, y)
        y += item.height + gap
    return out


# --- the map ---------------------------------------------------------------------------


def journeymap_svg(study: Study, jm: JourneyMap, *, language: str = "nl", chart_id: str = "kek-journeymap",
                   layout: str = "page", limit: int | None = 2, colours: Sequence[str] = DEFAULT_COLOURS,
                   hm: hm_compute.Hartmonitor | None = None) -> str:
    """The klantreiskaart as an SVG string: layout "page" (everything, vertical) or "slide" (top `limit`).

    `hm` is the study's hartmonitor where the caller has it (else it is computed).
    """
    hm = hm or hm_compute.compute(study)
    if layout == "slide":
        return _slide(study, jm, language, chart_id, limit, colours, hm)
    return _page(study, jm, language, chart_id, colours, hm)


def _header(study: Study, jm: JourneyMap, language: str, chart_id: str, width: float, size: float) -> tuple[list[str], float]:
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    if jm.segment:
        sub = L("charts.journeymap.segment", segment=jm.segment_label)
    else:
        sub = L("charts.journeymap.all") if jm.visits else L("charts.journeymap.all_no_visits")
    from ..kern import plural

    narratives = plural(language, "narratives", jm.respondents)
    basis = (L("charts.journeymap.basis", narratives=narratives, visits=plural(language, "visits", jm.visits)) if jm.visits
             else L("charts.journeymap.basis_narratives", narratives=narratives))
    runs = [Run(map_title(study, jm, language), size=size + 5, bold=True), Run(f"{sub}. {basis}", size=size, gap=4)]
    h = runs_height(runs, width)
    return [cell_rect(f"{chart_id}-header", PAD, PAD, width, h)] + text_block(runs, PAD, PAD, width, f"{chart_id}-header")[0], h


def _legend(chart_id: str, language: str, x: float, y: float, width: float, size: float, colour: str, shape: str,
            moments: bool) -> tuple[list[str], float]:
    """What the symbols mean, in words: the lane, a moment of truth, a pain card, a chain pain."""
    from .linechart import LegendItem, draw_legend

    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    items = [LegendItem(L("charts.journeymap.legend.lane"), lambda x, yy: (
        f'<line x1="{num(x)}" y1="{num(yy)}" x2="{num(x + 36)}" y2="{num(yy)}" stroke="{colour}" stroke-width="3"/>'
        + marker(shape, x + 18, yy, 5, colour)))]
    if moments:
        items.append(LegendItem(L("charts.legend.moment"), lambda x, yy: (
            f'<rect x="{num(x + 6)}" y="{num(yy - 9)}" width="24" height="18" fill="{HIGHLIGHT}" stroke="{RULE}"/>'
            + flag(x + 14, yy + 7, 14, TEXT))))
    items.append(LegendItem(L("charts.journeymap.legend.pain"), lambda x, yy: (
        f'<rect x="{num(x + 4)}" y="{num(yy - 8)}" width="28" height="16" rx="3" fill="{PAIN_FILL}" stroke="{PAIN_EDGE}" stroke-width="1.2"/>')))
    items.append(LegendItem(L("charts.journeymap.legend.chain"), lambda x, yy: (
        f'<rect x="{num(x + 4)}" y="{num(yy - 8)}" width="28" height="16" rx="3" fill="{PAIN_FILL}" stroke="{PAIN_EDGE}" stroke-width="3"/>'
        + _icon(chart_id, "chain", x + 11, yy - 7))))
    return draw_legend(items, x, y, width, f"{chart_id}-legend", size=size)


def _page(study: Study, jm: JourneyMap, language: str, chart_id: str, colours: Sequence[str], hm) -> str:
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    size = 12.0
    width = PAGE_WIDTH
    inner = width - 2 * PAD
    steps = jm.steps
    layers = list(jm.layers)
    lane_x = PAD + PAGE_STEP_W
    layers_x = lane_x + PAGE_LANE_W
    layer_w = (width - PAD - layers_x) / len(layers)
    text_w = layer_w - 2 * CELL_PAD
    moments = set(hm.moments_of_truth)
    values = emotion(study, jm, hm)
    style = _style(study, jm)
    colour, shape = colour_for(tuple(colours), style), MARKERS[style % len(MARKERS)]
    out, h = _header(study, jm, language, chart_id, inner, 13)
    y = PAD + h + 10
    legend, h = _legend(chart_id, language, PAD, y, inner, 12, colour, shape, bool(moments))
    out += legend
    y += h + 12
    grid_top = y

    # column headings: step, the lane with its scale, the layers
    heads = [(PAD, PAGE_STEP_W, L("charts.row.steps")), (lane_x, PAGE_LANE_W, L("charts.journeymap.lane"))]
    heads += [(layers_x + layer_w * i, layer_w, L(f"charts.layer.{layer}")) for i, layer in enumerate(layers)]
    head_runs = [[Run(text, size=13, bold=True)] for _, _, text in heads]
    tick_h = fonts.line_height(12)
    head_h = max(runs_height(r, w - 2 * CELL_PAD) for r, (_, w, _) in zip(head_runs, heads)) + 2 * CELL_PAD
    head_h = max(head_h, runs_height(head_runs[1], PAGE_LANE_W - 2 * CELL_PAD) + tick_h + 2 * CELL_PAD + 2)
    for i, ((x, w, _), runs) in enumerate(zip(heads, head_runs)):
        cell = f"{chart_id}-head-{i}"
        out.append(cell_rect(cell, x, y, w, head_h, fill=BAND, stroke=RULE))
        out += text_block(runs, x + CELL_PAD, y + CELL_PAD, w - 2 * CELL_PAD, cell)[0]
    lane_left, lane_right = lane_x + 19, lane_x + PAGE_LANE_W - 19
    x_of = lambda v: lane_left + (max(-100.0, min(100.0, v)) + 100) / 200 * (lane_right - lane_left)  # noqa: E731
    tick_cell = f"{chart_id}-ticks"
    ty = y + head_h - tick_h - 3
    out.append(cell_rect(tick_cell, lane_x, ty, PAGE_LANE_W, tick_h))
    for tick in (-100, 0, 100):
        baseline = ty + (tick_h - (fonts.ASCENT + fonts.DESCENT) * 12) / 2 + fonts.ASCENT * 12
        out.append(f'<text x="{num(x_of(tick))}" y="{num(baseline)}" text-anchor="middle" font-size="12" fill="{MUTED}" '
                   f'data-cell="{tick_cell}">{esc(whole(tick))}</text>')
    y += head_h
    body_top = y

    lane_points: list[tuple[float, float, float, str] | None] = []
    for p_index, phase in enumerate(jm.phases):
        if phase.label:
            runs = [Run(phase.label, size=14, bold=True)]  # within the step column: it stays in view on a phone
            ph = runs_height(runs, PAGE_STEP_W - 2 * CELL_PAD) + 2 * CELL_PAD
            cell = f"{chart_id}-phase-{p_index}"
            out.append(f'<rect x="{num(PAD)}" y="{num(y)}" width="{num(inner)}" height="{num(ph)}" fill="#E4E8EE" stroke="{RULE}"/>')
            out.append(cell_rect(cell, PAD, y, PAGE_STEP_W, ph))
            out += text_block(runs, PAD + CELL_PAD, y + CELL_PAD, PAGE_STEP_W - 2 * CELL_PAD, cell)[0]
            y += ph
            lane_points.append(None)  # the lane passes the phase band
        for step in phase.steps:
            index = steps.index(step)
            moment = step.id in moments
            step_runs = [Run(step.label, size=14, bold=True, gap=FLAG_ROOM if moment else 0)]
            if moment:
                step_runs.append(Run(L("charts.moment"), size=12, bold=True, gap=2))
            if step.partners:
                step_runs.append(Run(L("charts.entry.partners", partners=", ".join(step.partners)), size=12, colour=MUTED, gap=3))
            cells = [cell_items(chart_id, f"{chart_id}-{layer}-{index}", layer, step.entries(layer), text_w, size, language)
                     for layer in layers]
            row_h = max([_stack(c, 6) for c in cells] + [runs_height(step_runs, PAGE_STEP_W - 2 * CELL_PAD), 40]) + 2 * CELL_PAD
            fill = HIGHLIGHT if moment else "none"
            cell = f"{chart_id}-steps-{index}"
            out.append(cell_rect(cell, PAD, y, PAGE_STEP_W, row_h, fill=HIGHLIGHT if moment else BAND, stroke=RULE))
            if moment:
                out.append(flag(PAD + CELL_PAD + 1, y + CELL_PAD + FLAG_ROOM - 2, 14, TEXT))
            out += text_block(step_runs, PAD + CELL_PAD, y + CELL_PAD, PAGE_STEP_W - 2 * CELL_PAD, cell)[0]
            out.append(f'<rect x="{num(lane_x)}" y="{num(y)}" width="{num(PAGE_LANE_W)}" height="{num(row_h)}" fill="{fill}" stroke="{RULE}"/>')
            for i, items in enumerate(cells):
                cell = f"{chart_id}-{layers[i]}-{index}"
                x = layers_x + layer_w * i
                out.append(cell_rect(cell, x, y, layer_w, row_h, fill=fill, stroke=RULE))
                out += _draw_stack(items, x + CELL_PAD, y + CELL_PAD, 6)
            value = values.get(step.id)
            lane_points.append((x_of(value), y + row_h / 2, value, step.id) if value is not None else None)
            y += row_h
    # the lane: zero line, the line through the scored steps (a phase band does not break it), values
    out.append(f'<line class="kek-zero" x1="{num(x_of(0))}" y1="{num(body_top)}" x2="{num(x_of(0))}" y2="{num(y)}" stroke="{GRID}" '
               f'stroke-width="1" stroke-dasharray="3 3"/>')
    scored = [p for p in lane_points if p is not None]
    if len(scored) > 1:
        out.append(f'<path d="M{"L".join(f"{num(px)} {num(py)}" for px, py, _, _ in scored)}" fill="none" stroke="{colour}" '
                   f'stroke-width="3" stroke-linejoin="round"/>')
    for px, py, value, step_id in scored:
        text = whole(value)
        tw = fonts.text_width(text, 12, True) + 4
        tx = px + 9 if px + 9 + tw <= lane_x + PAGE_LANE_W - 2 else px - 9 - tw
        cell = f"{chart_id}-lane-{step_id}"
        out.append(f'<g class="kek-point" data-step="{attr(step_id)}" data-value="{num(value)}">{marker(shape, px, py, 5.5, colour)}</g>')
        out.append(cell_rect(cell, tx, py - 16, tw, fonts.line_height(12), fill=BACKGROUND, extra=' fill-opacity="0.85" rx="2"'))
        baseline = py - 16 + (fonts.line_height(12) - (fonts.ASCENT + fonts.DESCENT) * 12) / 2 + fonts.ASCENT * 12
        out.append(f'<text x="{num(tx + 2)}" y="{num(baseline)}" font-size="12" font-weight="bold" data-cell="{cell}">{esc(text)}</text>')
    out.append(f'<rect x="{num(PAD)}" y="{num(grid_top)}" width="{num(inner)}" height="{num(y - grid_top)}" fill="none" stroke="{RULE}"/>')
    height = y + PAD
    return _close(chart_id, width, height, study, jm, language, out, sticky=PAD + PAGE_STEP_W, grid_top=grid_top, hm=hm)


FLAG_ROOM = 18.0  # room above a moment's step label for its flag


def _close(chart_id: str, width: float, height: float, study: Study, jm: JourneyMap, language: str, out: list[str], *,
           sticky: float | None, grid_top: float, hm=None) -> str:
    head = svg_open(chart_id, width, height, map_title(study, jm, language), describe(study, jm, language, hm),
                    extra_class="kek-journeymap", attrs=sticky_attrs(sticky, grid_top))
    return head + icon_defs(chart_id) + "\n" + content_open(chart_id) + "\n".join(out) + "\n</g>\n</svg>\n"


def sticky_attrs(sticky: float | None, grid_top: float) -> dict[str, str]:
    """Where the column that stays in view on a phone ends, and where the grid starts (charts.css)."""
    return {} if sticky is None else {"data-sticky-width": num(sticky), "data-grid-top": num(grid_top)}


def _slide(study: Study, jm: JourneyMap, language: str, chart_id: str, limit: int | None, colours: Sequence[str], hm) -> str:
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    size = 14.0
    steps = jm.steps
    left = PAD + SLIDE_LABEL_W
    col_w = SLIDE_COLUMN_W
    width = left + col_w * len(steps) + PAD
    inner = width - 2 * PAD
    text_w = col_w - 2 * CELL_PAD
    moments = set(hm.moments_of_truth)
    values = emotion(study, jm, hm)
    style = _style(study, jm)
    colour, shape = colour_for(tuple(colours), style), MARKERS[style % len(MARKERS)]
    out, h = _header(study, jm, language, chart_id, inner, 16)
    y = PAD + h + 10
    legend, h = _legend(chart_id, language, PAD, y, inner, 14, colour, shape, bool(moments))
    out += legend
    y += h + 12
    grid_top = y

    def row_label(name: str, text: str, top: float, height: float) -> None:
        cell = f"{chart_id}-{name}-label"
        out.append(cell_rect(cell, PAD, top, SLIDE_LABEL_W, height, fill=BAND, stroke=RULE))
        out.extend(text_block([Run(text, size=size, bold=True)], PAD + CELL_PAD, top + CELL_PAD, SLIDE_LABEL_W - 2 * CELL_PAD, cell)[0])

    def label_h(text: str) -> float:
        return runs_height([Run(text, size=size, bold=True)], SLIDE_LABEL_W - 2 * CELL_PAD) + 2 * CELL_PAD

    # phases as arrows-like bands, then the steps
    if any(p.id for p in jm.phases):
        texts = [[Run(p.label, size=size + 1, bold=True)] for p in jm.phases]
        ph = max([runs_height(r, col_w * len(p.steps) - 2 * CELL_PAD) for r, p in zip(texts, jm.phases)] +
                 [label_h(L("charts.row.phases")) - 2 * CELL_PAD]) + 2 * CELL_PAD
        row_label("phases", L("charts.row.phases"), y, ph)
        x = left
        for b, (runs, phase) in enumerate(zip(texts, jm.phases)):
            w = col_w * len(phase.steps)
            cell = f"{chart_id}-phase-{b}"
            out.append(cell_rect(cell, x, y, w, ph, fill="#E4E8EE", stroke=RULE))
            out += text_block(runs, x + CELL_PAD, y + CELL_PAD, w - 2 * CELL_PAD, cell, anchor="middle")[0]
            x += w
        y += ph
    step_runs = []
    for step in steps:
        runs = [Run(step.label, size=size + 1, bold=True)]
        if step.id in moments:
            runs.append(Run(L("charts.moment"), size=size, bold=True, gap=FLAG_ROOM + 2))
        step_runs.append(runs)
    sh = max([runs_height(r, text_w) for r in step_runs] + [label_h(L("charts.row.steps")) - 2 * CELL_PAD]) + 2 * CELL_PAD
    row_label("steps", L("charts.row.steps"), y, sh)
    for i, (step, runs) in enumerate(zip(steps, step_runs)):
        cell = f"{chart_id}-steps-{i}"
        out.append(cell_rect(cell, left + col_w * i, y, col_w, sh, fill=HIGHLIGHT if step.id in moments else BAND, stroke=RULE))
        out += text_block(runs, left + col_w * i + CELL_PAD, y + CELL_PAD, text_w, cell, anchor="middle")[0]
        if step.id in moments:
            name_h = runs_height(runs[:1], text_w)
            out.append(flag(left + col_w * (i + 0.5) - 5, y + CELL_PAD + name_h + FLAG_ROOM, 16, TEXT))
    y += sh

    # the emotion lane inside the map
    lh = SLIDE_LANE_H
    row_label("lane", L("charts.journeymap.lane"), y, lh)
    for i, step in enumerate(steps):
        fill = HIGHLIGHT if step.id in moments else "none"
        out.append(f'<rect x="{num(left + col_w * i)}" y="{num(y)}" width="{num(col_w)}" height="{num(lh)}" fill="{fill}" stroke="{RULE}"/>')
    top, bottom = y + 24, y + lh - 24
    y_of = lambda v: top + (100 - max(-100.0, min(100.0, v))) / 200 * (bottom - top)  # noqa: E731
    out.append(f'<line class="kek-zero" x1="{num(left)}" y1="{num(y_of(0))}" x2="{num(left + col_w * len(steps))}" y2="{num(y_of(0))}" '
               f'stroke="{GRID}" stroke-dasharray="3 3"/>')
    pts = [(left + col_w * (i + 0.5), y_of(values[s.id]), values[s.id], s.id) for i, s in enumerate(steps) if values.get(s.id) is not None]
    if len(pts) > 1:
        out.append(f'<path d="M{"L".join(f"{num(px)} {num(py)}" for px, py, _, _ in pts)}" fill="none" stroke="{colour}" '
                   f'stroke-width="4" stroke-linejoin="round"/>')
    for px, py, value, step_id in pts:
        text = whole(value)
        tw = fonts.text_width(text, size, True) + 4
        ty = py - 9 - fonts.line_height(size) if value >= 0 else py + 9
        cell = f"{chart_id}-lane-{step_id}"
        out.append(f'<g class="kek-point" data-step="{attr(step_id)}" data-value="{num(value)}">{marker(shape, px, py, 6.5, colour)}</g>')
        out.append(cell_rect(cell, px - tw / 2, ty, tw, fonts.line_height(size), fill=BACKGROUND, extra=' fill-opacity="0.85" rx="2"'))
        baseline = ty + (fonts.line_height(size) - (fonts.ASCENT + fonts.DESCENT) * size) / 2 + fonts.ASCENT * size
        out.append(f'<text x="{num(px)}" y="{num(baseline)}" text-anchor="middle" font-size="{num(size)}" font-weight="bold" '
                   f'data-cell="{cell}">{esc(text)}</text>')
    y += lh

    for index, layer in enumerate(jm.layers):
        # pains keep `limit` entries, the other layers one fewer: the slide stays one 16:9 screen
        keep = limit if limit is None or layer == "pains" else max(1, limit - 1)
        cells = [cell_items(chart_id, f"{chart_id}-{layer}-{i}", layer, step.entries(layer), text_w, size, language, keep)
                 for i, step in enumerate(steps)]
        rh = max([_stack(c, 6) for c in cells] + [label_h(L(f"charts.layer.{layer}")) - 2 * CELL_PAD]) + 2 * CELL_PAD
        row_label(layer, L(f"charts.layer.{layer}"), y, rh)
        for i, items in enumerate(cells):
            cell = f"{chart_id}-{layer}-{i}"
            out.append(cell_rect(cell, left + col_w * i, y, col_w, rh, fill="#FAFBFC" if index % 2 else "none", stroke=RULE))
            out += _draw_stack(items, left + col_w * i + CELL_PAD, y + CELL_PAD, 6)
        y += rh
    out.append(f'<rect x="{num(PAD)}" y="{num(grid_top)}" width="{num(inner)}" height="{num(y - grid_top)}" fill="none" stroke="{RULE}"/>')
    return _close(chart_id, width, y + PAD, study, jm, language, out, sticky=None, grid_top=grid_top, hm=hm)


__all__ = ["describe", "emotion", "entry_runs", "journeymap_svg", "map_title"]
