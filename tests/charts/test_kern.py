"""De kern: computed from generated studies and checked against our own arithmetic; words, plurals, dates."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from statistics import mean

import pytest

from kekpublish.compute.kern import SMALL_N, study_kern
from kekpublish.model import load_site
from kekpublish.render.kern import duration, kern_lines, kern_sentences, whole
from kekpublish.render.svg.dumbbell import DumbbellRow, dumbbell_svg, dumbbell_table, order
from kekpublish.render.svg.thumbnail import hartmonitor_thumbnail

from .studygen import action, score, write_study

SVG = "{http://www.w3.org/2000/svg}"
REFERENCE = dt.date(2026, 11, 15)


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    docs = tmp_path_factory.mktemp("kern")
    write_study(docs / "a", round_="2025", offset=30, respondents=6, actions=[action("A1", "2026-10-01")])
    write_study(docs / "b", respondents=8, actions=[action("A1", "2026-10-25"), action("A2", "2026-08-01", "in_progress"),
                                                    action("A3", "2026-01-01", "done"), action("A4", "2027-01-01")])
    site, problems = load_site(docs)
    assert not problems.items, problems
    return site


def expected_line(study) -> dict[str, float]:
    """Per step: each segment's value (workshop wins), weighted by its respondents."""
    result = {}
    for step in study.meta.steps:
        parts = []
        for segment in study.meta.segments:
            members = [n for n in study.narratives if n.meta.segment == segment.id]
            values = [mean(e.score for e in n.meta.experiences if e.step == step.id) for n in members
                      if any(e.step == step.id for e in n.meta.experiences)]
            workshop = study.meta.hartmonitor.get(segment.id, {}).get(step.id)
            if workshop is not None:
                parts.append((workshop, len(values)))
            elif values:
                parts.append((mean(values), len(values)))
        if parts:
            result[step.id] = sum(v * n for v, n in parts) / sum(n for _, n in parts)
    return result


def test_kern_numbers_match_own_computation(rounds):
    earlier, later = rounds.studies
    kern = study_kern(later, earlier, REFERENCE)
    line = expected_line(later)
    before = expected_line(earlier)
    assert kern.n_respondents == 8 and kern.n_visits == 2 and kern.reference == REFERENCE
    low = min(line, key=lambda s: (line[s], list(line).index(s)))
    assert kern.dip.step == low and kern.dip.value == pytest.approx(line[low]) and kern.dip.value < 0
    # the workshop value (-60 for group 1 at s1) counts, weighted by that group's respondents
    assert kern.curve[1].value == pytest.approx(line["s1"])
    changes = {s: line[s] - before[s] for s in line if s in before}
    assert kern.biggest_change.step == max(changes, key=lambda s: abs(changes[s]))
    assert [c.step for c in kern.better] == sorted((s for s in changes if changes[s] >= 5), key=lambda s: -changes[s])
    assert all(c.change <= -5 for c in kern.worse) and len(kern.better) + len(kern.worse) <= len(changes)
    assert kern.previous_round == "2025"
    # late: open or in progress and due before the reference date; most days late first
    assert [(a.id, a.days_late) for a in kern.late] == [("A2", 106), ("A1", 21)]
    assert kern.late_count == 2 and kern.actions["overdue"] == 2 and kern.actions["done"] == 1
    # a score of the narratives, to prove the generated data is what the formula says
    assert score(0, 0) == later.narratives[0].meta.experiences[0].score


def test_kern_sentences_dutch_and_english(rounds):
    earlier, later = rounds.studies
    kern = study_kern(later, earlier, REFERENCE)
    nl = dict(kern_lines(kern, "nl"))
    en = dict(kern_lines(kern, "en"))
    assert nl["dip"] == f"Diepste dal: {kern.dip.label} ({whole(kern.dip.value)})"
    assert "−" in nl["dip"] and "-" not in nl["dip"].split("(")[1]  # a real minus sign
    assert nl["better"].startswith("Beter dan 2025: ") and f"{kern.better[0].label} ({whole(kern.better[0].change)})" in nl["better"]
    assert nl["worse"].startswith("Slechter dan 2025: ")
    assert nl["late"] == "2 acties te laat, de oudste 3 maanden"
    assert en["late"] == "2 actions late, the oldest by 3 months"
    assert nl["basis"] == "8 respondenten en 2 mystery-shoppingbezoeken; peildatum 15 november 2026"
    assert en["basis"] == "8 respondents and 2 mystery-shopping visits; reference date 15 November 2026"
    assert en["dip"].startswith("Deepest dip: ") and en["better"].startswith("Better than 2025: ")
    assert kern_sentences(kern, "nl") == list(nl.values())


