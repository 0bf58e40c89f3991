"""The new pages in chromium: themes, interim measurements, and the pages that now cite evidence and kpis.

At 1280 px no table or time line is wider than its column; at 390 px no page scrolls sideways;
axe-core finds nothing serious or critical on the two new page types (Dutch and English).
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

NEW = {"themes": ("themas/", "themes/"),
       "measurements": ("gezinsuitbreiding-2026/tussenmetingen/", "gezinsuitbreiding-2026/interim-measurements/")}
CITING = {"comparison": ("rondes/gezinsuitbreiding/", "rounds/gezinsuitbreiding/"),
          "actionplan": ("gezinsuitbreiding-2026/actieplan/", "gezinsuitbreiding-2026/action-plan/"),
          "narrative": ("gezinsuitbreiding-2026/narratieven/r01/", "gezinsuitbreiding-2026/narratives/r01/"),
          "journeymap": ("gezinsuitbreiding-2026/klantreiskaart/", "gezinsuitbreiding-2026/journey-map/"),
          "hartmonitor": ("gezinsuitbreiding-2026/hartmonitor/", "gezinsuitbreiding-2026/hartmonitor/")}
WIDE_TABLES = {"journeymap", "hartmonitor"}  # their data tables scroll in their own region (the chart pages' layout)

OPEN_FOLDS = "() => { document.querySelectorAll('details').forEach(d => { d.open = true; }); return true; }"
TOO_WIDE = """() => {
  const column = document.querySelector('.md-content__inner');
  const limit = column.clientWidth - parseFloat(getComputedStyle(column).paddingLeft) - parseFloat(getComputedStyle(column).paddingRight);
  return [...column.querySelectorAll('table, .kek-timeline svg')]
    .filter(el => el.offsetParent !== null || el.tagName.toLowerCase() === 'svg')
    .map(el => ({what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + ((el.caption && el.caption.textContent) || '').slice(0, 60),
                 width: Math.round(el.getBoundingClientRect().width), limit: Math.round(limit)}))
    .filter(item => item.width > item.limit + 1);
}"""
SIDEWAYS = "() => ({page: document.documentElement.scrollWidth, window: window.innerWidth})"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def served(demo, demo_en):
    servers, bases = [], {}
    for language, site in (("nl", demo), ("en", demo_en)):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        bases[language] = f"http://127.0.0.1:{server.server_port}/"
    yield bases
    for server in servers:
        server.shutdown()
        server.server_close()


def _open(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:"))
                  else route.abort())
    page = context.new_page()
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    page.evaluate("document.fonts.ready.then(() => true)")
    page.evaluate(OPEN_FOLDS)
    return context, page


CASES = [pytest.param(lang, name, path[i], id=f"{lang}-{name}")
         for i, lang in enumerate(("nl", "en")) for name, path in {**NEW, **CITING}.items()]


@pytest.mark.parametrize(("language", "name", "path"), CASES)
def test_nothing_wider_than_its_column_at_1280(browser, served, language, name, path):
    context, page = _open(browser, served[language] + path, 1280)
    try:
        wide = page.evaluate(TOO_WIDE)
        if name in WIDE_TABLES:
            wide = [w for w in wide if "kek-data" not in w["what"] and not w["what"].startswith("table ")]
        assert wide == []
    finally:
        context.close()


@pytest.mark.parametrize(("language", "name", "path"), CASES)
def test_no_sideways_scroll_at_390(browser, served, language, name, path):
    context, page = _open(browser, served[language] + path, 390)
    try:
        widths = page.evaluate(SIDEWAYS)
        assert widths["page"] <= widths["window"], widths
    finally:
        context.close()


@pytest.mark.parametrize(("language", "name", "path"),
                         [c for c in CASES if c.values[1] in NEW or c.values[1] in ("actionplan", "comparison")])
def test_axe_finds_nothing_serious(browser, served, language, name, path):
    from axe_playwright_python.sync_playwright import Axe

    context, page = _open(browser, served[language] + path, 1280)
    try:
        response = Axe().run(page).response
        found = [f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
                 for v in response["violations"] if v.get("impact") in ("serious", "critical")]
        assert found == [], "\n".join(found)
    finally:
        context.close()
