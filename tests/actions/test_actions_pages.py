"""The action plan, tracker and comparison pages: what they publish and how the HTML reads."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from conftest import ROUND1, ROUND2
from kekpublish.publish.options import Options
from kekpublish.render import actions as pages
from kekpublish.render.templates import render

OPTIONS = Options(today=dt.date(2027, 7, 1))
VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr", "col", "path", "line", "rect", "circle",
        "polygon", "polyline", "ellipse", "use", "stop"}


class Balance(HTMLParser):
    """Checks that every element is closed in order (a cheap well-formedness test)."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def html_of(page, language="nl", body=Markup("<p>Analyse</p>")):  # the front end passes sanitised HTML
    html = render(page.template, {**page.context, "body": body}, language=language)
    checker = Balance()
    checker.feed(html)
    assert not checker.errors and not checker.stack, (checker.errors, checker.stack)
    return html


def test_actionplan_page(site):
    study = next(s for s in site.studies if s.folder == ROUND1)
    pub = pages.actionplan_pages(study, OPTIONS)
    assert len(pub.pages) == 1 and not pub.files
    page = pub.pages[0]
    assert page.uri == f"{ROUND1}/actieplan.md" and page.template == "kekpublish/actionplan.html"
    assert page.markdown.lstrip().startswith("# Actieplan Overlijden")
    html = html_of(page)
    assert "<p>Analyse</p>" in html
    assert 'href="../hartmonitor/#step-aangifte"' in html
    assert 'href="../../acties/"' in html
    # one table, each action once: six rows, six anchors, status the first column
    rows = re.findall(r'<tr id="actie-(\w+)" class="kek-status-row--(\w+)( kek-is-overdue)?">\s*<td class="kek-status-cell">', html)
    assert len(rows) == 6 and len({r[0] for r in rows}) == 6
    assert html.count('id="actie-a1"') == 1 and html.count("<table") == 1
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers == ["Status", "Actie", "Eigenaar", "Streefdatum"]
    # late first, and how late in words; then in progress, open, done, dropped
    overdue = [r[0] for r in rows if r[2]]
    assert overdue and [r[0] for r in rows][:len(overdue)] == overdue
    order = [r[1] for r in rows if not r[2]]
    rank = ["in_progress", "open", "done", "dropped"]
    assert order == sorted(order, key=rank.index)
    assert re.search(r"\d+ (dagen|dag|weken|week|maanden|maand) te laat", html)
    assert "In uitvoering" in html and "Vervallen" in html
    # dates in words, ISO only in datetime attributes; no "Deadline"
    assert not re.search(r">[^<]*\b20\d\d-\d\d-\d\d\b[^<]*<", html)
    assert re.search(r'<time datetime="2026-\d\d-\d\d">\d{1,2} [a-z]+ 2026</time>', html)
    assert "Deadline" not in html
    # owners and partners by name, never by id
    assert "Uitvaartverzorger" in html and "Sociale Verzekeringsbank" in html and ">uitvaart<" not in html
    # details folded per action, history oldest first
    a1 = html[html.index('id="actie-a1"'):html.index("</tr>", html.index('id="actie-a1"'))]
    assert '<details class="kek-fold kek-action-details">' in a1
    history = a1[a1.index('<ol class="kek-history"'):]
    assert history.index('datetime="2026-06-30"') < history.index('datetime="2026-09-15"')
    assert "Teamleider Burgerzaken" in a1 and "MijnOverheid met de datum van verwerking" in a1  # contact and measure


def test_late_actions_say_how_late():
    from kekpublish.render.actions import late_text

    assert late_text(3, "nl") == "3 dagen te laat" and late_text(1, "nl") == "1 dag te laat"
    assert late_text(21, "nl") == "3 weken te laat" and late_text(21, "en") == "3 weeks late"
    assert late_text(95, "nl") == "3 maanden te laat"


def test_actionplan_without_plan(site):
    study = next(s for s in site.studies if s.folder == ROUND1)
    study.actionplan = None
    assert pages.actionplan_pages(study, OPTIONS).pages == []


