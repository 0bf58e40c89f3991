"""The Hartmonitor and Klantreiskaart pages of a study, with their SVG, PNG and PDF files.

Pages: `<folder>/hartmonitor.md` and `<folder>/klantreiskaart.md` (`journey-map.md` on an
English site; words from render/addresses.py); templates kekpublish/hartmonitor.html and
kekpublish/journeymap.html render the page content. Files beside them, named alike:
`hartmonitor.svg|.png|.pdf`, `hartmonitor-<segment>.…` (with two or more segments),
`klantreiskaart.svg` (the page's map, everything), `klantreiskaart.png|.pdf` (the slide
version: the map left to right, the top entries per cell), `klantreiskaart-<segment>.…`
(the hartmonitor's PNG is a slide too: without the pains and levers its PDF keeps)
and `bestuurssamenvatting.pdf` (`board-summary.pdf`).

On the page every chart scales to its column (charts.css); its `frame` says how wide it
is and which left part stays in view when it scrolls on a phone; the full-screen link
opens the SVG file itself.

Links assume MkDocs' directory URLs (use_directory_urls: true, the default):
the page `<folder>/hartmonitor.md` is served at `<folder>/hartmonitor/`, so the
file `<folder>/hartmonitor.png` is linked as `../hartmonitor.png`.

Where cairo is missing, PNG/PDF exports are skipped with one notice (see
`charts_publication` to get one notice for many studies).

With a cache_dir, a study's chart pages are read back from render/chart_cache.py when
nothing that feeds them changed, and cairo is asked about only when an export is not in
the export cache.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..compute import hartmonitor as hm_compute
from ..compute import journeymap as jm_compute
from ..compute.actions import reference_date
from ..compute.evidence import study_evidence
from ..compute.kern import study_kern
from ..export import images
from ..model.site import Study, slug
from ..publish.options import Options
from . import chart_cache, evidence as evidence_view
from .addresses import address
from .i18n import label
from .output import OutputFile, OutputPage, Publication
from .svg.board import board_summary_svg, pain_reach
from .svg.hartmonitor import chart_steps, describe as hm_describe, hartmonitor_series, hartmonitor_svg
from .svg.journeymap import describe as jm_describe, entry_runs, journeymap_svg, map_title
from .templates import format_number


def _uri(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


_ROOT = re.compile(r'<svg [^>]*>')


def frame(svg: str) -> dict:
    """How the page shows a chart: its natural size, and the part left of `sticky` that stays in view."""
    root = _ROOT.search(svg).group(0)
    get = lambda name: (m := re.search(fr' {name}="([0-9.]+)"', root)) and float(m.group(1))  # noqa: E731
    width, height = get("width"), get("height")
    sticky, top = get("data-sticky-width"), get("data-grid-top")
    info = {"width": width, "height": height, "sticky": None}
    if sticky and top is not None and width and height:
        info["sticky"] = {"view_box": f"0 {top:g} {sticky:g} {height - top:g}",
                          "width": f"{sticky / width * 100:.4f}%", "top": f"{top / width * 100:.4f}%"}
    return info


def chart_pages(study: Study, options: Options, exports: "images.ExportBatch | None" = None, *,
                previous: Study | None = None) -> Publication:
    """Both chart pages of one study and their files; notices say if exports were skipped.

    `previous` is the round before (for the change since then on the board summary).
    With an `exports` batch, PNG/PDF files are left empty and their conversions added to
    the batch, which the caller runs once for the whole build (in parallel); without one
    they are converted here.
    """
    batch = exports if exports is not None else images.ExportBatch(options.cache_dir)
    reference = reference_date(study, options)
    name = chart_cache.key(study, options, previous, reference) if options.cache_dir is not None else None
    entry = chart_cache.load(options.cache_dir, name) if name else None
    error = None
    if options.exports and entry is not None and not entry.exported:
        error = images.cairo_error()  # drawn without exports (cairo was missing then): is it still?
    drawn = entry is None or entry.exported != (options.exports and error is None)
    if drawn:
        entry = _draw(study, options, options.exports and error is None, previous, reference)
    # cairo is asked about (importing it takes 0.1 s) only when an export needs converting: not when
    # every one is in the export cache, as after a prose edit that redraws the same charts
    if entry.exported and not batch.all_cached(entry.jobs):
        error = images.cairo_error()
        if error:
            entry, drawn = _draw(study, options, False, previous, reference), True
    if drawn and name:
        chart_cache.store(options.cache_dir, name, entry)
    pub = entry.pub
    if options.exports and error:
        pub.notices.append(images.skipped_notice(options.language, error))
    for index, svg, kind in entry.jobs:
        batch.add(pub.files[index], svg, kind)
    if exports is None:
        batch.run()
    return pub


def _draw(study: Study, options: Options, export: bool, previous: Study | None, reference) -> "chart_cache.Entry":
    """chart_pages without the caches: the pages, their files (exports left empty) and the conversions they need."""
    lang = options.language
    L = lambda key, **kw: label(lang, key, **kw)  # noqa: E731
    pub = Publication()
    jobs: list[tuple[int, str, str]] = []
    folder = study.folder
    hm_word, jm_word, board_word = address(lang, "hartmonitor"), address(lang, "journeymap"), address(lang, "board_summary")

    def files(stem: str, svg: str, chart_title: str, png: str | None = None, pdf: str | None = None) -> list[dict]:
        """The SVG (as on the page), the PNG (a slide: `png` where given) and the PDF (`pdf` where given)."""
        pub.files.append(OutputFile(_uri(folder, f"{stem}.svg"), svg))
        links = []
        if export:
            for suffix, kind, source in (("png", "png2", png), ("pdf", "pdf", pdf)):
                pub.files.append(OutputFile(_uri(folder, f"{stem}.{suffix}"), b""))
                jobs.append((len(pub.files) - 1, source or svg, kind))
            links += [{"href": f"../{stem}.png", "label": L("charts.download.png", chart=chart_title)},
                      {"href": f"../{stem}.pdf", "label": L("charts.download.pdf", chart=chart_title)}]
        links.append({"href": f"../{stem}.svg", "label": L("charts.download.svg", chart=chart_title)})
        return links

    # --- hartmonitor -------------------------------------------------------------
    hm = hm_compute.compute(study)
    evidence = study_evidence(study)  # the narratives and visits behind every pain, idea and score (issue 15)
    colours = tuple(options.colours)
    charts = []
    variants: list[tuple[str, list[str] | None]] = [(hm_word, None)]
    if len(study.meta.segments) > 1:
        variants += [(f"{hm_word}-{slug(s.id)}", [s.id]) for s in study.meta.segments]
    for stem, segments in variants:
        chart_id = f"kek-{stem}"
        svg = hartmonitor_svg(study, hm, colours=colours, language=lang, chart_id=chart_id, segments=segments)
        series = hartmonitor_series(study, hm, language=lang, colours=colours, segments=segments)
        title = (L("charts.hartmonitor.segment_title", segment=study.segments[segments[0]].label, title=study.meta.title)
                 if segments else L("charts.hartmonitor.title", title=study.meta.title))
        # the PNG is a slide (header, steps, curve, moments: about 16:10); the PDF keeps pains and levers
        slide = (hartmonitor_svg(study, hm, colours=colours, language=lang, chart_id=f"{chart_id}-slide", segments=segments,
                                 compact=True) if export else None)
        charts.append({"id": chart_id, "title": title, "svg": Markup(svg), "frame": frame(svg),
                       "fullscreen": f"../{stem}.svg",
                       "desc": hm_describe(study, hm, series, title, lang),
                       "downloads": files(stem, svg, title, png=slide), "table": hartmonitor_table(study, hm, series, lang, evidence)})
    board = None
    if export:
        kern = study_kern(study, previous, reference)
        pub.files.append(OutputFile(_uri(folder, f"{board_word}.pdf"), b""))
        jobs.append((len(pub.files) - 1, board_summary_svg(study, hm, kern, colours=colours, language=lang), "pdf"))
        board = {"href": f"../{board_word}.pdf", "label": L("charts.download.board")}
    pains = [{"step": study.steps[p.step].label if p.step in study.steps else p.step, "text": p.text, "chain": p.chain,
              "detail": L("charts.pains.count", reach=pain_reach(p, len(study.narratives), len(study.visits), lang),
                          score=format_number(p.score, language=lang)),
              "sources": evidence_view.sources(evidence.pain(p.step, p.text), "../", lang)}
             for p in hm.main_pains(5)]
    levers = [{"step": study.steps[s].label, "texts": list(items)} for s, items in study.meta.levers.items() if s in study.steps and items]
    pub.pages.append(OutputPage(
        uri=_uri(folder, f"{hm_word}.md"), title=L("charts.hartmonitor"), template="kekpublish/hartmonitor.html",
        context={"study_title": study.meta.title, "main": charts[0], "segment_charts": charts[1:], "board": board,
                 "exported": export, "exports_wanted": options.exports, "pains": pains, "levers": levers,
                 "kpis": evidence_view.kpi_rows(study, lang, to_hartmonitor="")},
        search=True))

    # --- klantreiskaart -----------------------------------------------------------------
    maps = []
    for jm in jm_compute.maps_for(study):
        stem = jm_word if jm.segment is None else f"{jm_word}-{slug(jm.segment)}"
        chart_id = f"kek-{stem}"
        svg = journeymap_svg(study, jm, language=lang, chart_id=chart_id, colours=colours, hm=hm)
        slide = (journeymap_svg(study, jm, language=lang, chart_id=f"{chart_id}-slide", colours=colours, layout="slide", hm=hm)
                 if export else None)
        title = map_title(study, jm, lang)
        maps.append({"id": chart_id, "title": title, "svg": Markup(svg), "frame": frame(svg), "fullscreen": f"../{stem}.svg",
                     "desc": jm_describe(study, jm, lang, hm),
                     "downloads": files(stem, svg, title, png=slide, pdf=slide), "table": journeymap_table(jm, lang, evidence), "empty": jm.is_empty})
    pub.pages.append(OutputPage(
        uri=_uri(folder, f"{jm_word}.md"), title=L("charts.journeymap"), template="kekpublish/journeymap.html",
        context={"study_title": study.meta.title, "main": maps[0], "segment_maps": maps[1:], "board": board,
                 "exported": export, "exports_wanted": options.exports,
                 "kpis": evidence_view.kpi_rows(study, lang, to_hartmonitor=f"../{hm_word}/")},
        search=True))
    return chart_cache.Entry(pub, jobs, export)


def charts_publication(studies, options: Options) -> Publication:
    """chart_pages for every study, with each notice said once."""
    pub = Publication()
    for study in studies:
        pub.add(chart_pages(study, options))
    return pub


def hartmonitor_table(study: Study, hm, series, language: str, evidence=None) -> dict:
    """The data table: one row per step and series, with the same (rounded) numbers as the chart.

    With `evidence` (compute/evidence.py) each row names the narratives (or visits) behind its
    value, and the first row of a step carries the step's process figures (kpis).
    """
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    fmt = lambda v: format_number(v, language=language)  # noqa: E731
    moments = set(hm.moments_of_truth)
    rows = []
    lines = {line.key: line for line in hm.segments}
    targets = {s.key.removeprefix("target-"): s for s in series if s.kind == "target"}
    kpis = evidence_view.kpis_by_step(study, language)
    for step in chart_steps(study, hm):
        first = True
        for s in series:
            if s.kind == "target":
                continue
            p = s.point(step.id)
            if s.kind == "markers":
                raw = hm.shopping.at(step.id) if hm.shopping else None
                source = L("charts.source.visits") if p else ""
                target = ""
            else:
                raw = lines[s.key].at(step.id)
                source = (L("charts.source.workshop") if raw.workshop else L("charts.source.computed")) if p else ""
                t = targets.get(s.key)
                tp = t.point(step.id) if t else None
                target = fmt(tp.value) if tp else ""
            rows.append({
                "step": step.label, "phase": step.group or "", "series": s.label,
                "value": fmt(p.value) if p else fmt(None), "source": source,
                "computed": fmt(raw.computed) if raw and raw.computed is not None else fmt(None),
                "n": raw.n if raw else 0, "min": fmt(raw.min), "max": fmt(raw.max),
                "target": target, "moment": L("charts.table.yes") if step.id in moments else "",
                "step_id": step.id, "series_key": s.key,
                "sources": evidence_view.score_sources(evidence, step.id, s.key, s.kind, "../", language)
                if evidence is not None and p else None,
                "kpis": kpis.get(step.id, []) if first else [],
            })
            first = False
    return {"caption": L("charts.table.caption"), "rows": rows}


def journeymap_table(jm, language: str, evidence=None) -> dict:
    """The map as a table: a row per step (grouped by phase), a column per layer; entries as text + meta.

    With `evidence`, pains and ideas name their narratives and visits (links to their pages).
    """
    phases = []
    for phase in jm.phases:
        steps = []
        for step in phase.steps:
            cells = []
            for layer in jm.layers:
                entries = []
                for entry in step.entries(layer):
                    runs = entry_runs(layer, entry, language)
                    found = (evidence.text(layer, step.id, entry.text, jm.segment)
                             if evidence is not None and layer in ("pains", "ideas") else None)
                    entries.append({"text": runs[0].text, "meta": runs[1].text if len(runs) > 1 else "",
                                    "sources": evidence_view.sources(found, "../", language) if found and found.sources else None})
                cells.append(entries)
            steps.append({"label": step.label, "cells": cells})
        phases.append({"label": phase.label, "steps": steps})
    return {"caption": label(language, "charts.table.map_caption", title=map_title_plain(jm, language)),
            "layers": [label(language, f"charts.layer.{layer}") for layer in jm.layers], "phases": phases}


def map_title_plain(jm, language: str) -> str:
    if jm.segment:
        return label(language, "charts.journeymap.segment", segment=jm.segment_label)
    return label(language, "charts.journeymap")
