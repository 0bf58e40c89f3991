"""Headless Chromium: texts inside their cells (getBBox); and on built sites, every chart fits its column at
1280 px, stays legible, and on a phone (390 px) the page never scrolls sideways while the chart's left
column stays in view as the chart scrolls.

The site: the demo's studies plus a generated two-round study of 10 steps (texts written here), built
with the plugin on, served on 127.0.0.1. Screenshots go to test-artifacts/screenshots/charts-*.png.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from kekpublish.compute.hartmonitor import compute as compute_hm
from kekpublish.compute.journeymap import maps_for
from kekpublish.render.svg.hartmonitor import hartmonitor_svg
from kekpublish.render.svg.journeymap import journeymap_svg
from kekpublish.render.templates import themes_dir
from sitebuild import ROOT, build, copy_demo, write_config

from .studygen import action, write_study

ARTIFACTS = ROOT / "test-artifacts" / "screenshots"

CHECK = """() => {
  const bad = [];
  let count = 0;
  for (const svg of document.querySelectorAll('svg.kek-chart')) {
    const rects = {};
    for (const r of svg.querySelectorAll('rect[data-cell-id]')) rects[r.getAttribute('data-cell-id')] = r.getBBox();
    for (const t of svg.querySelectorAll('text')) {
      count++;
      const cell = rects[t.getAttribute('data-cell')];
      if (!cell) { bad.push('no cell: ' + t.textContent); continue; }
      const b = t.getBBox();
      const tol = 0.75;
      if (b.x < cell.x - tol || b.y < cell.y - tol || b.x + b.width > cell.x + cell.width + tol ||
          b.y + b.height > cell.y + cell.height + tol) {
        bad.push(svg.id + ' ' + t.getAttribute('data-cell') + ': ' + t.textContent);
      }
    }
  }
  return {count, bad};
}"""


def _page_html(svgs: list[str]) -> str:
    css = (themes_dir() / "kekpublish" / "assets" / "charts.css").read_text(encoding="utf-8")
    fonts = (themes_dir() / "kekpublish" / "assets" / "fonts").as_uri()
    css = css.replace('url("fonts/', f'url("{fonts}/')
    return "<!doctype html><html><head><meta charset='utf-8'><style>" + css + "</style></head><body>" + "".join(
        f"<div class='kek-scroll' role='region' tabindex='0' aria-label='chart'>{svg}</div>" for svg in svgs) + "</body></html>"


def _check(browser, svgs: list[str], tmp_path) -> None:
    path = tmp_path / "charts.html"
    path.write_text(_page_html(svgs), encoding="utf-8")
    page = browser.new_page(viewport={"width": 2400, "height": 900})  # natural size: cells are checked unscaled
    try:
        page.goto(path.as_uri())
        page.evaluate("document.fonts.ready.then(() => true)")
        result = page.evaluate(CHECK)
    finally:
        page.close()
    assert result["count"] > 50
    assert result["bad"] == []


def test_example_texts_inside_cells(browser, study, tmp_path):
    hm = compute_hm(study)
    svgs = [hartmonitor_svg(study, hm, chart_id="hm"), hartmonitor_svg(study, hm, chart_id="hm-c", compact=True)]
    svgs += [journeymap_svg(study, m, chart_id=f"jm-{i}") for i, m in enumerate(maps_for(study))]
    svgs += [journeymap_svg(study, m, chart_id=f"slide-{i}", layout="slide") for i, m in enumerate(maps_for(study))]
    _check(browser, svgs, tmp_path)


def test_long_study_texts_inside_cells(browser, long_study, tmp_path):
    svgs = [hartmonitor_svg(long_study, compute_hm(long_study), chart_id="hm"),
            journeymap_svg(long_study, maps_for(long_study)[0], chart_id="jm"),
            journeymap_svg(long_study, maps_for(long_study)[0], chart_id="slide", layout="slide")]
    _check(browser, svgs, tmp_path)


# --- built sites ----------------------------------------------------------------------

CHART_PAGES = {
    "demo-hartmonitor": "gezinsuitbreiding-2026/hartmonitor/",
    "demo-klantreiskaart": "gezinsuitbreiding-2026/klantreiskaart/",
    "generated-hartmonitor": "gegenereerd-2026/hartmonitor/",
    "generated-klantreiskaart": "gegenereerd-2026/klantreiskaart/",
}


# Pages where other charts appear: de kern's thumbnail (home, study), the dumbbell of change (rounds).
OTHER_PAGES = {
    "demo-home": "",
    "demo-study": "gezinsuitbreiding-2026/",
    "demo-rounds": "rondes/gezinsuitbreiding/",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The demo's studies and a generated 10-step study in two rounds, built with the plugin, served locally."""
    folder = tmp_path_factory.mktemp("charts-site")
    docs, studies = copy_demo(folder)
    write_study(studies / "gegenereerd-2025", round_="2025", journey="gegenereerd", offset=30, entries_per_cell=2,
                title="Een gegenereerde reis, eerste ronde", actions=[action("A1", "2026-03-01")])
    write_study(studies / "gegenereerd-2026", round_="2026", journey="gegenereerd", entries_per_cell=2,
                title="Een gegenereerde reis, tweede ronde",
                actions=[action("A1", "2026-10-01"), action("A2", "2027-02-01", "in_progress"), action("A3", "2026-06-01", "done")])
    site = build(write_config(folder, docs, studies_dir=str(studies), exports=False,
                              cache_dir=folder / "cache"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


MEASURE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('.md-content svg.kek-chart')) {
    const box = svg.getBoundingClientRect();
    const column = svg.closest('.md-content__inner').getBoundingClientRect();
    const region = svg.closest('.kek-scroll');
    const scale = box.width / svg.viewBox.baseVal.width;
    let smallest = Infinity;
    for (const t of svg.querySelectorAll('text')) smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize));
    out.push({id: svg.id, thumbnail: svg.classList.contains('kek-thumbnail'), left: box.left, right: box.right, columnLeft: column.left, columnRight: column.right,
              regionScroll: region ? region.scrollWidth - region.clientWidth : 0, px: smallest * scale});
  }
  return out;
}"""


def _open(browser, url: str, width: int, height: int, shot: str):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"charts-{shot}.png"))
    return context, page


@pytest.mark.parametrize("name", [*CHART_PAGES, *OTHER_PAGES])
def test_charts_fit_their_column_at_1280(browser, served, name):
    context, page = _open(browser, served + {**CHART_PAGES, **OTHER_PAGES}[name], 1280, 900, f"{name}-1280")
    try:
        charts = page.evaluate(MEASURE)
        assert charts, "the page shows its charts"
        for chart in charts:
            assert chart["left"] >= chart["columnLeft"] - 1 and chart["right"] <= chart["columnRight"] + 1, chart
            assert chart["regionScroll"] <= 1, chart  # nothing to scroll: the whole chart is in view
            assert chart["thumbnail"] or chart["px"] >= 9.5, chart  # legible: the smallest text as shown
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        tables = page.evaluate("""() => [...document.querySelectorAll('.md-content table.kek-data')].map(t => ({
            width: t.getBoundingClientRect().width, column: t.closest('.md-content__inner').clientWidth}))""")
        assert all(t["width"] <= t["column"] + 1 for t in tables), tables  # the data tables fit too
    finally:
        context.close()


@pytest.mark.parametrize("name", CHART_PAGES)
def test_phone_keeps_labels_in_view(browser, served, name):
    context, page = _open(browser, served + CHART_PAGES[name], 390, 844, f"{name}-390")
    try:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
        region = page.locator(".md-content .kek-scroll--chart").first
        region.scroll_into_view_if_needed()
        before = page.evaluate("""() => {
          const r = document.querySelector('.md-content .kek-scroll--chart');
          const s = r.querySelector('.kek-sticky');
          return {scrollable: r.scrollWidth - r.clientWidth, region: r.getBoundingClientRect().left,
                  sticky: s ? s.getBoundingClientRect().left : null,
                  px: (() => { const svg = r.querySelector('svg.kek-chart');
                               return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * 13; })()};
        }""")
        assert before["scrollable"] > 0, "on a phone the chart keeps a readable size and scrolls"
        assert before["px"] >= 10, before
        assert before["sticky"] is not None
        page.evaluate("() => { document.querySelector('.md-content .kek-scroll--chart').scrollLeft = 400; }")
        page.wait_for_timeout(100)
        after = page.evaluate("""() => {
          const r = document.querySelector('.md-content .kek-scroll--chart');
          return {scrolled: r.scrollLeft, region: r.getBoundingClientRect().left,
                  sticky: r.querySelector('.kek-sticky').getBoundingClientRect().left};
        }""")
        assert after["scrolled"] > 0
        assert abs(after["sticky"] - after["region"]) <= 2, after  # the labels stayed at the left edge
        page.screenshot(path=str(ARTIFACTS / f"charts-{name}-390-scrolled.png"))
    finally:
        context.close()


@pytest.mark.parametrize("name", OTHER_PAGES)
def test_phone_never_scrolls_sideways(browser, served, name):
    context, page = _open(browser, served + OTHER_PAGES[name], 390, 844, f"{name}-390")
    try:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate(MEASURE), "the page shows its charts"
    finally:
        context.close()


def test_fullscreen_link_opens_the_chart(browser, served):
    context, page = _open(browser, served + CHART_PAGES["demo-hartmonitor"], 1280, 900, "demo-hartmonitor-link")
    try:
        href = page.locator(".kek-fullscreen a").first.get_attribute("href")
        response = page.goto(served + CHART_PAGES["demo-hartmonitor"] + href)
        assert response.ok and "svg" in response.headers["content-type"]
    finally:
        context.close()


@pytest.mark.parametrize("name", ["demo-hartmonitor", "demo-klantreiskaart"])
def test_chart_pages_pass_axe(browser, served, name):
    from axe_playwright_python.sync_playwright import Axe

    context, page = _open(browser, served + CHART_PAGES[name], 1280, 900, f"{name}-axe")
    try:
        violations = Axe().run(page).response["violations"]
        serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v.get("impact") in ("serious", "critical")]
        assert serious == []
    finally:
        context.close()