def test_tracker_page(site):
    pub = pages.tracker_pages(site, OPTIONS)
    assert [p.uri for p in pub.pages] == ["acties/index.md"]
    assert {f.uri for f in pub.files} == {"acties/actions.csv", "acties/actions.json", "acties/actions.ics"}
    assert pub.nav == ["acties/index.md"]
    html = html_of(pub.pages[0])
    for name in ("actions.csv", "actions.json", "actions.ics"):
        assert f'href="{name}"' in html
    rows = re.findall(r'<tr data-study="([^"]+)" data-owner="([^"]+)" data-status="(\w+)" data-overdue="(true|false)"', html)
    assert len(rows) == 9
    assert sum(r[3] == "true" for r in rows) == 2
    assert (ROUND2, "sociale-verzekeringsbank", "open", "false") in rows
    # without JS: the filter form is hidden, the table complete; with JS: a live count
    assert re.search(r"<details[^>]*data-kek-filter[^>]*hidden", html)
    assert 'aria-live="polite"' in html and "9 van 9 acties getoond" in html
    assert 'data-template="{shown} van {total} acties getoond"' in html
    assert f'href="../{ROUND2}/actieplan/#actie-b1"' in html
    assert "1 van 4 afgerond (25%)" in html  # Gemeente Lindewaard


def test_pages_in_english(site):
    html = html_of(pages.tracker_pages(site, Options(language="en", today=dt.date(2027, 7, 1))).pages[0], "en")
    assert "9 of 9 actions shown" in html and re.search(r"\d+ (days?|weeks?|months?) late", html)
    study = next(s for s in site.studies if s.folder == ROUND1)
    plan = pages.actionplan_pages(study, Options(language="en")).pages[0]
    assert plan.uri == f"{ROUND1}/action-plan.md"  # English sites get English addresses
    html = html_of(plan, "en")
    assert "Due date" in html and "In progress" in html and "../../actions/" in html
    comparison = pages.comparison_pages(site, Options(language="en")).pages[0]
    assert comparison.uri == "rounds/overlijden.md"
    html = html_of(comparison, "en")
    assert "autumn 2026 compared with spring 2026" in html and "No longer mentioned" in html
    assert "Resolved" not in html and "resolved" not in html.replace("does not mean resolved", "")


def test_comparison_page(site):
    pub = pages.comparison_pages(site, OPTIONS)
    assert [p.uri for p in pub.pages] == ["rondes/overlijden.md"]
    assert pub.nav[0].children == ["rondes/overlijden.md"]
    page = pub.pages[0]
    assert page.template == "kekpublish/comparison.html" and page.title == "Overlijden van een naaste: rondes vergeleken"
    html = html_of(page)
    assert f'href="../../{ROUND1}/hartmonitor/"' in html and f'href="../../{ROUND2}/actieplan/"' in html
    assert "najaar 2026 vergeleken met voorjaar 2026" in html
    # the score table: aangifte for bereaved partners 30 → 45, +15, whole numbers
    assert re.search(r"Aangifte van overlijden</th>\s*<td[^>]*>\+30</td>\s*<td[^>]*>\+45</td>\s*<td[^>]*>"
                     r"<span class=\"kek-trend kek-trend--up\"><span aria-hidden=\"true\">▲ </span>\+15</span>", html)
    assert "Opgelost" not in html and "Nieuw" in html and "Nog steeds genoemd" in html and "Niet meer genoemd" in html
    assert not re.search(r"[+−-]\d+,\d", html)  # no decimals on the comparison page
    assert html.count('class="kek-dumbbell') >= 2  # change per step as a dumbbell chart per segment
    assert "Verslechterd" in html and "Verbeterd" in html and "Onveranderd" in html
    try:
        from kekpublish.render.svg import linechart  # noqa: F401
    except ImportError:
        pytest.skip("no line chart module yet: the comparison is tables only")
    assert len(re.findall(r'<svg[^>]*id="kek-overlay-', html)) == 2  # one overlay per segment
    assert 'id="kek-overlay-partner"' in html


def test_no_comparison_for_a_single_round(site):
    site.studies = [s for s in site.studies if s.folder == ROUND1]
    pub = pages.comparison_pages(site, OPTIONS)
    assert pub.pages == [] and pub.nav == []
