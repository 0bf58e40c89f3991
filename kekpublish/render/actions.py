"""Pages for action plans, the tracker over all studies, and the comparison of rounds.

Addresses take their words from render/addresses.py: the Dutch ones below, on an
English site `action-plan`, `actions` and `rounds`. URLs assume MkDocs' directory
URLs (use_directory_urls: true):

- `<folder>/actieplan.md` is served at `<folder>/actieplan/`: links to the
  study's hartmonitor are `../hartmonitor/#step-<id>`, to the tracker
  `<root>acties/` with <root> one `../` per folder level plus one.
- `acties/index.md` is served at `acties/`: its exports `acties/actions.csv`,
  `actions.json` and `actions.ics` are linked as plain relative names, and
  the action plans as `../<folder>/actieplan/`.
- `rondes/<journey>.md` is served at `rondes/<journey>/`: the studies are
  `../../<folder>/...`.

The studies passed in are published as given: the front end passes
anonymised studies (and renders + sanitises OutputPage.markdown into `body`).
The styles (themes/kekpublish/assets/actions.css) and the tracker's filters
(tracker.js) are loaded on every page by the front end (extra_css and
extra_javascript), so the templates link neither.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from statistics import mean

from markupsafe import Markup

from ..compute import actions as act
from ..compute import rounds as rnd
from ..compute.tracker import build_tracker
from ..compute.evidence import study_evidence
from ..export import tables
from ..model.site import Site, Study, slug
from . import evidence as evidence_view
from . import formats
from .addresses import address
from .i18n import label
from .output import NavSection, OutputFile, OutputPage, Publication

# The Dutch addresses (kept for callers); every page below builds its own from address(language, ...).
ACTIONPLAN_PAGE = address("nl", "actionplan")
TRACKER_DIR = address("nl", "tracker")
TRACKER_URI = f"{TRACKER_DIR}/index.md"
ROUNDS_DIR = address("nl", "rounds")
STATUS_ICONS = {"open": "○", "in_progress": "◔", "done": "✓", "dropped": "✕"}
EFFECT_ICONS = {"improved": "▲", "unchanged": "■", "worse": "▼", "unknown": "?"}
PAIN_ICONS = {"persisting": "●", "new": "+", "no_longer_mentioned": "○"}
# More rounds than this: the comparison page leads with the latest round against the previous and the first one.
FOCUS_ROUNDS = 3


def actionplan_uri(study: Study, language: str = "nl") -> str:
    page = address(language, "actionplan")
    return f"{study.folder}/{page}.md" if study.folder else f"{page}.md"


def tracker_uri(language: str = "nl") -> str:
    return f"{address(language, 'tracker')}/index.md"


def comparison_uri(journey: str, language: str = "nl") -> str:
    return f"{address(language, 'rounds')}/{slug(journey)}.md"


# --- the action plan of one study ---------------------------------------------------------


def actionplan_pages(study: Study, options) -> Publication:
    """The page `<folder>/actieplan.md` (template kekpublish/actionplan.html); empty without a plan."""
    pub = Publication()
    if not study.actionplan:
        return pub
    language = options.language
    plan = study.actionplan.meta
    reference = act.reference_date(study, options)
    views = act.action_views(study, reference)
    root = _root(study.folder, 1)
    chart_page = address(language, "hartmonitor")
    items = [_action_item(v, language, hartmonitor=f"../{chart_page}/", reference=reference)
             for v in act.attention_order(views, reference)]
    by_id = {item["id"]: item for item in items}
    found = study_evidence(study)  # each action lists the pains of its steps and the narratives behind them
    for view in views:
        by_id[view.id]["answers"] = evidence_view.answers(found, view.action.steps, "../", language)
    pub.pages.append(OutputPage(
        uri=actionplan_uri(study, language),
        title=label(language, "actions.page_title"),
        template="kekpublish/actionplan.html",
        markdown=study.actionplan.source.body,
        wide=True,  # the table of actions gets the whole width: status, action, owner and due date side by side
        context={
            "study": {"title": study.meta.title, "round": formats.round_name(study.meta.round, language)},
            "cka": {
                "date": published_date(plan.cka.date, language) if plan.cka and plan.cka.date else None,
                "participants": [study.partners[p].name if p in study.partners else p for p in plan.cka.participants] if plan.cka else [],
            },
            "reference": _reference(reference, plan.as_of, language),
            "counts": _counts(act.status_counts(views), language),
            "total": len(views),
            "actions": items,
            "by_owner": [{"label": g.label, "id": "org-" + slug(g.key or "x"),
                          "actions": [by_id[v.id] for v in g.actions]} for g in act.by_owner(study, views)],
            "by_step": [{"label": g.label or label(language, "actions.no_step"), "id": "step-" + slug(g.key) if g.key else "step-none",
                         "href": f"../{chart_page}/#step-{g.key}" if g.key else None,
                         "actions": [by_id[v.id] for v in g.actions]} for g in act.by_step(study, views)],
            "tracker_href": f"{root}{address(language, 'tracker')}/",
        },
    ))
    return pub


# --- the tracker ------------------------------------------------------------------------------


def tracker_pages(site: Site, options) -> Publication:
    """The page `acties/index.md` (template kekpublish/tracker.html) and its three exports beside it."""
    language = options.language
    tracker = build_tracker(site, options)
    pub = Publication()
    plan_page, uri = address(language, "actionplan"), tracker_uri(language)
    rows = []
    late_first = {id(t.view): i for i, t in enumerate(tracker.actions)}
    ordered = sorted(tracker.actions, key=lambda t: (-act.days_late(t.view, t.reference), late_first[id(t.view)]))
    for t in ordered:
        item = _action_item(t.view, language, hartmonitor=f"../{_folder_href(t.study)}{address(language, 'hartmonitor')}/",
                            reference=t.reference)
        item.update({
            "study_key": slug(t.study.folder or "kek"),
            "study_title": t.study.meta.title,
            "round": formats.round_name(t.round, language),
            "plan_href": f"../{_folder_href(t.study)}{plan_page}/#{item['anchor']}",
            "owner_key": slug(t.view.owner_name),
        })
        rows.append(item)
    studies = [{"key": slug(line.study.folder or "kek"), "title": line.study.meta.title,
                "round": formats.round_name(line.study.meta.round, language),
                "href": f"../{_folder_href(line.study)}{plan_page}/", "total": line.total,
                "counts": _counts(line.counts, language), "reference": published_date(line.reference, language)}
               for line in tracker.studies]
    owners = [{"key": slug(o.name), "name": o.name, "done": o.done, "total": o.total, "percent": o.percent,
               "overdue": o.overdue, "dropped": o.dropped} for o in tracker.owners]
    grouped, current, earlier = _tracker_groups(site, ordered, rows, language)
    pub.pages.append(OutputPage(
        uri=uri,
        title=label(language, "tracker.title"),
        template="kekpublish/tracker.html",
        context={
            "total": tracker.total,
            "counts": _counts(tracker.counts, language),
            "owners": owners,
            "studies": studies,
            "actions": rows,
            # (long histories) the table shows the latest round of each journey; earlier rounds fold per journey
            "grouped": grouped,
            "current": current,
            "current_studies": [st for st in studies if st["key"] in {r["study_key"] for r in current}] if grouped else studies,
            "earlier": earlier,
            "earlier_total": sum(g["total"] for g in earlier),
            "earlier_overdue": sum(g["overdue"] for g in earlier),
            "statuses": [{"key": s, "label": label(language, f"actions.status.{s}")} for s in act.COUNT_KEYS[1:]],
            "downloads": [{"href": name, "label": label(language, f"tracker.download.{name.split('.')[-1]}")}
                          for name in ("actions.csv", "actions.json", "actions.ics")],
        },
    ))
    stamp = options.reference_date(None)
    folder = address(language, "tracker")
    pub.files += [
        OutputFile(f"{folder}/actions.csv", tables.actions_csv(tracker, language)),
        OutputFile(f"{folder}/actions.json", tables.actions_json(tracker)),
        OutputFile(f"{folder}/actions.ics", tables.actions_ics(tracker, language, stamp=stamp)),
    ]
    pub.nav.append(uri)
    return pub


TRACKER_GROUP_AT = 60  # more actions than this, over several rounds: the latest rounds first, earlier ones folded


def _tracker_groups(site: Site, tracked, rows: list[dict], language: str) -> tuple[bool, list[dict], list[dict]]:
    """Split the tracker's rows (late first) into the latest round of each journey and, per journey, its earlier rounds.

    Only when the tracker would list more than TRACKER_GROUP_AT actions and some
    journey has more than one round; otherwise (False, rows, []): one table, as always.
    """
    journeys = site.journeys()
    if len(rows) <= TRACKER_GROUP_AT or all(len(rounds) < 2 for rounds in journeys.values()):
        return False, rows, []
    latest = {id(rounds[-1]) for rounds in journeys.values()}
    current = [row for t, row in zip(tracked, rows) if id(t.study) in latest]
    earlier = []
    names = formats.journey_names(site)
    for journey, rounds in journeys.items():
        if len(rounds) < 2:
            continue
        older = {id(s) for s in rounds[:-1]}
        group = [row for t, row in zip(tracked, rows) if id(t.study) in older]
        if not group:
            continue
        earlier.append({
            "id": "eerder-" + slug(journey), "name": names[journey],
            "title": rounds[-1].meta.title, "rounds": len(rounds) - 1,
            "first": formats.round_name(rounds[0].meta.round, language),
            "last": formats.round_name(rounds[-2].meta.round, language),
            "total": len(group), "overdue": sum(1 for r in group if r["overdue"]),
            "open": sum(1 for r in group if r["status"] in ("open", "in_progress")),
            "done": sum(1 for r in group if r["status"] == "done"), "actions": group})
    return True, current, earlier


# --- comparison of rounds ---------------------------------------------------------------------


def comparison_pages(site: Site, options) -> Publication:
    """One page `rondes/<journey>.md` (template kekpublish/comparison.html) per journey with ≥2 rounds."""
    language = options.language
    pub = Publication()
    uris = []
    names = formats.journey_names(site)
    for journey in rnd.compare_journeys(site):
        uri = comparison_uri(journey.journey, language)
        uris.append(uri)
        latest = journey.rounds[-1]
        pub.pages.append(OutputPage(
            uri=uri,
            title=label(language, "rounds.title", name=names[journey.journey]),
            template="kekpublish/comparison.html",
            context=_comparison_context(journey, options, names[journey.journey]),
        ))
    if uris:
        pub.nav.append(NavSection(label(language, "rounds.nav"), uris))
    return pub


def _comparison_context(journey: rnd.JourneyComparison, options, journey_name: str) -> dict:
    from ..compute.kern import SMALL_N
    from .svg import dumbbell

    language = options.language
    rounds = journey.rounds
    name = lambda study: formats.round_name(study.meta.round, language)  # noqa: E731
    plan_page, chart_page = address(language, "actionplan"), address(language, "hartmonitor")
    round_items = [{"round": name(s), "title": s.meta.title, "href": f"../../{_folder_href(s)}",
                    "hartmonitor_href": f"../../{_folder_href(s)}{chart_page}/",
                    "actionplan_href": f"../../{_folder_href(s)}{plan_page}/" if s.actionplan else None,
                    "fieldwork": formats.month_year(s.meta.fieldwork.start, language) if s.meta.fieldwork and s.meta.fieldwork.start else None}
                   for s in rounds]
    # Overlay: per segment (of any round, latest round's order first), the value of every round per step.
    steps: list[tuple[str, str]] = []
    for study in reversed(rounds):
        steps += [(s.id, s.label) for s in study.meta.steps if s.id not in dict(steps)]
    segments: list[tuple[str, str]] = []
    for study in reversed(rounds):
        segments += [(s.id, s.label) for s in study.meta.segments if s.id not in dict(segments)]
    style = {key: i for i, (key, _) in enumerate(segments)}  # a segment keeps its colour and marker on every chart
    long = len(rounds) > FOCUS_ROUNDS
    # A long history leads with the latest round against the previous and the first one; every round stays in the tables.
    focus = sorted({0, len(rounds) - 2, len(rounds) - 1}) if long else list(range(len(rounds)))
    overlays = []
    for key, seg_label in segments:
        lines = []  # (study, hartmonitor line or None) per round
        for study, monitor in zip(rounds, journey.hartmonitors):
            lines.append((study, next((line for line in monitor.segments if line.key == key), None)))
        values = [{p.step: p.value for p in line.points} if line else {} for _, line in lines]
        rows = [{"step": step_label, "id": step, "values": [_whole(v.get(step)) for v in values]}
                for step, step_label in steps]
        if long:
            for row in rows:
                history = [v.get(row["id"]) for v in values]
                row["spark"] = _history_spark(history)
                known = [v for v in history if v is not None]
                row["span"] = _whole(known[-1] - known[0]) if len(known) > 1 else "–"
        overlays.append({
            "key": key, "label": seg_label, "id": "overlay-" + slug(key),
            "chart": _overlay_chart(key, seg_label, style[key], steps, [lines[i] for i in focus], options),
            "chart_title": label(language, "rounds.chart_title", segment=seg_label),
            "rows": rows,
        })
    pairs = list(journey.comparisons)
    history = []
    if long:
        # The older consecutive pairs: one line each (scores, pains, effects), their tables folded, no charts.
        history = [_pair_summary(comp, language, name) for comp in pairs[:-1]]
        first, latest = journey.hartmonitors[0], journey.hartmonitors[-1]
        pairs = [pairs[-1], rnd.compare_rounds(rounds[0], rounds[-1], monitors=(first, latest))]
    comparisons = []
    for index, comp in enumerate(pairs):
        earlier, later = name(comp.earlier), name(comp.later)
        span = long and index == 1  # the first round against the latest: scores and pains; effects are per consecutive pair
        cid = "ronde-" + slug(comp.later.meta.round)
        if span:
            cid = f"ronde-{slug(comp.earlier.meta.round)}-{slug(comp.later.meta.round)}"
        segment_items = []
        for seg in comp.segments:
            rows = [dumbbell.DumbbellRow(c.step, c.label, c.before, c.after, c.n_before, c.n_after) for c in seg.steps]
            title = label(language, "rounds.dumbbell_title", segment=seg.label, earlier=earlier, later=later)
            segment_items.append({
                "label": seg.label, "id": f"{cid}-{slug(seg.key)}",
                "chart": Markup(dumbbell.dumbbell_svg(
                    rows, title=title, before_label=earlier, after_label=later, chart_id=f"kek-change-{cid}-{slug(seg.key)}",
                    style=style.get(seg.key, 0), colours=options.colours, language=language, small_n=SMALL_N)),
                "title": title,
                "rows": [{**row, "trend": _trend(None if row["change"] == "–" else
                                                 next(r.change for r in rows if r.key == row["step"]))}
                         for row in dumbbell.dumbbell_table(rows, language, SMALL_N)],
                "small": any(r.small(SMALL_N) for r in rows),
            })
        comparisons.append({
            "earlier": earlier,
            "later": later,
            "id": cid,
            "segments": segment_items,
            "small_n": SMALL_N,
            "pains": [{"steps": ", ".join(dict(comp.steps).get(step, step) for step in p.steps),
                       "text": p.text, "state": p.state, "themed": p.theme is not None,
                       "words": [w for w in _pain_words(p) if w != p.text],
                       "chain": (p.after or p.before).chain,
                       "state_label": label(language, f"rounds.pain.{p.state}"), "icon": PAIN_ICONS[p.state],
                       "before": _named(p.before, language), "after": _named(p.after, language)}
                      for p in comp.pains],
            "pain_counts": {state: len(comp.pains_in(state)) for state in rnd.PAIN_STATES},
            "themed": any(p.theme for p in comp.pains),
            "effects": [{
                "id": e.action.id, "title": e.action.title,
                "successors": [{"id": s.id, "title": s.title, "status": label(language, f"actions.status.{s.status}")} for s in e.successors],
                "evidence": [{"segment": ev.segment_label, "step": ev.step_label,
                              "before": _whole(ev.before), "after": _whole(ev.after),
                              "change": _whole(ev.change)} for ev in e.evidence],
                "change": _whole(e.change),
                "effect": e.effect, "effect_label": label(language, f"rounds.effect.{e.effect}"), "icon": EFFECT_ICONS[e.effect],
                "status": label(language, f"actions.status.{e.action.status}")} for e in comp.effects],
            "has_actionplan": comp.earlier.actionplan is not None,
            "span": span,
        })
    return {
        "journey": journey.journey,
        "name": journey_name,
        "rounds": round_items,
        "overlays": overlays,
        "comparisons": comparisons,
        "long": long,
        "focus": [name(rounds[i]) for i in focus],
        "history": history,
        "threshold": _whole(rnd.EFFECT_THRESHOLD).lstrip("+"),
        "kpis": evidence_view.kpi_round_rows(rounds, language),  # (1.1) process figures per round, latest verdict
        "measurements_href": _measurements_href(rounds, language),
    }


def _pair_summary(comp: rnd.RoundComparison, language: str, name) -> dict:
    """One older pair of rounds in one row: mean change per segment, pain and effect counts, and its tables."""
    scores = []
    for seg in comp.segments:
        changes = [c.change for c in seg.steps if c.change is not None]
        scores.append({"label": seg.label, "change": _whole(mean(changes)) if changes else "–",
                       "trend": _trend(mean(changes)) if changes else "unknown"})
    effects = {e: sum(1 for x in comp.effects if x.effect == e) for e in rnd.EFFECTS}
    earlier, later = name(comp.earlier), name(comp.later)
    return {
        "earlier": earlier, "later": later, "id": "ronde-" + slug(comp.later.meta.round), "scores": scores,
        "pain_counts": {state: len(comp.pains_in(state)) for state in rnd.PAIN_STATES},
        "effects": [{"key": e, "n": n, "icon": EFFECT_ICONS[e], "label": label(language, f"rounds.effect.{e}")}
                    for e, n in effects.items() if n],
        "segments": [{"label": seg.label, "id": f"ronde-{slug(comp.later.meta.round)}-{slug(seg.key)}",
                      "rows": [{"label": c.label, "before": _whole(c.before), "after": _whole(c.after),
                                "change": _whole(c.change), "trend": _trend(c.change),
                                "n_before": c.n_before, "n_after": c.n_after} for c in seg.steps]}
                     for seg in comp.segments],
    }


SPARK_W, SPARK_H = 96.0, 24.0


def _history_spark(values: list[float | None]) -> Markup | None:
    """A step's score in every round as a small line (decorative: the same row gives every value in numbers).

    -100..+100 on a fixed scale with the zero line, so two rows read alike; a
    round without a value breaks the line; the latest round is a dot.
    """
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return None
    pad = 3.0
    step = (SPARK_W - 2 * pad) / max(len(values) - 1, 1)
    y = lambda v: pad + (100.0 - max(-100.0, min(100.0, v))) / 200.0 * (SPARK_H - 2 * pad)  # noqa: E731
    runs, run = [], []
    for i, v in enumerate(values):
        if v is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(f"{pad + i * step:.1f},{y(v):.1f}")
    if run:
        runs.append(run)
    lines = "".join(f'<polyline points="{" ".join(r)}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
                    for r in runs if len(r) > 1)
    last_i, last_v = known[-1]
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kek-history-spark" viewBox="0 0 {SPARK_W:.0f} {SPARK_H:.0f}" width="{SPARK_W:.0f}" '
        f'height="{SPARK_H:.0f}" style="width:6em;min-width:6em;height:1.5em" aria-hidden="true" focusable="false">'
        f'<line x1="0" x2="{SPARK_W:.0f}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#949494" stroke-width="1" '
        f'stroke-dasharray="2 2"/>{lines}'
        f'<circle cx="{pad + last_i * step:.1f}" cy="{y(last_v):.1f}" r="2.5" fill="currentColor"/></svg>')


def _measurements_href(rounds: list[Study], language: str) -> str | None:
    """The journey's interim-measurements page (in the latest round's folder), when any round has a measurement."""
    if not any(s.measurements for s in rounds):
        return None
    return f"../../{_folder_href(rounds[-1])}{address(language, 'measurements')}/"


def _whole(value: float | None) -> str:
    """A score or change on the comparison page: a whole number with sign ('+43', '−5', '0'), '–' for none."""
    from .svg.dumbbell import whole

    return "–" if value is None else whole(value)


def _pain_words(change: rnd.PainChange) -> list[str]:
    """The words respondents used for a pain, in both rounds (a theme gathers several)."""
    words = (change.after.texts if change.after else ()) + (change.before.texts if change.before else ())
    return list(dict.fromkeys(words))


GREY = "#6B6B6B"  # an earlier round: grey, so colour keeps meaning the segment (5.3:1 on white)


def _overlay_chart(key: str, seg_label: str, seg_style: int, steps: list[tuple[str, str]], lines, options) -> Markup | None:
    """The rounds of one segment overlaid as inline SVG (render/svg/linechart.py).

    The newest round has the segment's own colour, dash and marker (as on every
    chart of the site) and the heaviest line; earlier rounds are grey and thinner,
    each with its own dash and marker, so colour never stands for a round.
    """
    from .svg import linechart
    from .svg.markup import MARKERS

    language = options.language
    chart_steps = [linechart.ChartStep(step, step_label) for step, step_label in steps]
    own = seg_style % len(MARKERS)
    palette = tuple(options.colours) or ("#000000",)
    colours = tuple(palette[seg_style % len(palette)] if i == own else GREY for i in range(len(MARKERS)))
    series = []
    newest = len(lines) - 1
    for index, (study, line) in reversed(list(enumerate(lines))):
        if line is None:
            continue
        points = {p.step: linechart.SeriesPoint(p.value, p.n or None, p.min, p.max, p.workshop) for p in line.points}
        round_name = formats.round_name(study.meta.round, language)
        series.append(linechart.Series(
            label=seg_label if index != newest else f"{seg_label} ({round_name})",
            values=points, style=(own + newest - index) % len(MARKERS), round=round_name if index != newest else None,
            key=f"{key}-{slug(study.meta.round)}"))
    if not series:
        return None
    rounds = ", ".join(formats.round_name(study.meta.round, language) for study, _ in lines)
    svg = linechart.line_chart(
        chart_steps, series, chart_id=f"kek-overlay-{slug(key)}", colours=colours, language=language,
        title=label(language, "rounds.chart_title", segment=seg_label),
        desc=label(language, "rounds.chart_desc", segment=seg_label, rounds=rounds),
        marked_label=label(language, "rounds.marked"))
    return Markup(svg)


# --- shared pieces --------------------------------------------------------------------------


def published_date(day: dt.date, language: str = "nl") -> str:
    """cka.date, due and update dates in words ("1 september 2026"), as every page of the site writes dates.

    The anonymiser generalises exact dates in prose, and the leak gate refuses
    the generalised ones anywhere in the site; these structured dates are
    published as the format says, so publish/anonymised.py exempts exactly
    their forms (long_date in Dutch and English, and ISO for CSV/JSON/ICS).
    """
    return formats.long_date(day, language)


def late_text(days: int, language: str) -> str:
    """'3 weken te laat' / '3 weeks late' (the kern's durations: days, weeks, then months)."""
    from .kern import duration

    return label(language, "actions.late_by", duration=duration(days, language))


def _action_item(view: act.ActionView, language: str, *, hartmonitor: str, reference: dt.date | None = None) -> dict:
    a = view.action
    late = act.days_late(view, reference) if reference else 0
    return {
        "id": a.id,
        "anchor": "actie-" + slug(a.id),
        "title": a.title,
        "steps": [{"id": s, "label": lbl, "href": f"{hartmonitor}#step-{s}"} for s, lbl in view.steps],
        "owner": view.owner_name,
        "with": list(view.with_names),
        "contact": a.contact or "",
        "due": published_date(a.due, language),
        "due_iso": a.due.isoformat(),
        "measure": a.measure or "",
        "status": a.status,
        "status_label": label(language, f"actions.status.{a.status}"),
        "icon": STATUS_ICONS[a.status],
        "overdue": view.overdue,
        "days_late": late,
        "late": late_text(late, language) if view.overdue and late else (label(language, "actions.overdue") if view.overdue else ""),
        "latest": _update(view.latest, language) if view.latest else None,
        "history": [_update(u, language) for u in view.history],
    }


def _update(update, language: str) -> dict:
    return {"date": published_date(update.date, language), "date_iso": update.date.isoformat(),
            "status": update.status, "status_label": label(language, f"actions.status.{update.status}"),
            "icon": STATUS_ICONS[update.status], "note": update.note or ""}


def _counts(counts: dict[str, int], language: str) -> list[dict]:
    return [{"key": key, "label": label(language, "actions.overdue" if key == "overdue" else f"actions.status.{key}"),
             "icon": "!" if key == "overdue" else STATUS_ICONS[key], "n": n} for key, n in counts.items()]


def _reference(reference: dt.date, as_of: dt.date | None, language: str) -> dict:
    return {"date": published_date(reference, language), "date_iso": reference.isoformat(),
            "source": "as_of" if as_of else "build"}


def _named(pain, language: str) -> str:
    """How often a pain was named in a round: '2 respondenten', '1 mystery-shoppingbezoek', or '–'."""
    if pain is None:
        return "–"
    parts = []
    if pain.respondents:
        parts.append(label(language, "rounds.named_respondents." + ("one" if pain.respondents == 1 else "many"), n=pain.respondents))
    if pain.visits:
        parts.append(label(language, "rounds.named_visits." + ("one" if pain.visits == 1 else "many"), n=pain.visits))
    return ", ".join(parts) or "–"


def _trend(change: float | None) -> str:
    if change is None:
        return "unknown"
    return "up" if change > 0 else "down" if change < 0 else "same"


def _folder_href(study: Study) -> str:
    return f"{study.folder}/" if study.folder else ""


def _root(folder: str, extra: int) -> str:
    """The relative path from a page below `folder` (served `extra` levels deeper) to the site root."""
    depth = len(Path(folder).parts) if folder else 0
    return "../" * (depth + extra)


__all__ = ["ACTIONPLAN_PAGE", "ROUNDS_DIR", "TRACKER_DIR", "TRACKER_URI", "actionplan_pages", "actionplan_uri",
           "comparison_pages", "comparison_uri", "tracker_pages", "tracker_uri"]
