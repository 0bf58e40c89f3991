"""Two rounds of the project's example study: the example itself and a second round made here.

Round 1 (folder overlijden-voorjaar) is examples/overlijden as written.
Round 2 (folder overlijden-najaar) is a copy with round "2026-najaar" (which
sorts *below* "2026-voorjaar" as a loose version: the reason for version ids),
fieldwork from September 2026, every narrative score +10 (capped at 100;
-10 at step bank), a different workshop value, one pain removed, one added,
one re-typed with other case and spacing, and a new action plan: A1 continues
A1 by id, B1 follows A3 explicitly, and several texts start with formula
characters.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

EXAMPLE = Path(__file__).parents[2] / "examples" / "studies" / "overlijden"

ROUND1, ROUND2 = "overlijden-voorjaar", "overlijden-najaar"
SHIFT = 10  # every score +10 ...
SHIFT_STEP, SHIFT_THERE = "bank", -10  # ... except at "bank", where every score falls by 10
RESOLVED_PAIN = "Geen bericht gekregen dat de aangifte verwerkt was"
RETYPED_PAIN = "Bang om later te moeten terugbetalen"

ROUND2_PLAN = {
    "kek": "actionplan",
    "cka": {"date": dt.date(2026, 12, 10), "participants": ["gemeente", "uitvaart", "svb"]},
    "actions": [
        {"id": "A1", "title": "Bevestigen dat de aangifte van overlijden is verwerkt (vervolg)", "steps": ["aangifte"],
         "owner": "gemeente", "contact": "Teamleider Burgerzaken", "due": dt.date(2027, 3, 1),
         "measure": "Bevestiging live in MijnOverheid", "status": "in_progress",
         "updates": [{"date": dt.date(2027, 2, 1), "status": "in_progress", "note": "Leverancier heeft de koppeling opgeleverd."}]},
        {"id": "B1", "follows": "A3", "title": '=HYPERLINK("http://example.org","klik")', "steps": ["uitkering"],
         "owner": "svb", "with": ["uitvaart"], "contact": "@Teamleider", "due": dt.date(2027, 9, 1),
         "measure": "+31 procent bereik", "status": "open"},
        {"id": "B2", "title": "-Sneller toegang tot de rekening", "steps": ["bank"], "owner": "bank",
         "contact": "Adviseur Nabestaandenservice", "due": dt.date(2027, 5, 1), "measure": "\tDoorlooptijd zichtbaar",
         "status": "done",
         "updates": [{"date": dt.date(2027, 1, 15), "status": "in_progress", "note": "=1+1 gestart"},
                     {"date": dt.date(2027, 4, 20), "status": "done", "note": "Klaar; doorlooptijd staat in de app."}]},
    ],
}


def read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def write(path: Path, data: dict, body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")


def make_round2(folder: Path) -> None:
    study, body = read(folder / "study.md")
    study["round"] = "2026-najaar"
    study["journey"] = "overlijden"
    study["fieldwork"] = {"start": dt.date(2026, 9, 7), "end": dt.date(2026, 11, 13)}
    study["hartmonitor"]["partner"]["aangifte"] = 45
    write(folder / "study.md", study, body)
    for path in sorted((folder / "narratives").glob("*.md")):
        data, text = read(path)
        for exp in data.get("experiences", []):
            exp["score"] = max(-100, min(100, exp["score"] + (SHIFT_THERE if exp["step"] == SHIFT_STEP else SHIFT)))
            if exp.get("pain") == RESOLVED_PAIN:
                del exp["pain"]  # resolved (unless someone else names it)
            if exp.get("pain") == RETYPED_PAIN:
                exp["pain"] = "bang om  later te moeten   terugbetalen."  # the same pain, typed differently
        if data["respondent"] == "R02" and data.get("experiences"):
            data["experiences"][0]["pain"] = "Een knelpunt dat pas in de tweede ronde opduikt"
        write(path, data, text)
    _, plan_body = read(folder / "actions.md")
    write(folder / "actions.md", ROUND2_PLAN, plan_body)


@pytest.fixture
def docs(tmp_path) -> Path:
    """A docs dir with both rounds of the example study."""
    root = tmp_path / "docs"
    shutil.copytree(EXAMPLE, root / ROUND1)
    shutil.copytree(EXAMPLE, root / ROUND2)
    make_round2(root / ROUND2)
    return root


@pytest.fixture
def site(docs):
    from kekpublish.model import load_site

    loaded, problems = load_site(docs)
    assert not problems.errors, [str(p) for p in problems.errors]
    assert not problems.warnings, [str(p) for p in problems.warnings]
    return loaded