def test_kern_singulars_and_no_previous_round(tmp_path):
    write_study(tmp_path / "a", respondents=1, visits=1, segments=1, actions=[action("A1", "2026-11-10")])
    site, _ = load_site(tmp_path)
    kern = study_kern(site.studies[0], None, REFERENCE)
    lines = dict(kern_lines(kern, "nl"))
    assert lines["late"] == "1 actie te laat: 5 dagen"
    assert dict(kern_lines(kern, "en"))["late"] == "1 action late, by 5 days"
    assert lines["basis"] == "1 respondent en 1 mystery-shoppingbezoek; peildatum 15 november 2026"
    assert "better" not in lines and "worse" not in lines and "unchanged" not in lines
    on_time = study_kern(site.studies[0], None, dt.date(2026, 11, 1))
    assert dict(kern_lines(on_time, "nl"))["late"] == "Geen acties te laat"


def test_kern_without_action_plan_or_scores(tmp_path):
    write_study(tmp_path / "a", respondents=0, visits=0, segments=1)
    site, _ = load_site(tmp_path)
    kern = study_kern(site.studies[0], None, REFERENCE)
    lines = dict(kern_lines(kern, "nl"))
    # a workshop value alone (s1: -60) is still the deepest dip; without an action plan, no late line
    assert lines["dip"] == f"Diepste dal: {site.studies[0].meta.steps[1].label} (−60)"
    assert "late" not in lines and lines["basis"].startswith("0 respondenten; peildatum")


@pytest.mark.parametrize("days,nl,en", [(1, "1 dag", "1 day"), (13, "13 dagen", "13 days"), (14, "2 weken", "2 weeks"),
                                        (21, "3 weken", "3 weeks"), (60, "8 weken", "8 weeks"), (61, "2 maanden", "2 months"),
                                        (400, "13 maanden", "13 months")])
def test_duration_in_words(days, nl, en):
    assert duration(days, "nl") == nl and duration(days, "en") == en


def test_whole_numbers():
    assert [whole(v) for v in (-49.5, -0.4, 0, 0.5, 42.5, 100)] == ["−50", "0", "0", "+1", "+43", "+100"]


def test_thumbnail_is_accessible_and_marks_the_dip(rounds):
    earlier, later = rounds.studies
    kern = study_kern(later, earlier, REFERENCE)
    svg = hartmonitor_thumbnail(kern, "nl", chart_id="t1")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t1-title t1-desc"
    assert root.get("viewBox")
    desc = root.find(f"{SVG}desc").text
    assert kern.dip.label in desc and whole(kern.dip.value) in desc
    assert all(p.label in desc for p in kern.curve if p.value is not None)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == [whole(kern.dip.value)]
    assert root.find(f".//{SVG}g[@data-step='{kern.dip.step}']/{SVG}polygon") is not None  # the dip's own marker shape
    assert hartmonitor_thumbnail(kern, "nl", chart_id="t1") == svg  # deterministic


def test_dumbbell_order_values_and_caveat():
    rows = [DumbbellRow("a", "Alfa", -30, 40, 8, 8), DumbbellRow("b", "Bravo", 20, -10, 2, 6),
            DumbbellRow("c", "Charlie", None, 10, 0, 5), DumbbellRow("d", "Delta", 0, 12.5, 6, 7)]
    assert [r.key for r in order(rows)] == ["a", "d", "b", "c"]
    svg = dumbbell_svg(rows, title="Verandering", before_label="2025", after_label="2026", chart_id="d1")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Verandering"
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "kek-dumbbell-row"]
    assert [g.get("data-step") for g in groups] == ["a", "d", "b", "c"]
    assert [g.get("data-small") for g in groups] == [None, None, "true", None]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "+70" in texts and "−30 *" in texts and "+13" in texts and "niet te vergelijken" in texts
    assert any(t and t.startswith("minder dan") for t in texts)
    desc = root.find(f"{SVG}desc").text
    assert "Alfa: van −30 naar +40 (+70)" in desc and "Bravo: van +20 naar −10 (−30) (kleine groep, n=2)" in desc
    assert "Niet te vergelijken: Charlie" in desc
    table = dumbbell_table(rows)
    assert [r["change"] for r in table] == ["+70", "+13", "−30", "–"] and table[2]["small"]
    # no caveat mark without a small sample
    big = dumbbell_svg(rows[:1], title="V", before_label="x", after_label="y")
    assert "minder dan" not in big and SMALL_N == 5
