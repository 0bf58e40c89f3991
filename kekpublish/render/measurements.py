"""The interim-measurements page of a journey: `<folder>/tussenmetingen.md` (`interim-measurements.md` in English).

One page per journey with at least one interim measurement (kek: measurement, in
any round's folder), placed in the folder of the journey's latest round: that is
the round a board reads, its navigation section holds the page, and the page
keeps its address when a new measurement comes in. (The comparison page
`rondes/<journey>/` exists only with two rounds or more; interim measurements
matter most after the first one, when there is no comparison page yet.)

The page shows a time line per step (render/svg/timeline.py) with its title,
description in words and data table, then every measurement with its date,
source and body (what was asked, how and of whom; anonymised like all study text).
"""

from __future__ import annotations

from markupsafe import Markup

from ..compute import measurements as ms
from ..model.site import Site, slug
from . import formats
from .addresses import address
from .i18n import label
from .output import OutputPage, Publication
from .svg.timeline import timeline_svg


def measurements_uri(folder: str, language: str = "nl") -> str:
    page = address(language, "measurements")
    return f"{folder}/{page}.md" if folder else f"{page}.md"


def _whole(value: float) -> str:
    from .svg.markup import whole

    return whole(value)


def _step_view(timeline: ms.JourneyTimeline, line: ms.StepLine, options) -> dict:
    """One step: a chart per series (all segments, or a segment: its own colour, as on the hartmonitor) and one table."""
    segment_index = {None: 0} | {s.id: i for i, s in enumerate(timeline.latest.meta.segments)}
    language = options.language
    L = lambda key, **kw: label(language, key, **kw)  # noqa: E731
    names = [s.label or L("measurements.all") for s in line.series]
    kind = {"round": L("measurements.round"), "measurement": L("measurements.measurement")}
    title = L("measurements.chart_title", step=line.label)
    rows = []
    charts = []
    for series, name in zip(line.series, names):
        points = []
        previous = None
        for p in series.points:
            what = f"{kind[p.kind]} {formats.round_name(p.label, language)}" if p.kind == "round" else f"{kind[p.kind]} ({p.label})"
            points.append(L("measurements.desc_point", kind=what, date=formats.month_year(p.date, language),
                            value=_whole(p.value), n=p.n if p.n is not None else "–"))
            rows.append({"date": formats.long_date(p.date, language), "date_iso": p.date.isoformat(), "kind": kind[p.kind],
                         "kind_key": p.kind, "mark": "●" if p.kind == "round" else "◆",
                         "source": formats.round_name(p.label, language) if p.kind == "round" else p.label,
                         "series": name, "n": p.n if p.n is not None else "–", "value": _whole(p.value),
                         "change": _whole(p.value - previous) if previous is not None else "–"})
            previous = p.value
        desc = L("measurements.desc_series", series=name[:1].upper() + name[1:], points="; ".join(points))
        chart_id = f"kek-timeline-{slug(line.step)}-{slug(series.segment or 'all')}"
        chart_title = f"{title} ({name})"
        svg = timeline_svg(ms.StepLine(line.step, line.label, (series,)), title=chart_title, desc=desc, chart_id=chart_id,
                           series_labels=[name], date_label=lambda d: formats.month_year(d, language), span=timeline.span,
                           legend=(L("measurements.legend_round").lstrip("● "), L("measurements.legend_measurement").lstrip("◆ ")),
                           colours=tuple(options.colours)[(segment_index.get(series.segment, 0)):] + tuple(options.colours))
        charts.append({"id": chart_id, "name": name, "title": chart_title, "desc": desc, "svg": Markup(svg),
                       "points": "; ".join(points) + "."})
    return {"id": f"kek-timeline-{slug(line.step)}", "step": line.step, "label": line.label, "title": title,
            "charts": charts, "rows": rows, "caption": L("measurements.table_caption", step=line.label)}


def measurement_pages(site: Site, options) -> dict[str, Publication]:
    """Per study folder (the latest round of a journey with interim measurements): its time-line page."""
    language = options.language
    result: dict[str, Publication] = {}
    names = formats.journey_names(site)
    for timeline in ms.timelines(site):
        latest = timeline.latest
        measured = [(study, m) for study in timeline.rounds for m in study.measurements]
        measured.sort(key=lambda sm: sm[1].meta.date)
        body = []
        for _, m in measured:
            heading = f"{formats.long_date(m.meta.date, language)}: {m.meta.source}".replace("#", "")
            body.append(f"### {heading}\n\n{m.source.body.strip()}\n")
        pub = Publication()
        pub.pages.append(OutputPage(
            wide=True,  # the time lines and their tables get the whole width
            uri=measurements_uri(latest.folder, language),
            title=label(language, "measurements.title", name=names[latest.journey]),
            template="kekpublish/measurements.html",
            markdown="\n".join(body),
            context={
                "name": names[latest.journey],
                "steps": [_step_view(timeline, line, options) for line in timeline.steps],
                "undated": ", ".join(formats.round_name(s.meta.round, language) for s in timeline.undated),
                "measurements": [{"date": formats.long_date(m.meta.date, language), "date_iso": m.meta.date.isoformat(),
                                  "source": m.meta.source, "round": formats.round_name(study.meta.round, language),
                                  "segment": study.segments[m.meta.segment].label if m.meta.segment in study.segments else "",
                                  "n": max((p.n for p in m.points), default=0)}
                                 for study, m in measured],
            }))
        result[latest.folder] = pub
    return result


__all__ = ["measurement_pages", "measurements_uri"]
