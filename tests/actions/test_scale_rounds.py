"""A journey followed for ten years (bench/generate.py --rounds 10): the comparison page and the
tracker stay readable.

The fixture is generated here (bench/generate.py's own functions, seeded): one
study per round of one journey, ten rounds, two narratives each, an action plan
per round. The pages are rendered from the loaded site (no anonymisation
needed to judge their layout) and read as HTML and SVG.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kekpublish.model import load_site
from kekpublish.publish.options import Options
from kekpublish.render import actions as pages
from kekpublish.render.templates import render

BENCH = Path(__file__).parents[2] / "bench" / "generate.py"
OPTIONS = Options(today=dt.date(2027, 7, 1))
SVG = "{http://www.w3.org/2000/svg}"


def _generator():
    spec = importlib.util.spec_from_file_location("kek_bench_generate", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site10(tmp_path_factory):
    out = tmp_path_factory.mktemp("rounds10")
    _generator().generate(20, out, per_study=2, rounds=10)
    site, problems = load_site(out / "kek" / "docs")
    assert not problems.items
    return site


@pytest.fixture(scope="module")
def site3(tmp_path_factory):
    out = tmp_path_factory.mktemp("rounds3")
    _generator().generate(6, out, per_study=2, rounds=3)
    site, problems = load_site(out / "kek" / "docs")
    assert not problems.items
    return site


def _page(pub):
    assert len(pub.pages) == 1
    page = pub.pages[0]
    return page, render(page.template, page.context)


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


def _section(html: str, start_id: str, end_id: str | None = None) -> str:
    start = html.index(f'id="{start_id}"')
    end = html.index(f'id="{end_id}"', start) if end_id else len(html)
    return html[start:end]


def test_ten_rounds_lead_with_latest_previous_and_first(site10):
    page, html = _page(pages.comparison_pages(site10, OPTIONS))
    rounds = [r["round"] for r in page.context["rounds"]]
    assert len(rounds) == 10
    first, previous, latest = rounds[0], rounds[-2], rounds[-1]
    assert page.context["focus"] == [first, previous, latest]
    headings = re.findall(r"<h2 id=\"([^\"]+)\">([^<]*)</h2>", html)
    # the overlay, the latest pair, the latest against the first, then the earlier rounds: four sections, not ten
    assert [h[1] for h in headings] == ["De hartmonitor per ronde", f"{latest} vergeleken met {previous}",
                                        f"{latest} vergeleken met de eerste ronde, {first}", "Eerdere rondes"]
    # one dumbbell per segment for each of the two pairs shown, not for all nine pairs
    segments = len(page.context["overlays"])
    dumbbells = [s for s in _svgs(html) if "kek-change-" in (s.get("id") or "")]
    assert len(dumbbells) == 2 * segments


def test_overlay_draws_three_rounds_and_every_chart_is_described(site10):
    page, html = _page(pages.comparison_pages(site10, OPTIONS))
    rounds = [r["round"] for r in page.context["rounds"]]
    charts = [s for s in _svgs(html) if s.get("role") == "img" or s.find(f"{SVG}title") is not None]
    assert charts
    for svg in charts:
        assert (svg.findtext(f"{SVG}title") or "").strip(), svg.get("id")
        assert (svg.findtext(f"{SVG}desc") or "").strip(), svg.get("id")
    overlays = [s for s in charts if (s.get("id") or "").startswith("kek-overlay-")]
    assert len(overlays) == len(page.context["overlays"])
    for svg in overlays:
        desc = svg.findtext(f"{SVG}desc")
        named = [r for r in rounds if r in desc]
        assert named == [rounds[0], rounds[-2], rounds[-1]], desc
    # every round stays in the overlay's data table, with the course and the change first -> latest
    for o in page.context["overlays"]:
        table = _section(html, o["id"] + "-caption")
        table = table[: table.index("</table>")]
        for r in rounds:
            assert f">{r}</th>" in table
        assert "Eerste → nieuwste" in table
        assert len(o["rows"]) == len(re.findall(r"<th scope=\"row\"", table))


def test_sparklines_are_decorative_and_on_one_scale(site10):
    page, html = _page(pages.comparison_pages(site10, OPTIONS))
    sparks = [s for s in _svgs(html) if s.get("class") == "kek-history-spark"]
    assert sparks
    for svg in sparks:
        assert svg.get("aria-hidden") == "true" and svg.get("focusable") == "false"
        zero = svg.find(f"{SVG}line")
        assert zero.get("y1") == zero.get("y2") == "12.0"  # 0 sits mid-height on every row: one scale for all
        for line in svg.findall(f"{SVG}polyline"):
            for point in line.get("points").split():
                x, y = map(float, point.split(","))
                assert 0 <= x <= 96 and 0 <= y <= 24
    # the row of a step with two values or more carries a line; its change first -> latest is the numbers' difference
    o = page.context["overlays"][0]
    for row in o["rows"]:
        values = [v for v in row["values"] if v != "–"]
        if len(values) < 2:
            assert row["span"] == "–"
            continue
        assert row["spark"] is not None
        number = lambda v: int(v.replace("−", "-").replace("+", ""))  # noqa: E731
        expected = number(values[-1]) - number(values[0])
        assert number(row["span"]) == expected if expected else row["span"] == "0"


def test_earlier_pairs_in_one_row_each_with_their_tables_folded(site10):
    page, html = _page(pages.comparison_pages(site10, OPTIONS))
    rounds = [r["round"] for r in page.context["rounds"]]
    history = _section(html, "eerdere-rondes")
    table = history[: history.index("</table>")]
    pairs = re.findall(r"<th scope=\"row\"><a href=\"#([^\"]+)\">([^<]+)</a></th>", table)
    assert [p[1] for p in pairs] == [f"{a} → {b}" for a, b in zip(rounds[:-2], rounds[1:-1])]
    for anchor, _ in pairs:
        assert f'<details class="kek-fold" id="{anchor}">' in history
    # the folded tables carry the scores of both rounds per step; no charts there
    assert not _svgs(history)
    assert history.count('class="kek-table kek-change-table"') == 8 * len(page.context["overlays"])
    # the effect of actions is given for the latest consecutive pair, never for first -> latest
    span = _section(html, [c["id"] for c in page.context["comparisons"] if c["span"]][0], "eerdere-rondes")
    assert "kek-effect-table" not in span
    latest = page.context["comparisons"][0]
    assert not latest["span"] and latest["effects"]


def test_three_rounds_keep_every_pair(site3):
    page, html = _page(pages.comparison_pages(site3, OPTIONS))
    assert not page.context["long"] and not page.context["history"]
    assert len(page.context["comparisons"]) == 2 and not any(c["span"] for c in page.context["comparisons"])
    assert "Eerdere rondes" not in html and "kek-history-spark" not in html


def test_tracker_shows_the_latest_rounds_and_folds_earlier_ones(tmp_path):
    gen = _generator()
    gen.generate(200, tmp_path, rounds=10)  # 20 studies, 2 journeys of 10 rounds, 80 actions
    site, problems = load_site(tmp_path / "kek" / "docs")
    assert not problems.items
    page, html = _page(pages.tracker_pages(site, OPTIONS))
    ctx = page.context
    assert ctx["grouped"] and ctx["total"] == 80
    latest = {rounds[-1].meta.title for rounds in site.journeys().values()}
    main = _section(html, "alle-acties", "eerdere-rondes")
    rows = re.findall(r"<tr data-study=\"[^\"]*\"[^>]*>.*?<small>([^<]*)\(", main, flags=re.S)
    assert len(rows) == len(ctx["current"]) == 8
    assert {r.strip() for r in rows} == latest
    # the filter offers only what the table holds
    options = re.findall(r"<option value=\"([^\"]+)\">", main)
    assert set(options) >= {r["study_key"] for r in ctx["current"]}
    assert len([o for o in options if o in {s["key"] for s in ctx["studies"]}]) == 2
    # every earlier action is still on the page, once, folded per journey, with its counts in words
    earlier = _section(html, "eerdere-rondes", "per-eigenaar")
    assert ctx["earlier_total"] == 72 and len(ctx["earlier"]) == 2
    for g in ctx["earlier"]:
        fold = _section(earlier, g["id"])
        fold = fold[: fold.index("</details>")]
        assert fold.count("<time datetime=") == g["total"] == 36
    assert all(html.count(f'href="{r["plan_href"]}"') == 1 for r in ctx["actions"])
    # the study table is folded too
    studies = _section(html, "per-onderzoek", "downloads")
    assert studies.index("<details") < studies.index("<table")


def test_small_tracker_is_one_table(site3):
    page, html = _page(pages.tracker_pages(site3, OPTIONS))
    assert not page.context["grouped"] and page.context["current"] == page.context["actions"]
    assert "eerdere-rondes" not in html


@pytest.fixture(scope="module")
def themed10(tmp_path_factory):
    out = tmp_path_factory.mktemp("themes10")
    _generator().generate(20, out, per_study=2, rounds=10, themes=True)
    site, problems = load_site(out / "kek" / "docs")
    assert not problems.items
    return site


def test_generated_themes_keep_the_corpus(tmp_path):
    """--themes only adds `themes` and `theme` lines: the same seed draws the same corpus."""
    gen = _generator()
    gen.generate(20, tmp_path / "a", per_study=2, rounds=2)
    gen.generate(20, tmp_path / "b", per_study=2, rounds=2, themes=True)
    a, b = sorted((tmp_path / "a").rglob("*.md")), sorted((tmp_path / "b").rglob("*.md"))
    assert [p.relative_to(tmp_path / "a") for p in a] == [p.relative_to(tmp_path / "b") for p in b]
    added = 0
    for x, y in zip(a, b):
        themed = y.read_text()
        declared = "themes:\n" + "".join(f"  - {{id: {k}, label: {gen._y(v)}}}\n" for k, v in gen.THEMES.items())
        stripped = re.sub(r"^\s+theme: \w+\n", "", themed.replace(declared, ""), flags=re.M)
        assert stripped == x.read_text(), x
        added += themed != x.read_text()
    assert added > 2


def test_themes_page_shows_the_latest_round_per_journey(themed10):
    from kekpublish.render import themes as theme_pages

    page, html = _page(theme_pages.themes_pages(themed10, OPTIONS))
    rounds = [formats_round(s) for s in themed10.journeys()[next(iter(themed10.journeys()))]]
    assert page.context["themes"]
    for th in page.context["themes"]:
        assert th["long"]
        assert len(th["places"]) == 1  # one journey
        place = th["places"][0]
        assert place["latest"]["round"] == rounds[-1] or place["latest"]["round"] in rounds
        assert len(place["earlier"]) == len(th["occurrences"]) - 1
        row = _section(html, th["anchor"])
        row = row[: row.index("</tr>")]
        where = row[: row.index("kek-themes__actions") if "kek-themes__actions" in row else len(row)]
        # the latest round open, the others inside one fold
        before_fold = where[: where.index("<details")] if "<details" in where else where
        assert before_fold.count(f"({rounds[-1]})") == 1
        for r in rounds[:-1]:
            assert f"({r})" not in before_fold
        # movement: first, previous and latest in the line; every round in its fold
        for m in th["movements"]:
            assert len(m["focus"]) == 3 and len(m["rounds"]) == 10
        assert "Alle 10 rondes" in row


def test_home_shows_two_kern_cards_per_journey_and_every_round_in_the_table(themed10):
    from kekpublish.render.studies import home_page

    page = home_page(themed10, "nl", options=OPTIONS)
    html = render(page.template, page.context)
    assert html.count('<article class="kek-kern-card"') == 2
    assert "De 8 eerdere rondes staan in de tabel hieronder." in html
    table = html[html.index('<table class="kek-table kek-home-table">'):]
    assert table.count('<th scope="row">') == 10


def formats_round(study):
    from kekpublish.render import formats

    return formats.round_name(study.meta.round, "nl")
