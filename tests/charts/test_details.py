"""What each mark means, on generated studies: hartmonitor markers, the desired curve, dip labels, the band;
the journey map's emotion lane, moments, pain cards, chain pains, channel icons and '+n meer'."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kekpublish.compute.hartmonitor import all_segments_line
from kekpublish.compute.hartmonitor import compute as compute_hm
from kekpublish.compute.journeymap import maps_for
from kekpublish.model import load_site
from kekpublish.render.svg.hartmonitor import PLOT_H, deepest_dips, hartmonitor_series, hartmonitor_svg
from kekpublish.render.svg.journeymap import journeymap_svg
from kekpublish.render.svg.markup import whole

from .studygen import write_study

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    docs = tmp_path_factory.mktemp("details")
    write_study(docs / "a", steps=10, entries_per_cell=3, target={"s0": 10, "s4": 30, "s9": 50})  # a desired curve with gaps
    site, problems = load_site(docs)
    assert not problems.items, problems
    return site.studies[0]


def series_groups(root, kind):
    return [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").split()[-1:] == [f"kek-{kind}"]]


def test_hartmonitor_marks_mean_one_thing_each(study):
    hm = compute_hm(study)
    svg = hartmonitor_svg(study, hm)
    root = ET.fromstring(svg)
    # mystery shopping: stars (10-point polygons); nothing else is a star, moments of truth are flags
    shop = series_groups(root, "markers")
    assert shop and all(len(p.get("points").split()) == 10 for g in shop for p in g.iter(f"{SVG}polygon"))
    stars = [p for p in root.iter(f"{SVG}polygon") if len(p.get("points").split()) == 10]
    # stars: the shopping points, the legend's and one per step in the n row (n of the visits)
    assert len(stars) == sum(1 for g in shop for _ in g.iter(f"{SVG}polygon")) + 1 + len(hm.steps)
    flags = [p for p in root.iter(f"{SVG}path") if p.get("d", "").endswith("Z") and p.get("fill")]
    assert len(flags) >= len(hm.moments_of_truth) + 1  # one per moment, and the legend's
    # the desired curve: bars (rects), drawn as one whole line through its steps despite the gaps
    target = series_groups(root, "target")
    assert len(target) == 1
    assert [c.tag for c in target[0]] [0] == f"{SVG}path" and len(target[0].findall(f"{SVG}path")) == 1
    assert all(g.find(f"{SVG}rect") is not None and g.find(f"{SVG}circle") is None
               for g in target[0].iter(f"{SVG}g") if g.get("data-step"))
    assert target[0].find(f"{SVG}path").get("d").count("L") == 2  # s0 -> s4 -> s9
    # a workshop value: hollow (white fill) in the segment's own shape (group 1: circles)
    marked = [g for g in root.iter(f"{SVG}g") if g.get("data-marked") == "true"]
    assert marked and all(g.find(f"{SVG}circle").get("fill") == "#FFFFFF" for g in marked)
    # every line's value written at the deepest dips
    series = hartmonitor_series(study, hm)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "kek-dip-label"]
    expected = [whole(p.value) for step in deepest_dips(hm, series) for s in series if s.kind == "line"
                and (p := s.point(step)) is not None and p.value < 0]
    assert sorted(labels) == sorted(expected) and labels
    # the curve band is the biggest part of the compact chart
    compact = ET.fromstring(hartmonitor_svg(study, hm, compact=True))
    assert PLOT_H / float(compact.get("height")) > 0.35


def test_journey_map_page_shows_everything_as_a_journey(study):
    hm = compute_hm(study)
    jm = maps_for(study)[0]
    root = ET.fromstring(journeymap_svg(study, jm, hm=hm))
    line = all_segments_line(hm)
    lane = {g.get("data-step"): g.get("data-value") for g in root.iter(f"{SVG}g") if g.get("class") == "kek-point"}
    assert set(lane) == {p.step for p in line.points if p.value is not None}  # the emotion lane inside the map
    pains = [e for step in jm.steps for e in step.entries("pains")]
    cards = [r for r in root.iter(f"{SVG}rect") if "kek-pain" in (r.get("class") or "")]
    assert len(cards) == len(pains)  # every pain a card on the page
    chain = [r for r in cards if "kek-pain--chain" in r.get("class")]
    assert len(chain) == sum(e.chain for e in pains) and chain
    assert {r.get("stroke-width") for r in chain} == {"3"} and {r.get("stroke-width") for r in cards if r not in chain} == {"1.2"}
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts.count("Ketenknelpunt") == len(chain)  # in words, not by colour alone
    uses = [u.get("href") for u in root.iter(f"{SVG}use")]
    assert sum(h.endswith("-icon-chain") for h in uses) == len(chain) + 1  # and the legend's
    channels = {e.channel for step in jm.steps for e in step.entries("touchpoints") if e.channel}
    assert {h.rsplit("-icon-", 1)[1] for h in uses} >= channels  # a channel icon per touchpoint
    assert all(root.find(f".//{SVG}symbol[@id='kek-journeymap-icon-{c}']") is not None for c in channels)
    assert sum(1 for t in texts if t and t.startswith("Moment van de")) == len(hm.moments_of_truth)
    assert not any(t and t.endswith(" meer") for t in texts)
    assert root.get("data-sticky-width") and root.find(f"{SVG}g[@id='kek-journeymap-content']") is not None


def test_journey_map_slide_keeps_the_top_entries(study):
    hm = compute_hm(study)
    jm = maps_for(study)[0]
    root = ET.fromstring(journeymap_svg(study, jm, hm=hm, layout="slide", limit=2))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    more = sorted(int(t[1:].split()[0]) for t in texts if t and t.startswith("+") and t.endswith(" meer"))
    expected = sorted(len(step.entries(layer)) - (2 if layer == "pains" else 1) for step in jm.steps for layer in jm.layers
                      if len(step.entries(layer)) > (2 if layer == "pains" else 1))
    assert more == expected and more
    cards = [r for r in root.iter(f"{SVG}rect") if "kek-pain" in (r.get("class") or "")]
    assert len(cards) == sum(min(2, len(step.entries("pains"))) for step in jm.steps)
    assert float(root.get("width")) <= 1920 and min(float(t.get("font-size", 13)) for t in root.iter(f"{SVG}text")) >= 14
