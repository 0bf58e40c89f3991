"""Generated studies for the chart tests: any number of steps, respondents, visits and actions.

Texts are plain Dutch made up here (not the demo's), long enough to wrap; scores follow a
formula so a test can compute what it expects.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import yaml

CHANNELS = ("balie", "telefoon", "website", "brief", "e-mail", "app", "anders")
WORDS = ("aanvraagformulier", "doorverwijzing", "wachttijd", "bevestigingsbrief", "terugbelverzoek", "inlogcode",
         "bijlage", "afspraak", "loket", "regeling")


def score(step: int, respondent: int, offset: int = 0) -> int:
    return max(-100, min(100, ((step * 37 + respondent * 11 + offset) % 181) - 90))


def write_study(folder: Path, *, steps: int = 10, respondents: int = 8, visits: int = 2, round_: str = "2026",
                journey: str = "reis", offset: int = 0, actions: list[dict] | None = None, as_of: str | None = "2026-11-15",
                segments: int = 2, title: str = "Een gegenereerde reis", entries_per_cell: int = 1,
                target: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "narratives").mkdir(exist_ok=True)
    phases = [{"id": f"f{p}", "label": f"Fase {p + 1}: {WORDS[p % len(WORDS)]}"} for p in range((steps + 3) // 4)]
    step_list = [{"id": f"s{i}", "label": f"Stap {i + 1} {WORDS[i % len(WORDS)]} regelen", "phase": f"f{i // 4}",
                  "partners": ["p1"] if i % 2 else ["p1", "p2"]} for i in range(steps)]
    segs = [{"id": f"g{g}", "label": f"Groep {g + 1}"} for g in range(segments)]
    meta = {"kek": "study", "title": title, "life_event": "Verhuizen", "round": round_, "journey": journey,
            "journey_type": "ervaring", "segments": segs,
            "partners": [{"id": "p1", "name": "Gemeente Voorbeeld"}, {"id": "p2", "name": "Uitvoeringsdienst"}],
            "phases": phases, "steps": step_list,
            "target": {"g0": target if target is not None else {f"s{i}": 40 for i in range(steps)}},
            "hartmonitor": {"g0": {"s1": -60}},
            "moments_of_truth": [f"s{i}" for i in range(1, steps, 4)],
            "levers": {"s1": ["Eén loket voor de hele aanvraag"]}}
    (folder / "study.md").write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\nTekst.\n",
                                     encoding="utf-8")
    for r in range(respondents):
        exps = []
        for i in range(steps):
            for e in range(entries_per_cell):
                word = WORDS[(i + r + e) % len(WORDS)]
                exps.append({"step": f"s{i}", "partner": "p1", "channel": CHANNELS[(i + e) % len(CHANNELS)],
                             "touchpoint": f"Contact over de {word} via het {CHANNELS[(i + e) % len(CHANNELS)]}",
                             "score": score(i, r, offset), "thought": f"Waarom duurt de {word} zo lang",
                             "feeling": "onzeker", "need": f"Weten wat er met de {word} gebeurt",
                             "pain": f"De {WORDS[(i + e) % len(WORDS)]} kwam te laat" if (r + e) % 3 else f"Niemand legde de {word} uit",
                             "chain": (i + e) % 2 == 0, "idea": f"Stuur een bericht zodra de {word} binnen is"})
        narrative = {"kek": "narrative", "respondent": f"R{r + 1:02d}", "segment": f"g{r % segments}", "experiences": exps}
        (folder / "narratives" / f"r{r + 1:02d}.md").write_text(
            "---\n" + yaml.safe_dump(narrative, allow_unicode=True, sort_keys=False) + "---\nHet verhaal.\n", encoding="utf-8")
    if visits:
        (folder / "shopping").mkdir(exist_ok=True)
        for v in range(visits):
            visit = {"kek": "shopping", "partner": "p1", "channel": "telefoon",
                     "experiences": [{"step": f"s{i}", "score": score(i, 50 + v, offset), "channel": "telefoon",
                                      "touchpoint": "Telefonisch contact", "pain": "Lange wachttijd aan de telefoon"}
                                     for i in range(0, steps, 2)]}
            (folder / "shopping" / f"bezoek-{v + 1}.md").write_text(
                "---\n" + yaml.safe_dump(visit, allow_unicode=True, sort_keys=False) + "---\nBezoek.\n", encoding="utf-8")
    if actions is not None:
        plan = {"kek": "actionplan", "actions": actions}
        if as_of:
            plan["as_of"] = as_of
        (folder / "actions.md").write_text("---\n" + yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, default_flow_style=False)
                                           + "---\nActieplan.\n", encoding="utf-8")
    return folder


def action(id_: str, due: str, status: str = "open", title: str | None = None) -> dict:
    return {"id": id_, "title": title or f"Actie {id_} voor een betere aanvraag", "steps": ["s1"], "owner": "p1",
            "due": dt.date.fromisoformat(due), "status": status}


__all__ = ["action", "score", "write_study", "textwrap"]
