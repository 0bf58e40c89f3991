"""The board summary (bestuurssamenvatting): one A4 landscape page a board reads in two minutes.

Top: title, round, reference date and n. Then de kern in words (render/kern.py)
beside the hartmonitor curve (every segment, desired curve and mystery shopping,
moments of truth flagged, dips labelled). Below: the five main pains with "genoemd
door 5 van 8 respondenten", and the action plan's status in the site's words with
the late actions first and how late they are.

The page is 1123 x 794 user units (297 x 210 mm at 96 dpi); no text is smaller than
MIN_TEXT px = 8.25 pt, so it prints legibly. The PDF is made by cairosvg
(export/images.py); tests read its font sizes back with pypdf.
"""

from __future__ import annotations

from typing import Sequence

from ...compute.evidence import study_evidence
from ...compute.hartmonitor import Hartmonitor
from ...compute.kern import Kern
from ...model.site import Study
from ...model.types import STATUSES
from ...publish.options import DEFAULT_COLOURS
from ..evidence import board_citation
from ..i18n import label
from . import fonts
from .hartmonitor import chart_steps, deepest_dips, dip_labels, hartmonitor_series
from .linechart import LegendItem, Plot, draw_axis, draw_legend, draw_plot, marked_legend_item, series_legend
from .markup import BAND, HIGHLIGHT, MUTED, RULE, TEXT, Run, cell_rect, flag, num, runs_height, svg_open, text_block

A4_W, A4_H = 1123.0, 794.0  # A4 landscape in CSS px (297 x 210 mm at 96 dpi)
PAD = 30.0
MIN_TEXT = 11.0  # px: 8.25 pt on paper
GAP = 14.0
MAX_PAINS = 5
MAX_LATE = 4


def _box(out: list[str], cell: str, x: float, y: float, w: float, runs: list[Run], *, fill: str = BAND,
         min_h: float = 0) -> float:
    h = max(runs_height(runs, w - 20) + 20, min_h)
    out.append(cell_rect(cell, x, y, w, h, fill=fill, stroke=RULE))
    out.extend(text_block(runs, x + 10, y + 10, w - 20, cell)[0])
    return h


def pain_reach(pain, n_respondents: int, n_visits: int, language: str) -> str:
    """'genoemd door 5 van 8 respondenten' (and the visits that found it)."""
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    text = L("board.reach.one" if n_respondents == 1 else "board.reach.other", count=pain.respondents, n=n_respondents)
    if pain.visits:
        text += L("board.reach_visits.one" if n_visits == 1 else "board.reach_visits.other", count=pain.visits, n=n_visits)
    return text


def board_summary_svg(study: Study, hm: Hartmonitor, kern: Kern, *, colours: Sequence[str] = DEFAULT_COLOURS,
                      language: str = "nl") -> str:
    """One A4-landscape page: kern, hartmonitor, main pains, action status (late first)."""
    from ..kern import duration, kern_lines, round_name

    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    inner = A4_W - 2 * PAD
    out: list[str] = []
    title = L("charts.board.title", title=study.meta.title)
    basis = dict(kern_lines(kern, language))["basis"]
    sub = f"{L('charts.header.round', value=round_name(study.meta.round, language))} · {basis}"
    runs = [Run(title, size=22, bold=True), Run(sub, size=13, gap=3, colour=MUTED)]
    h = runs_height(runs, inner)
    out.append(cell_rect("board-title", PAD, PAD, inner, h))
    out += text_block(runs, PAD, PAD, inner, "board-title")[0]
    y = PAD + h + GAP

    # de kern (left) and the hartmonitor (right)
    kern_w = 280.0
    lines = [(key, text) for key, text in kern_lines(kern, language) if key != "basis"]
    kern_runs = [Run(L("kern.heading"), size=16, bold=True)]
    kern_runs += [Run(text, size=13, bold=key == "dip", indent=14, bullet="•", gap=6) for key, text in lines]
    chart_x = PAD + kern_w + GAP
    chart_w = A4_W - PAD - chart_x
    chart_out, chart_h = _curve(study, hm, colours, language, chart_x, y, chart_w)
    _box(out, "board-kern", PAD, y, kern_w, kern_runs, min_h=chart_h)
    out += chart_out
    y += chart_h + GAP

    # main pains (left) and action plan status (right)
    pains_w = inner * 0.58
    bottom_h = A4_H - PAD - y
    pains, pain_runs = [], []
    evidence = study_evidence(study)  # each pain cites its sources: "genoemd door 2 van 8 respondenten (R01, R04)"
    cite = lambda p: pain_reach(p, kern.n_respondents, kern.n_visits, language) + board_citation(  # noqa: E731
        evidence.pain(p.step, p.text), language)
    for i, pain in enumerate(hm.main_pains(MAX_PAINS), 1):  # as many of the five as the page holds
        step = study.steps[pain.step].label if pain.step in study.steps else pain.step
        text = L("charts.pain.chain", text=pain.text) if pain.chain else pain.text
        more = [Run(f"{step}: {text}", size=12, indent=20, bullet=f"{i}.", gap=6),
                Run(cite(pain), size=MIN_TEXT, colour=MUTED, indent=20)]
        if runs_height([Run("x", size=15, bold=True)] + pain_runs + more, pains_w - 20) + 20 > bottom_h:
            break
        pains.append(pain)
        pain_runs += more
    runs = [Run(L("board.pains.heading", count=len(pains)) if pains else L("board.pains.none"), size=15, bold=True)] + pain_runs
    _box(out, "board-pains", PAD, y, pains_w, runs, fill="#FFFFFF", min_h=bottom_h)

    right_x = PAD + pains_w + GAP
    right_w = A4_W - PAD - right_x
    runs = _action_runs(kern, language, right_w, bottom_h)
    _box(out, "board-actions", right_x, y, right_w, runs, fill="#FFFFFF", min_h=bottom_h)

    desc = " ".join([title + ".", sub + "."] + [text + "." for _, text in lines] +
                    [L("board.pains.heading", count=len(pains)) + ": " + "; ".join(
                        f"{p.text} ({cite(p)})" for p in pains) + "."
                     if pains else ""])
    head = svg_open("kek-board", A4_W, A4_H, title, desc.strip())
    head = head.replace(f'width="{num(A4_W)}" height="{num(A4_H)}" viewBox', 'width="297mm" height="210mm" viewBox', 1)
    return head + "\n".join(out) + "\n</svg>\n"


