"""Hartmonitor and klantreiskaart: numbers, escaping, determinism, layout, exports."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from statistics import mean

import pytest

from kekpublish.compute.hartmonitor import compute as compute_hm
from kekpublish.compute.journeymap import maps_for
from kekpublish.publish.options import Options
from kekpublish.render import charts
from kekpublish.render.svg import fonts
from kekpublish.render.svg.hartmonitor import hartmonitor_svg
from kekpublish.render.svg.journeymap import journeymap_svg
from kekpublish.render.svg.markup import contrast, colour_for
from kekpublish.render.templates import format_number, render

from .conftest import EXAMPLE, load_study

SVG = "{http://www.w3.org/2000/svg}"
NO_EXPORTS = Options(exports=False)


def expected_scores(study) -> dict[tuple[str, str], float]:
    """Our own hartmonitor: mean per respondent per step, mean per segment; workshop values win."""
    per: dict[str, dict[str, list[float]]] = {}
    for narrative in study.narratives:
        for exp in narrative.meta.experiences:
            per.setdefault(narrative.meta.respondent, {}).setdefault(exp.step, []).append(exp.score)
    result = {}
    for segment in study.meta.segments:
        members = [n.meta.respondent for n in study.narratives if n.meta.segment == segment.id]
        for step in study.meta.steps:
            values = [mean(per[r][step.id]) for r in members if step.id in per.get(r, {})]
            if step.id in study.meta.hartmonitor.get(segment.id, {}):
                result[(segment.id, step.id)] = study.meta.hartmonitor[segment.id][step.id]
            elif values:
                result[(segment.id, step.id)] = mean(values)
    return result


def svg_points(svg: str) -> dict[tuple[str, str], str]:
    root = ET.fromstring(svg)
    found = {}
    for series in root.iter(f"{SVG}g"):
        key = series.get("data-series")
        if not key:
            continue
        for point in series.iter(f"{SVG}g"):
            if point.get("data-step"):
                found[(key, point.get("data-step"))] = point.get("data-value")
    return found


def test_hartmonitor_numbers_match_own_computation(study):
    svg = hartmonitor_svg(study, compute_hm(study))
    points = svg_points(svg)
    expected = expected_scores(study)
    assert expected, "the example has scores"
    for (segment, step), value in expected.items():
        assert points[(segment, step)] == format_number(value, language="en"), (segment, step)
    drawn = {k for k in points if k[0] in {s.id for s in study.meta.segments}}
    assert drawn == set(expected)
    # the worked example of the issue: the lowest point is named in the description
    low = min(expected.items(), key=lambda kv: kv[1])
    desc = ET.fromstring(svg).find(f"{SVG}desc").text
    assert f"{study.steps[low[0][1]].label}, {format_number(low[1])}, {study.segments[low[0][0]].label}" in desc
    # shopping: own markers, never on a segment line
    visit_steps = {e.step for v in study.visits for e in v.meta.experiences}
    assert {k[1] for k in points if k[0] == "shopping"} == visit_steps


def test_data_table_has_the_same_numbers(study):
    pub = charts.chart_pages(study, NO_EXPORTS)
    page = next(p for p in pub.pages if p.uri.endswith("hartmonitor.md"))
    html = render(page.template, page.context)
    expected = expected_scores(study)
    rows = re.findall(r'<tr data-step="([^"]+)" data-series="([^"]+)">(.*?)</tr>', html, re.S)
    table = {(series, step): re.search(r'data-col="value">([^<]*)<', body).group(1) for step, series, body in rows}
    for (segment, step), value in expected.items():
        assert table[(segment, step)] == format_number(value), (segment, step)
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert 'href="../hartmonitor.svg"' in html
    assert page.search is True


def test_journeymap_gathers_layers(study):
    maps = maps_for(study)
    assert [m.segment for m in maps] == [None] + [s.id for s in study.meta.segments]
    every = maps[0]
    pains = {(s.id, e.text) for s in every.steps for e in s.entries("pains")}
    own = {(e.step, " ".join(e.pain.split())) for n in study.narratives for e in n.meta.experiences if e.pain}
    own |= {(e.step, " ".join(e.pain.split())) for v in study.visits for e in v.meta.experiences if e.pain}
    assert pains == own
    chain = {e.text for s in every.steps for e in s.entries("pains") if e.chain}
    assert chain == {" ".join(e.pain.split()) for n in study.narratives for e in n.meta.experiences if e.pain and e.chain} | \
        {" ".join(e.pain.split()) for v in study.visits for e in v.meta.experiences if e.pain and e.chain}
    assert any(e.from_visit for s in every.steps for e in s.entries("touchpoints"))
    assert not any(e.from_visit for m in maps[1:] for s in m.steps for layer in m.layers for e in s.entries(layer))
    svg = journeymap_svg(study, every)
    assert "Ketenknelpunt" in svg and "Mystery shopping" in svg


def test_accessible_root(study):
    for svg in (hartmonitor_svg(study, compute_hm(study)), journeymap_svg(study, maps_for(study)[0])):
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title.text and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert 'font-family="' in svg and "DejaVu Sans" in svg


def test_colours_meet_contrast():
    from kekpublish.publish.options import DEFAULT_COLOURS

    for index in range(len(DEFAULT_COLOURS)):
        assert contrast(colour_for(DEFAULT_COLOURS, index)) >= 3.0


def test_escaping(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "studie")
    path = tmp_path / "studie" / "study.md"
    evil = "<script>alert(\"x\")</script> & 'q'"
    quoted = "'" + evil.replace("'", "''") + "'"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(segments:\s*\n\s*- \{id: [^,]+, label: )[^}]+", lambda m: m.group(1) + quoted, text, count=1)
    text = re.sub(r"(steps:\s*\n\s*- \{id: [^,]+, label: )[^,}]+", lambda m: m.group(1) + quoted, text, count=1)
    assert text.count(quoted) == 2
    path.write_text(text, encoding="utf-8")
    study = load_study(tmp_path)
    pub = charts.chart_pages(study, NO_EXPORTS)
    for f in pub.files:
        assert "<script" not in f.content
        root = ET.fromstring(f.content)
        texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
        assert any("<script>" in t for t in texts), f.uri
    for page in pub.pages:
        html = render(page.template, page.context)
        assert "<script>" not in html.replace("&lt;script&gt;", "")
        assert "&lt;script&gt;" in html


def test_deterministic(example_docs):
    a = charts.chart_pages(load_study(example_docs), NO_EXPORTS)
    b = charts.chart_pages(load_study(example_docs), NO_EXPORTS)
    assert [(f.uri, f.content) for f in a.files] == [(f.uri, f.content) for f in b.files]


def test_english_has_no_dutch_labels(study):
    pub = charts.chart_pages(study, Options(exports=False, language="en"))
    html = "".join(render(p.template, p.context, language="en") for p in pub.pages)
    for dutch in ("Sleutelstappen", "Belangrijkste knelpunten", "Verbeterkansen", "Informatiebehoefte", "Hartmonitor", "Klantreiskaart", "Momenten van", "Gebaseerd",
                  "Ketenknelpunt", "Download voor", "Laagste punt", "Gevoel:", " respondenten"):
        assert dutch not in html, dutch


def _overflows(svg: str) -> list[str]:
    """Python-side check: each text's measured width fits the rect named by its data-cell."""
    root = ET.fromstring(svg)
    rects = {r.get("data-cell-id"): r for r in root.iter(f"{SVG}rect") if r.get("data-cell-id")}
    bad = []
    for t in root.iter(f"{SVG}text"):
        rect = rects[t.get("data-cell")]
        x0, w = float(rect.get("x")), float(rect.get("width"))
        size = float(t.get("font-size", 13))
        width = fonts.text_width(t.text or "", size, t.get("font-weight") == "bold")
        x = float(t.get("x"))
        left = {"middle": x - width / 2, "end": x - width}.get(t.get("text-anchor"), x)
        if left < x0 - 0.5 or left + width > x0 + w + 0.5:
            bad.append(t.text)
    return bad


