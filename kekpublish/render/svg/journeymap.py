"""The klantreiskaart as an SVG: steps grouped by phase as columns, layers as rows.

Text wraps inside its cell with the metrics of the shipped DejaVu Sans; row
heights follow the tallest cell, so nothing overflows or overlaps. Columns
keep a readable width (COLUMN_W): a long journey makes a wider canvas, which
the page shows in a horizontally scrolling region (see charts.css).
Chain pains and visit findings are marked in words (a meta line under the
entry), never by colour alone.
"""

from __future__ import annotations

from ...compute.journeymap import JourneyMap
from ...model.site import Study
from ..i18n import label
from .markup import BAND, MUTED, RULE, Run, cell_rect, num, runs_height, svg_open, text_block

LABEL_W = 170.0
COLUMN_W = 230.0
PAD = 16.0
CELL_PAD = 8.0


def map_title(study: Study, jm: JourneyMap, language: str = "nl") -> str:
    if jm.segment:
        return label(language, "charts.journeymap.segment_title", segment=jm.segment_label, title=study.meta.title)
    return label(language, "charts.journeymap.title", title=study.meta.title)


def describe(study: Study, jm: JourneyMap, language: str = "nl") -> str:
    """A summary in words: steps, phases, pains (chain pains) and where most pains are."""
    title = map_title(study, jm, language)
    pains = [(step, e) for step in jm.steps for e in step.entries("pains")]
    phases = len([p for p in jm.phases if p.id is not None]) or len(jm.phases)
    text = label(language, "charts.journeymap.desc", title=title, steps=len(jm.steps), phases=phases,
                 pains=len(pains), chain=sum(1 for _, e in pains if e.chain))
    if pains:
        counts = [(len(step.entries("pains")), -i, step) for i, step in enumerate(jm.steps)]
        count, _, step = max(counts, key=lambda c: (c[0], c[1]))
        text += " " + label(language, "charts.journeymap.desc_most", step=step.label, count=count)
    return text


def entry_runs(layer: str, entry, language: str = "nl", size: float = 13) -> list[Run]:
    """The runs of one entry: its text (bulleted) and a muted meta line (channel, partner, chain, visit, count)."""
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
        runs.append(Run(" · ".join(meta), size=size - 2, colour=MUTED, indent=12, bold=layer == "pains" and entry.chain))
    return runs


def journeymap_svg(study: Study, jm: JourneyMap, *, language: str = "nl", chart_id: str = "kek-journeymap",
                   column_width: float = COLUMN_W) -> str:
    """The klantreiskaart as an SVG string (width grows with the number of steps)."""
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    steps = jm.steps
    title = map_title(study, jm, language)
    desc = describe(study, jm, language)
    left = PAD + LABEL_W
    width = left + column_width * len(steps) + PAD
    inner = width - 2 * PAD
    text_w = column_width - 2 * CELL_PAD
    out: list[str] = []
    y = PAD

    header = [Run(title, size=18, bold=True)]
    if jm.segment:
        sub = L("charts.journeymap.segment", segment=jm.segment_label)
    else:
        sub = L("charts.journeymap.all") if jm.visits else L("charts.journeymap.all_no_visits")
    basis = (L("charts.journeymap.basis", respondents=jm.respondents, visits=jm.visits) if jm.visits
             else L("charts.journeymap.basis_narratives", respondents=jm.respondents))
    header.append(Run(f"{sub}. {basis}", size=13, gap=4))
    h = runs_height(header, min(inner, 1200))
    out.append(cell_rect(f"{chart_id}-header", PAD, y, min(inner, 1200), h))
    out += text_block(header, PAD, y, min(inner, 1200), f"{chart_id}-header")[0]
    y += h + 12
    grid_top = y

    def row(name: str, heading: str, per_step: list[list[Run]], fill: str = "none", heading_fill: str = BAND) -> None:
        nonlocal y
        heading_runs = [Run(heading, size=13, bold=True)]
        height = max([runs_height(r, text_w) for r in per_step] + [runs_height(heading_runs, LABEL_W - 2 * CELL_PAD)]) + 2 * CELL_PAD
        cell = f"{chart_id}-{name}-label"
        out.append(cell_rect(cell, PAD, y, LABEL_W, height, fill=heading_fill, stroke=RULE))
        out.extend(text_block(heading_runs, PAD + CELL_PAD, y + CELL_PAD, LABEL_W - 2 * CELL_PAD, cell)[0])
        for i, runs in enumerate(per_step):
            cell = f"{chart_id}-{name}-{i}"
            out.append(cell_rect(cell, left + column_width * i, y, column_width, height, fill=fill, stroke=RULE))
            out.extend(text_block(runs, left + column_width * i + CELL_PAD, y + CELL_PAD, text_w, cell)[0])
        y += height

    # phases: one cell spanning its steps
    if any(p.id for p in jm.phases):
        heading_runs = [Run(L("charts.row.phases"), size=13, bold=True)]
        content = [([Run(p.label, size=14, bold=True)], column_width * len(p.steps) - 2 * CELL_PAD) for p in jm.phases]
        height = max([runs_height(r, w) for r, w in content] + [runs_height(heading_runs, LABEL_W - 2 * CELL_PAD)]) + 2 * CELL_PAD
        cell = f"{chart_id}-phases-label"
        out.append(cell_rect(cell, PAD, y, LABEL_W, height, fill=BAND, stroke=RULE))
        out.extend(text_block(heading_runs, PAD + CELL_PAD, y + CELL_PAD, LABEL_W - 2 * CELL_PAD, cell)[0])
        x = left
        for b, (runs, w) in enumerate(content):
            cell = f"{chart_id}-phase-{b}"
            out.append(cell_rect(cell, x, y, w + 2 * CELL_PAD, height, fill=BAND, stroke=RULE))
            out.extend(text_block(runs, x + CELL_PAD, y + CELL_PAD, w, cell, anchor="middle")[0])
            x += w + 2 * CELL_PAD
        y += height

    step_runs = []
    for step in steps:
        runs = [Run(step.label, size=14, bold=True)]
        if step.partners:
            runs.append(Run(L("charts.entry.partners", partners=", ".join(step.partners)), size=11, colour=MUTED, gap=2))
        step_runs.append(runs)
    row("steps", L("charts.row.steps"), step_runs, fill=BAND)

    for index, layer in enumerate(jm.layers):
        per_step = []
        for step in steps:
            runs: list[Run] = []
            for entry in step.entries(layer):
                er = entry_runs(layer, entry, language)
                if runs:
                    er[0] = Run(er[0].text, size=er[0].size, indent=er[0].indent, bullet=er[0].bullet, gap=6)
                runs += er
            per_step.append(runs)
        row(layer, L(f"charts.layer.{layer}"), per_step, fill="#FAFBFC" if index % 2 else "none")

    out.append(f'<rect x="{num(PAD)}" y="{num(grid_top)}" width="{num(inner)}" height="{num(y - grid_top)}" fill="none" stroke="{RULE}"/>')
    height = y + PAD
    return svg_open(chart_id, width, height, title, desc, extra_class="kek-journeymap") + "\n".join(out) + "\n</svg>\n"
