"""Round comparison: numbers computed here straight from the YAML, independently of kekpublish."""

from __future__ import annotations

import re
from statistics import mean

import pytest

from conftest import ROUND1, ROUND2, read
from kekpublish.compute import rounds as rnd

THRESHOLD = 5


def hartmonitor_from_yaml(folder) -> dict[tuple[str, str], float]:
    """(segment, step) -> value: per respondent the mean at a step, then the mean per segment; workshop wins."""
    study, _ = read(folder / "study.md")
    per_segment: dict[tuple[str, str], list[float]] = {}
    for path in sorted((folder / "narratives").glob("*.md")):
        data, _ = read(path)
        scores: dict[str, list[float]] = {}
        for exp in data.get("experiences", []):
            scores.setdefault(exp["step"], []).append(exp["score"])
        for step, values in scores.items():
            per_segment.setdefault((data["segment"], step), []).append(sum(values) / len(values))
    result = {key: sum(v) / len(v) for key, v in per_segment.items()}
    for segment, values in (study.get("hartmonitor") or {}).items():
        for step, value in values.items():
            result[(segment, step)] = float(value)
    return result


def pains_from_yaml(folder) -> set[tuple[str, str]]:
    found = set()
    for path in sorted(folder.glob("*/*.md")):
        data, _ = read(path)
        for exp in data.get("experiences", []):
            if exp.get("pain"):
                found.add((exp["step"], re.sub(r"\s+", " ", exp["pain"].lower()).strip(" .")))
    return found


@pytest.fixture
def comparison(site):
    journeys = rnd.compare_journeys(site)
    assert [j.journey for j in journeys] == ["overlijden"]
    journey = journeys[0]
    assert [s.folder for s in journey.rounds] == [ROUND1, ROUND2]  # by fieldwork.start, not by round name
    assert len(journey.comparisons) == 1
    return journey.comparisons[0]


def test_score_change_per_segment_and_step(comparison, docs):
    before, after = hartmonitor_from_yaml(docs / ROUND1), hartmonitor_from_yaml(docs / ROUND2)
    checked = 0
    for segment in comparison.segments:
        for change in segment.steps:
            key = (segment.key, change.step)
            assert change.before == pytest.approx(before.get(key)) if key in before else change.before is None
            assert change.after == pytest.approx(after.get(key)) if key in after else change.after is None
            if key in before and key in after:
                assert change.change == pytest.approx(after[key] - before[key])
                checked += 1
            else:
                assert change.change is None
    assert checked >= 12
    partner = next(s for s in comparison.segments if s.key == "partner")
    assert (partner.at("aangifte").before, partner.at("aangifte").after) == (30, 45)  # workshop values win
    assert partner.at("bank").change == 0  # workshop -50 in both rounds
    assert partner.at("woning").change is None  # no bereaved partner reached this step


def test_pains_new_persisting_no_longer_mentioned(comparison, docs):
    before, after = pains_from_yaml(docs / ROUND1), pains_from_yaml(docs / ROUND2)
    got = {state: {(p.step, re.sub(r"\s+", " ", p.text.lower()).strip(" .")) for p in comparison.pains_in(state)}
           for state in rnd.PAIN_STATES}
    assert got["new"] == after - before
    assert got["no_longer_mentioned"] == before - after  # never "resolved": not named again is no proof
    assert got["persisting"] == before & after
    assert ("aangifte", "geen bericht gekregen dat de aangifte verwerkt was") in got["no_longer_mentioned"]
    assert ("uitkering", "bang om later te moeten terugbetalen") in got["persisting"]  # case and spacing ignored
    assert len(got["new"]) == 1


def test_action_effects(comparison, docs, site):
    before, after = hartmonitor_from_yaml(docs / ROUND1), hartmonitor_from_yaml(docs / ROUND2)
    plan, _ = read(docs / ROUND1 / "actions.md")
    expected = {}
    for action in plan["actions"]:
        changes = [after[(seg, step)] - before[(seg, step)] for step in action["steps"] for seg in ("partner", "kind")
                   if (seg, step) in before and (seg, step) in after]
        change = mean(changes) if changes else None
        effect = ("unknown" if change is None else "improved" if change >= THRESHOLD
                  else "worse" if change <= -THRESHOLD else "unchanged")
        expected[action["id"]] = (change, effect)
    got = {e.action.id: (e.change, e.effect) for e in comparison.effects}
    assert got.keys() == expected.keys()
    for key, (change, effect) in expected.items():
        assert got[key][0] == pytest.approx(change) and got[key][1] == effect, key
    # spot checks by hand: A1 aangifte partner 30→45, kind 55→65; A6 bank partner -50→-50 (workshop), kind -40→-50
    assert got["A1"] == (pytest.approx(12.5), "improved")
    assert got["A6"] == (pytest.approx(-5), "worse")  # exactly the threshold
    assert got["A4"][1] == "unchanged"
    successors = {e.action.id: [s.id for s in e.successors] for e in comparison.effects}
    assert successors == {"A1": ["A1"], "A2": [], "A3": ["B1"], "A4": [], "A5": [], "A6": []}
    a1 = next(e for e in comparison.effects if e.action.id == "A1")
    assert [(ev.segment, ev.step, ev.before, ev.after) for ev in a1.evidence] == [
        ("partner", "aangifte", 30, 45), ("kind", "aangifte", 55, 65)]


def test_classify_and_normalise():
    assert rnd.classify(None) == "unknown"
    assert [rnd.classify(v) for v in (5, 4.9, 0, -4.9, -5)] == ["improved", "unchanged", "unchanged", "unchanged", "worse"]
    assert rnd.normalise_pain("  Ondúidelijk   WIE.\n") == rnd.normalise_pain("onduidelijk wie")


def test_single_round_has_no_comparison(site):
    site.studies = [s for s in site.studies if s.folder == ROUND1]
    assert rnd.compare_journeys(site) == []