def test_long_study_does_not_overflow(long_study):
    hm = compute_hm(long_study)
    svg = hartmonitor_svg(long_study, hm)
    assert not _overflows(svg)
    assert float(ET.fromstring(svg).get("width")) >= 20 * 88  # steps never shrink below a readable width: it scrolls
    for jm in maps_for(long_study):
        page = journeymap_svg(long_study, jm)  # the page's map runs down: as wide as a 10-step one
        assert not _overflows(page) and float(ET.fromstring(page).get("width")) == 1100
        slide = journeymap_svg(long_study, jm, layout="slide")  # the slide runs left to right
        assert not _overflows(slide) and float(ET.fromstring(slide).get("width")) > 20 * 170


def test_exports_with_cairosvg(study):
    pytest.importorskip("cairosvg")
    from kekpublish.export import images

    if images.cairo_error():
        pytest.skip(images.cairo_error())
    png = images.svg_to_png(hartmonitor_svg(study, compute_hm(study)))
    assert png.startswith(b"\x89PNG")


def test_missing_cairo_gives_one_notice(example_docs, monkeypatch):
    from kekpublish.export import images

    monkeypatch.setattr(images, "cairo_error", lambda: "OSError: no library called cairo")
    study = load_study(example_docs)
    pub = charts.charts_publication([study, study], Options(exports=True))
    assert len(pub.notices) == 1 and "apt-get install libcairo2" in pub.notices[0]
    assert all(f.uri.endswith(".svg") for f in pub.files)
