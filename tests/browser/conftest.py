"""Real-browser fixtures: the demo built once in Dutch and once in English, each served on 127.0.0.1,
and Debian's headless chromium driven by Playwright (never a downloaded browser).

Every test in this folder is skipped where /usr/bin/chromium (or Playwright) is missing, except under
CI (the env var CI is set), where that is a failure: .ci/run installs chromium.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from sitebuild import CHROMIUM, DEMO_STUDIES, ROOT, build, copy_demo, write_config  # the one `browser` fixture is in tests/conftest.py
WIDTH = 1280
DEMO = DEMO_STUDIES  # the demo's study sources
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
LANGUAGES = ("nl", "en")

# Every page type of the demo, by the name used in test ids and screenshot files.
PAGES = {
    "home": "",
    "study": "gezinsuitbreiding-2026/",
    "narrative": "gezinsuitbreiding-2026/narratieven/r01/",
    "shopping": "gezinsuitbreiding-2026/mystery-shopping/online-aangifte/",
    "klantreiskaart": "gezinsuitbreiding-2026/klantreiskaart/",
    "hartmonitor": "gezinsuitbreiding-2026/hartmonitor/",
    "actieplan": "gezinsuitbreiding-2026/actieplan/",
    "tracker": "acties/",
    "comparison": "rondes/gezinsuitbreiding/",
}


def page_path(language: str, name: str) -> str:
    """The address of a page type on a site in `language`: English sites use English words (render/addresses.py)."""
    from kekpublish.render.addresses import WORDS

    path = PAGES.get(name, "")
    if language == "en":
        parts = path.split("/")
        english = {words["nl"]: words["en"] for words in WORDS.values()}
        path = "/".join(english.get(part, part) for part in parts)
    return path


# "search": the home page with Material's search open on this word, its results listed.
SEARCH_WORD = "kraamzorg"
PAGE_TYPES = [*PAGES, "search"]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent (apt-get install chromium)"
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[test]')"
    return None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    browser_items = [item for item in items if here in item.path.parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    reason = _missing()
    if reason and not os.environ.get("CI"):
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_cache_dir(tmp_path_factory) -> Path:
    """One anonymisation cache for the browser builds: the English build reuses the Dutch one's work."""
    return tmp_path_factory.mktemp("kek-cache")


def demo_config(folder: Path, docs: Path, *, language: str, cache_dir: Path, **options) -> Path:
    """write_config, with the demo mkdocs.yml's theme (palette, features) and Markdown extensions."""
    path = write_config(folder, docs, language=language, cache_dir=cache_dir, **options)
    config = yaml.safe_load(path.read_text("utf-8"))
    from kekpublish.cli import read_config

    demo = read_config(str(ROOT / "mkdocs.yml"))
    config["site_name"] = demo["site_name"]
    config["theme"] = {**demo["theme"], "language": language}
    config["markdown_extensions"] = demo["markdown_extensions"]
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@dataclass
class Served:
    language: str
    site: Path
    base: str  # http://127.0.0.1:<port>/


_builds: dict[str, Served] = {}


@pytest.fixture(scope="session")
def _servers(tmp_path_factory, browser_cache_dir):
    """Builds (lazily, once per language) and serves the demo; every server stops at the end."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def get(language: str) -> Served:
        if language not in _builds:
            folder = tmp_path_factory.mktemp(f"demo-{language}")
            docs, studies = copy_demo(folder)
            site = build(demo_config(folder, docs, language=language, cache_dir=browser_cache_dir, studies_dir=str(studies)))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            _builds[language] = Served(language, site, f"http://127.0.0.1:{server.server_port}/")
        return _builds[language]

    yield get
    for server in servers:
        server.shutdown()
        server.server_close()
    _builds.clear()


@pytest.fixture(scope="session")
def served_nl(_servers) -> Served:
    return _servers("nl")


@dataclass
class Visit:
    """A page opened once: every request it made, its screenshot and its axe results."""
    url: str
    requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    violations: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str | None = None


def record(context) -> list[str]:
    """Every request made from this context (pages, workers, iframes), as URLs."""
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    return urls


def open_search(page, word: str) -> None:
    """Type into Material's search on the current page and wait until it has answered for the whole word."""
    query = page.locator(".md-search__input")
    query.click()
    # Material reads the query on keyup (which fill() does not send): set the whole value, then release a key,
    # so that no answer to a prefix of the word ("V" for "Veldkamp") can be taken for the answer.
    for value in ("", word):  # first clear the previous answer
        query.fill(value)
        query.press("End")
        page.wait_for_function(
            """(word) => {
              const meta = document.querySelector('.md-search-result__meta');
              const items = document.querySelectorAll('.md-search-result__item').length;
              if (!meta || document.querySelector('.md-search__input').value !== word) return false;
              if (!word) return items === 0;
              // once the worker answered, Material writes the count, or "no results", into the meta line
              return items > 0 || /\\d|geen|no /i.test(meta.textContent);
            }""", arg=value, timeout=20_000)


def search_results(page) -> list[str]:
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.getAttribute('href'))")


_visits: dict[tuple[str, str], Visit] = {}


@pytest.fixture(scope="session")
def visit(browser, _servers):
    """visit(language, page_type): open it once in a 1280-wide page, record its requests, write a full-page
    screenshot to test-artifacts/screenshots/<lang>-<page>.png, run axe-core; cached for the session."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def get(language: str, name: str) -> Visit:
        key = (language, name)
        if key in _visits:
            if _visits[key].failure:
                pytest.fail(f"opening {_visits[key].url} failed before: {_visits[key].failure}")
            return _visits[key]
        served = _servers(language)
        url = served.base + page_path(language, name)
        context = browser.new_context(viewport={"width": WIDTH, "height": 900})
        result = Visit(url, record(context))
        page = context.new_page()
        page.on("pageerror", lambda error: result.errors.append(str(error)))
        _visits[key] = result  # a visit that fails is not retried by the next test
        try:
            page.goto(url, wait_until="networkidle")
            if name == "search":
                open_search(page, SEARCH_WORD)
                page.wait_for_load_state("networkidle")
            page.evaluate("document.fonts.ready.then(() => true)")
            result.screenshot = ARTIFACTS / f"{language}-{name}.png"
            page.screenshot(path=str(result.screenshot), full_page=True)
            response = axe.run(page).response
            result.violations = [v for v in response["violations"] if v.get("impact") in ("serious", "critical")]
        except Exception as exc:
            result.failure = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            context.close()
        return result

    yield get
    _visits.clear()


def foreign(urls: list[str], allowed: tuple[str, ...]) -> list[str]:
    """The URLs that go anywhere but the allowed prefixes (data: and blob: stay in the page)."""
    return [u for u in urls if not u.startswith(allowed) and not u.startswith(("data:", "blob:", "about:"))]
