"""Evidence and process figures as templates show them (macros in themes/kekpublish/_evidence.html).

- `sources(evidence, to_study, language)`: "genoemd door 5 van 8 respondenten", the
  one-respondent flag, and a link per source to its narrative or visit page.
  `to_study` is the relative path from the page to the study folder's URL (from
  `<folder>/klantreiskaart/` it is "../"): a narrative is then
  `../narratieven/r03/`, so any claim is two clicks from the citizen's story
  (the claim's source link, then the story on that page).
- `kpi_item(kpi, language)`: a figure with its target and verdict in words and with
  a mark (✓ meets, ✗ misses, ≠ differs, – no target): never colour alone.
"""

from __future__ import annotations

from ..compute import kpis as kpi_compute
from ..compute.evidence import NARRATIVE, Evidence
from ..model.site import Study
from ..model.types import Kpi
from .addresses import address
from .i18n import label
from .templates import format_number

KPI_MARKS = {"met": "✓", "missed": "✗", "differs": "≠", "none": "–"}


def reach_text(ev: Evidence, language: str) -> str:
    """'genoemd door 5 van 8 respondenten; gevonden bij 1 van 2 mystery-shoppingbezoeken'."""
    parts = []
    if ev.respondents or not ev.visits:
        parts.append(label(language, "evidence.reach." + ("one" if ev.total_respondents == 1 else "other"),
                           count=ev.respondents, n=ev.total_respondents))
    if ev.visits:
        parts.append(label(language, "evidence.reach_visits." + ("one" if ev.total_visits == 1 else "other"),
                           count=len(ev.visits), n=ev.total_visits))
    return "; ".join(parts)


def source_links(ev: Evidence, to_study: str, language: str) -> list[dict]:
    narratives, visits = address(language, "narratives"), address(language, "shopping")
    return [{"code": s.code if s.kind == NARRATIVE else label(language, "evidence.visit", code=s.code),
             "href": f"{to_study}{narratives if s.kind == NARRATIVE else visits}/{s.key}/", "kind": s.kind}
            for s in ev.sources]


def sources(ev: Evidence, to_study: str, language: str) -> dict:
    """What a page shows of a claim's evidence."""
    return {"reach": reach_text(ev, language), "single": ev.single, "links": source_links(ev, to_study, language),
            "respondents": ev.respondents, "visits": len(ev.visits), "total": ev.total_respondents}


def sources_plain(ev: Evidence, language: str) -> str:
    """The evidence in words for a slide or PDF (no links): 'genoemd door 2 van 8 respondenten (R01, R04)'."""
    codes = [s.code for s in ev.narratives] + [label(language, "evidence.visit", code=s.code) for s in ev.visits]
    text = reach_text(ev, language)
    return f"{text} ({', '.join(codes)})" if codes else text


def number(value: float | None, unit: str | None, language: str) -> str:
    if value is None:
        return "–"
    text = format_number(value, language=language)
    if not unit:
        return text
    return f"{text}{unit}" if unit.strip() == "%" else f"{text} {unit}"


def kpi_item(kpi: Kpi, language: str) -> dict:
    state = kpi_compute.verdict(kpi)
    value, target = number(kpi.value, kpi.unit, language), number(kpi.target, kpi.unit, language)
    verdict = label(language, f"kpi.verdict.{state}")
    short = (label(language, "kpi.short", label=kpi.label, value=value, target=target, verdict=verdict)
             if kpi.target is not None else label(language, "kpi.short_no_target", label=kpi.label, value=value))
    return {"label": kpi.label, "value": value, "target": target if kpi.target is not None else "–",
            "state": state, "mark": KPI_MARKS[state], "verdict": verdict, "short": short,
            "better": label(language, f"kpi.better.{kpi.better}") if kpi.better else ""}


def kpi_rows(study: Study, language: str, to_hartmonitor: str | None = None) -> list[dict]:
    """Every process figure of a study, in journey order, for the table on the chart pages."""
    return [{"step": step_label, "step_id": step, **kpi_item(k, language),
             "href": f"{to_hartmonitor}#step-{step}" if to_hartmonitor else None}
            for step, step_label, k in kpi_compute.study_kpis(study)]


def kpis_by_step(study: Study, language: str) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for step, _, k in kpi_compute.study_kpis(study):
        result.setdefault(step, []).append(kpi_item(k, language))
    return result


def kpi_round_rows(rounds: list[Study], language: str) -> list[dict]:
    """Figures across rounds (comparison page): a value per round, the latest's verdict."""
    rows = []
    for row in kpi_compute.across_rounds(rounds):
        latest = row.latest
        rows.append({"step": row.step_label, "label": row.label,
                     "values": [number(k.value, k.unit, language) if k else "–" for k in row.per_round],
                     **({f"latest_{key}": value for key, value in kpi_item(latest, language).items()} if latest else {})})
    return rows


def score_sources(ev_study, step: str, series_key: str, kind: str, to_study: str, language: str) -> dict:
    """The sources of one hartmonitor value: the narratives of its segment at the step (visits: the visits)."""
    from ..compute.evidence import Evidence

    if kind == "markers":  # the mystery-shopping series
        found = ev_study.score(step)
        found = Evidence(found.visits, found.total_respondents, found.total_visits)
    elif series_key in ev_study.study.segments:
        found = ev_study.score(step, series_key)
    else:
        found = ev_study.score(step)
        found = Evidence(found.narratives, found.total_respondents, found.total_visits)
    view = sources(found, to_study, language)
    view["reach"] = label(language, "evidence.scored_by." + ("one" if found.respondents == 1 else "other"),
                          count=found.respondents) if kind != "markers" else reach_text(found, language)
    return view


def answers(ev_study, steps, to_study: str, language: str) -> list[dict]:
    """The pains named at an action's steps, each with its sources: what the action answers."""
    labels = {s.id: s.label for s in ev_study.study.meta.steps}
    return [{"step": labels.get(step, step), "text": text, "sources": sources(found, to_study, language)}
            for step, text, found in ev_study.pains_at(steps)]


def narrative_actions(study: Study, narrative, to_plan: str, language: str) -> list[dict]:
    """Per pain in a narrative, the actions of the study's plan whose steps hold it (links into the action plan)."""
    from ..model.site import slug

    if not study.actionplan:
        return []
    labels = {s.id: s.label for s in study.meta.steps}
    result = []
    for exp in narrative.meta.experiences:
        if not (exp.pain and exp.pain.strip()):
            continue
        found = [a for a in study.actionplan.meta.actions if exp.step in a.steps]
        if found:
            result.append({"pain": " ".join(exp.pain.split()), "step": labels.get(exp.step, exp.step),
                           "actions": [{"id": a.id, "title": a.title, "href": f"{to_plan}#actie-{slug(a.id)}",
                                        "status": a.status, "status_label": label(language, f"actions.status.{a.status}")}
                                       for a in found]})
    return result


def board_citation(ev: Evidence, language: str) -> str:
    """What the board summary adds to a pain's reach: its sources' codes, and the one-respondent flag."""
    codes = [s.code for s in ev.narratives] + [label(language, "evidence.visit", code=s.code) for s in ev.visits]
    text = f" ({', '.join(codes)})" if codes else ""
    return text + (f" · {label(language, 'evidence.single')}" if ev.single else "")


__all__ = ["KPI_MARKS", "answers", "board_citation", "narrative_actions", "score_sources", "kpi_item", "kpi_round_rows", "kpi_rows", "kpis_by_step", "number", "reach_text", "source_links",
           "sources", "sources_plain"]
