"""What a reader does in the browser: search, read charts, filter the tracker (with and without JavaScript)."""

from __future__ import annotations

import re

import pytest

from .conftest import DEMO, LANGUAGES, PAGES, open_search, page_path, record, search_results

try:  # the chart engineer's getBBox check (tests/charts/test_browser.py), reused as is
    from charts.test_browser import CHECK as TEXTS_INSIDE_CELLS
except ImportError:  # pragma: no cover - run from another rootdir
    from tests.charts.test_browser import CHECK as TEXTS_INSIDE_CELLS

NARRATIVE = "gezinsuitbreiding-2026/narratives/r01.md"
WORD = "verjaardagscadeau"  # in the body of r01 only


def _sensitive_terms() -> list[str]:
    source = (DEMO / NARRATIVE).read_text("utf-8")
    terms = re.search(r"^sensitive: \[(.*)\]$", source, re.M).group(1)
    return [t.strip() for t in terms.split(",") if t.strip()]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = record(context)
    yield page
    context.close()


def test_the_search_word_is_in_the_narrative_only():
    """The premise of the search test: the word is in r01's body and in no other source."""
    hits = [p.relative_to(DEMO).as_posix() for p in DEMO.rglob("*.md") if WORD in p.read_text("utf-8")]
    assert hits == [NARRATIVE]


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_the_narrative_by_a_word_of_its_body(page, _servers, language):
    served = _servers(language)
    page.goto(served.base, wait_until="networkidle")
    open_search(page, WORD)
    results = search_results(page)
    assert results, page.inner_text(".md-search-result")
    assert all(page_path(language, "narrative") in href for href in results), results  # at its address in that language
    assert page.locator(".md-search-result__item mark").count() >= 1  # the word is highlighted


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_no_redacted_name(page, _servers, language):
    served = _servers(language)
    page.goto(served.base, wait_until="networkidle")
    open_search(page, WORD)  # the search index is loaded and answers
    assert search_results(page)
    names = _sensitive_terms()
    assert len(names) >= 3
    for name in names:
        open_search(page, name)
        assert search_results(page) == [], f"searching {name!r} finds {search_results(page)}"


@pytest.mark.parametrize("name", ["klantreiskaart", "hartmonitor", "comparison"])
def test_svg_texts_lie_inside_their_cells(page, served_nl, name):
    page.goto(served_nl.base + PAGES[name], wait_until="networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    result = page.evaluate(TEXTS_INSIDE_CELLS)
    assert result["count"] > 10, "no chart texts on the page"
    assert result["bad"] == []


def _visible_rows(page) -> int:
    return page.locator("table[data-kek-filter-table] tbody tr").evaluate_all(
        "rows => rows.filter(r => r.offsetParent !== null && !r.hidden).length")


def test_tracker_filters_change_the_visible_rows(page, served_nl):
    page.goto(served_nl.base + PAGES["tracker"], wait_until="networkidle")
    rows = page.locator("table[data-kek-filter-table] tbody tr")
    total = rows.count()
    assert total >= 4
    assert page.locator("[data-kek-filter]").is_visible()  # the script revealed the filter form
    assert _visible_rows(page) == total

    statuses = rows.evaluate_all("rows => rows.map(r => r.dataset.status)")
    status = max(set(statuses), key=statuses.count) if len(set(statuses)) > 1 else None
    assert status is not None, f"every action has the same status: {statuses}"
    page.select_option("[data-kek-filter-form] select[name=status]", status)
    shown = _visible_rows(page)
    assert 0 < shown < total and shown == statuses.count(status)
    visible = rows.evaluate_all("rows => rows.filter(r => !r.hidden).map(r => r.dataset.status)")
    assert set(visible) == {status}
    assert re.search(rf"\b{shown}\b.*\b{total}\b", page.inner_text("[data-kek-filter-count]"))

    studies = rows.evaluate_all("rows => rows.map(r => r.dataset.study)")
    page.select_option("[data-kek-filter-form] select[name=status]", "")
    page.select_option("[data-kek-filter-form] select[name=study]", studies[0])
    assert _visible_rows(page) == studies.count(studies[0])

    page.click("[data-kek-filter-form] button[type=reset]")
    page.wait_for_function(f"document.querySelectorAll('table[data-kek-filter-table] tbody tr:not([hidden])').length === {total}")
    assert _visible_rows(page) == total


def test_tracker_without_javascript_shows_every_action(browser, served_nl):
    html = (served_nl.site / "acties" / "index.html").read_text("utf-8")
    body = html[html.index("data-kek-filter-table"):]
    expected = len(re.findall(r"<tr data-study=", body[:body.index("</table>")]))
    assert expected >= 4
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(served_nl.base + PAGES["tracker"])
        rows = page.locator("table[data-kek-filter-table] tbody tr")
        assert rows.count() == expected
        assert _visible_rows(page) == expected
        assert page.locator("[data-kek-filter-table] caption").is_visible()
    finally:
        context.close()


def test_tracker_without_javascript_hides_the_filter_form(browser, served_nl):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(served_nl.base + PAGES["tracker"])
        assert page.locator("[data-kek-filter]").count() == 1
        assert not page.locator("[data-kek-filter]").is_visible()  # no form that cannot work
    finally:
        context.close()
