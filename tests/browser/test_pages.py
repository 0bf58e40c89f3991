"""Every page type of the demo, in Dutch and English, in headless chromium: no request leaves 127.0.0.1,
axe-core finds nothing serious or critical (with the demo's config and with a minimal mkdocs.yml), no table
is wider than its column at 1280 px, no page scrolls sideways at 390 px, and the action status is on the
first screen; full-page screenshots are kept as test artefacts."""

from __future__ import annotations

import re
import struct

import pytest

from sitebuild import copy_demo, run

from .conftest import ARTIFACTS, LANGUAGES, PAGE_TYPES, WIDTH, foreign, page_path

CASES = [pytest.param(language, name, id=f"{language}-{name}") for language in LANGUAGES for name in PAGE_TYPES]


@pytest.mark.parametrize(("language", "name"), CASES)
def test_no_request_leaves_127_0_0_1(visit, language, name):
    opened = visit(language, name)
    assert opened.requests, "the page made no requests at all: was it opened?"
    assert foreign(opened.requests, ("http://127.0.0.1:",)) == []
    assert opened.errors == []  # and no script failed on the way


@pytest.mark.parametrize(("language", "name"), CASES)
def test_axe_finds_nothing_serious(visit, language, name):
    opened = visit(language, name)
    found = [f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
             for v in opened.violations]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(("language", "name"), CASES)
def test_screenshot_is_written(visit, language, name):
    opened = visit(language, name)
    data = opened.screenshot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == WIDTH and height >= 600, (width, height)


# --- layout: what a bestuurder sees at 1280 px and on a phone (issue 12) -----------------------------------------

LAYOUT_TYPES = [name for name in PAGE_TYPES if name != "search"]
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}

OPEN_FOLDS = "() => { document.querySelectorAll('details').forEach(d => { d.open = true; }); return true; }"
# Every visible table and kekpublish's own small charts, measured against the content column they sit in.
TOO_WIDE = """() => {
  const column = document.querySelector('.md-content__inner');
  const limit = column.clientWidth - parseFloat(getComputedStyle(column).paddingLeft) - parseFloat(getComputedStyle(column).paddingRight);
  const items = [...column.querySelectorAll('table, .kek-kern svg, svg.kek-sparkline, .kek-chart__frame > svg')];
  return items.filter(el => el.offsetParent !== null || el.tagName.toLowerCase() === 'svg')
    .map(el => ({what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + ((el.caption && el.caption.textContent) || '').slice(0, 60),
                 width: Math.round(el.getBoundingClientRect().width), limit: Math.round(limit)}))
    .filter(item => item.width > item.limit + 1);
}"""
SIDEWAYS = "() => ({page: document.documentElement.scrollWidth, window: window.innerWidth})"
FIRST_STATUS = """() => {
  const status = document.querySelector('table .kek-status-cell .kek-status');
  if (!status) return null;
  const r = status.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, text: status.textContent.trim(),
          width: window.innerWidth, height: window.innerHeight};
}"""


def _open(browser, url: str, viewport: dict):
    """A fresh page at `viewport`, every request to another host refused (a minimal config asks Google for fonts)."""
    context = browser.new_context(viewport=viewport)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
                  else route.abort())
    page = context.new_page()
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, f"{url}: {response.status if response else 'no response'}"
    page.evaluate("document.fonts.ready.then(() => true)")
    return context, page


WIDTH_CASES = list(LAYOUT_TYPES)  # every page type, the chart pages included: nothing wider than its column


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", WIDTH_CASES)
def test_no_table_or_small_chart_is_wider_than_its_column_at_1280(browser, _servers, language, name):
    served = _servers(language)
    context, page = _open(browser, served.base + page_path(language, name), DESKTOP)
    try:
        page.evaluate(OPEN_FOLDS)  # folded tables count too: a reader opens them
        assert page.evaluate(TOO_WIDE) == []
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", LAYOUT_TYPES)
def test_no_page_scrolls_sideways_at_390(browser, _servers, language, name):
    served = _servers(language)
    context, page = _open(browser, served.base + page_path(language, name), PHONE)
    try:
        page.evaluate(OPEN_FOLDS)
        widths = page.evaluate(SIDEWAYS)
        assert widths["page"] <= widths["window"], widths
        page.screenshot(path=str(ARTIFACTS / f"{language}-{name}-390.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("name", ["actieplan", "tracker"])
def test_action_status_is_readable_without_scrolling(browser, _servers, name, viewport):
    served = _servers("nl")
    context, page = _open(browser, served.base + page_path("nl", name), viewport)
    try:
        box = page.evaluate(FIRST_STATUS)
        assert box is not None, "no status in the first column of the action table"
        assert 0 <= box["top"] and box["bottom"] <= box["height"], box  # on the first screen
        assert 0 <= box["left"] and box["right"] <= box["width"], box  # not cut off at the side
        assert box["text"] in {"◔ In uitvoering", "○ Open", "✓ Afgerond", "✕ Vervallen"}, box  # in words, whole
        first = page.evaluate("() => document.querySelector('table .kek-status-cell').innerText")
        assert re.search(r"\d+ (dagen|dag|weken|week|maanden|maand) te laat", first), first  # late first, and how late
    finally:
        context.close()


# --- the demo with a minimal mkdocs.yml: site_name, theme material, search and kekpublish, nothing else ---------

@pytest.fixture(scope="session")
def served_minimal(tmp_path_factory, browser_cache_dir):
    import functools
    import http.server
    import threading

    import yaml

    from .conftest import _QuietHandler

    folder = tmp_path_factory.mktemp("demo-minimal")
    docs, studies = copy_demo(folder)
    config = {"site_name": "KEK", "docs_dir": str(docs), "site_dir": str(folder / "site"), "theme": {"name": "material"},
              "plugins": ["search", {"kekpublish": {"studies_dir": str(studies), "cache_dir": str(browser_cache_dir)}}]}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # As a user would build it, in a process of its own (not strict: kekpublish warns that Material asks Google for fonts).
    done = run("-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml"), cwd=folder)
    assert done.returncode == 0, done.stderr[-3000:]
    site = folder / "site"
    assert (site / "index.html").exists(), sorted(p.name for p in folder.iterdir())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("name", LAYOUT_TYPES)
def test_axe_finds_nothing_serious_with_a_minimal_config(browser, served_minimal, name):
    from axe_playwright_python.sync_playwright import Axe

    context, page = _open(browser, served_minimal + page_path("nl", name), DESKTOP)
    try:
        page.evaluate(OPEN_FOLDS)
        response = Axe().run(page).response
        found = [f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
                 for v in response["violations"] if v.get("impact") in ("serious", "critical")]
        assert found == [], "\n".join(found)
        assert page.locator(".md-copyright").count() == 1  # the footer axe checked is there
    finally:
        context.close()
