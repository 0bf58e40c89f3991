"""Headless Chromium: every text element lies inside its cell (getBBox), for the example and a 20-step study."""

from __future__ import annotations



from kekpublish.compute.hartmonitor import compute as compute_hm
from kekpublish.compute.journeymap import maps_for
from kekpublish.render.svg.hartmonitor import hartmonitor_svg
from kekpublish.render.svg.journeymap import journeymap_svg
from kekpublish.render.templates import themes_dir


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
    page = browser.new_page()
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
    _check(browser, svgs, tmp_path)


def test_long_study_texts_inside_cells(browser, long_study, tmp_path):
    svgs = [hartmonitor_svg(long_study, compute_hm(long_study), chart_id="hm"),
            journeymap_svg(long_study, maps_for(long_study)[0], chart_id="jm")]
    _check(browser, svgs, tmp_path)