def _action_runs(kern: Kern, language: str, width: float, height: float) -> list[Run]:
    """Status counts in the site's words, then the late actions (most late first), as many as fit."""
    from ..kern import duration

    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    runs = [Run(L("charts.board.actions"), size=15, bold=True)]
    if kern.actions is None:
        return runs + [Run(L("charts.board.no_actions"), size=12, gap=4, colour=MUTED)]
    counts = kern.actions
    total = sum(counts[s] for s in STATUSES)
    runs.append(Run(L("board.actions.total", count=total) if total != 1 else L("board.actions.total_one"), size=12, gap=4))
    for status in STATUSES:
        runs.append(Run(L("charts.board.status_line", status=L(f"actions.status.{status}"), count=counts[status]),
                        size=12, gap=2, indent=14, bullet="•"))
    if not kern.late:
        return runs + [Run(L("kern.late.none"), size=13, bold=True, gap=8)]
    for shown in range(min(MAX_LATE, kern.late_count), -1, -1):
        late = [Run(L("board.late.heading", count=kern.late_count), size=13, bold=True, gap=8)]
        for action in kern.late[:shown]:
            late.append(Run(f"{action.id} {action.title}", size=12, gap=3, indent=14, bullet="•"))
            late.append(Run(L("board.late.by", duration=duration(action.days_late, language)), size=MIN_TEXT,
                            colour=MUTED, indent=14, bold=True))
        if kern.late_count > shown:
            late.append(Run(L("charts.entry.more", count=kern.late_count - shown), size=MIN_TEXT, colour=MUTED, indent=14))
        if runs_height(runs + late, width - 20) + 20 <= height or shown == 0:
            return runs + late
    return runs


def _curve(study: Study, hm: Hartmonitor, colours: Sequence[str], language: str, x: float, y: float,
           width: float) -> tuple[list[str], float]:
    """The hartmonitor in the space of the board: legend, curve with moments and dips, step labels."""
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    out: list[str] = []
    steps = chart_steps(study, hm)
    series = hartmonitor_series(study, hm, language=language, colours=colours)
    extra: list[LegendItem] = []
    if any(p.marked for s in series for st in steps if (p := s.point(st.id))):
        extra.append(marked_legend_item(L("charts.legend.workshop")))
    if hm.moments_of_truth:
        extra.append(LegendItem(L("charts.legend.moment"), lambda xx, yy: (
            f'<rect x="{num(xx + 6)}" y="{num(yy - 9)}" width="24" height="18" fill="{HIGHLIGHT}" stroke="{RULE}"/>'
            + flag(xx + 14, yy + 7, 14, TEXT))))
    legend, h = draw_legend(series_legend(series, colours, extra), x, y, width, "board-legend", size=MIN_TEXT)
    out += legend
    top = y + h + 8
    axis_w = 44.0
    left = x + axis_w
    col_w = (width - axis_w) / max(len(steps), 1)
    plot_h = 170.0
    moments = set(hm.moments_of_truth)
    for i, st in enumerate(steps):
        if st.id in moments:
            out.append(f'<rect x="{num(left + col_w * i)}" y="{num(top)}" width="{num(col_w)}" height="{num(plot_h + 30)}" fill="{HIGHLIGHT}"/>')
    xs = {st.id: left + col_w * (i + 0.5) for i, st in enumerate(steps)}
    plot = Plot(xs, top + 12, plot_h)
    axis = draw_axis(plot, left, left + col_w * len(steps), "board-axis", language=language)
    out += [a.replace('font-size="12"', f'font-size="{num(MIN_TEXT + 1)}"') for a in axis]
    out += draw_plot(steps, series, plot, colours, language=language, marked_label=L("charts.source.workshop"))
    out += dip_labels("board", hm, steps, series, plot, left, col_w)
    label_top = top + plot_h + 30
    label_runs = [[Run(st.label, size=MIN_TEXT, bold=True)] for st in steps]
    label_h = max(runs_height(r, col_w - 6) for r in label_runs) if steps else 0
    for i, (st, runs) in enumerate(zip(steps, label_runs)):
        cell = f"board-step-{i}"
        out.append(cell_rect(cell, left + col_w * i, label_top, col_w, label_h + 18 if st.id in moments else label_h + 4,
                             fill=HIGHLIGHT if st.id in moments else "none"))
        out += text_block(runs, left + col_w * i + 3, label_top + 2, col_w - 6, cell, anchor="middle")[0]
        if st.id in moments:
            out.append(flag(left + col_w * (i + 0.5) - 4, label_top + label_h + 16, 12, TEXT))
    bottom = label_top + label_h + 20
    return out, bottom - y


__all__ = ["A4_H", "A4_W", "MIN_TEXT", "board_summary_svg", "deepest_dips", "pain_reach"]
