"""Evidence behind every claim and process figures on the pages of the built demo: two clicks to the story."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kekpublish.compute.evidence import study_evidence
from kekpublish.compute.hartmonitor import compute as hartmonitor
from kekpublish.compute.kern import study_kern
from kekpublish.publish.options import Options
from kekpublish.publish.pipeline import check
from kekpublish.render.svg.board import board_summary_svg
from sitebuild import DEMO_PAGES, DEMO_STUDIES, broken_links

STUDY = "gezinsuitbreiding-2026"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text("utf-8")


def study(folder: str = STUDY):
    build = check(DEMO_PAGES, Options(), studies_dir=DEMO_STUDIES)
    return next(s for s in build.site.studies if s.folder == folder), build.site


def test_evidence_counts_narratives_and_flags_one_respondent():
    s, _ = study()
    ev = study_evidence(s)
    hours = ev.theme("kraamzorg-uren")
    assert [src.code for src in hours.narratives] == ["R01", "R04", "ZW08"] and not hours.single
    step, text, found = next(p for p in ev.pains_at(["kraamzorg"]) if p[2].respondents == 1)
    assert found.single and found.total_respondents == 8
    assert ev.score("aangifte", "eerste").respondents == 4  # the narratives behind the hartmonitor value
    assert ev.score("aangifte").visits  # the online visit scored it too


def _links_from(page: str, site: Path, rel: str) -> set[str]:
    """Narrative pages a page links to, as site paths."""
    from urllib.parse import urljoin

    found = set()
    for href in re.findall(r'class="kek-evidence__source" href="([^"]+)"', page):
        found.add(urljoin("http://x/" + rel, href).removeprefix("http://x/"))
    return found


def test_journey_map_names_the_narratives_behind_pains_and_ideas(demo):
    rel = f"{STUDY}/klantreiskaart/index.html"
    page = read(demo, rel)
    targets = _links_from(page, demo, rel)
    assert f"{STUDY}/narratieven/r01/" in targets and f"{STUDY}/mystery-shopping/online-aangifte/" in targets
    for target in targets:  # one click from the claim to the story
        assert (demo / target / "index.html").is_file(), target
    assert "rust op één respondent" in page or "1×" in page
    # kpis on the journey map page, with a mark and words
    assert 'data-verdict="missed"' in page and "✗" in page and "mist het doel" in page
    assert "Geïndiceerde kraamzorguren geleverd" in page


def test_hartmonitor_table_has_sources_and_kpis_with_the_step(demo):
    rel = f"{STUDY}/hartmonitor/index.html"
    page = read(demo, rel)
    row = re.search(r'<tr data-step="aangifte" data-series="eerste"[^>]*>(.*?)</tr>', page, re.S).group(1)
    assert row.count('class="kek-evidence__source"') == 4  # the 4 narratives behind n = 4
    assert "Wachttijd voor een afspraak: 0 werkdagen" in row and "haalt het doel" in row
    assert re.search(r'<tr data-step="kraamzorg" data-series="eerste"[^>]*>.*?mist het doel', page, re.S)
    # the main pains cite their narratives
    pains = re.search(r'<section class="kek-pains">(.*?)</section>', page, re.S).group(1)
    assert 'href="../narratieven/' in pains
    assert not [b for b in broken_links(demo) if b.startswith(f"{STUDY}/hartmonitor") or b.startswith(f"{STUDY}/klantreiskaart")]


def test_action_plan_lists_the_pains_it_answers_and_narratives_list_their_actions(demo):
    plan = read(demo, f"{STUDY}/actieplan/index.html")
    b1 = re.search(r'<tr id="actie-b1".*?</tr>', plan, re.S).group(0)
    assert "Knelpunten waar deze actie op antwoordt" in b1
    assert "Pas vlak voor de bevalling gehoord" in b1 and 'href="../narratieven/r01/"' in b1
    story = read(demo, f"{STUDY}/narratieven/r01/index.html")
    section = story[story.index('id="acties"'):]
    assert 'href="../../actieplan/#actie-b1"' in section  # back from the story to the action
    assert not [b for b in broken_links(demo) if "actieplan" in b or "narratieven" in b]


def test_comparison_page_compares_kpis_between_rounds(demo):
    page = read(demo, "rondes/gezinsuitbreiding/index.html")
    table = re.search(r'<table class="kek-table kek-kpi-table">.*?</table>', page, re.S).group(0)
    row = re.search(r"<tr[^>]*>\s*<td>Geboorteaangifte doen</td>.*?</tr>", table, re.S).group(0)
    assert "6 werkdagen" in row and "0 werkdagen" in row and "haalt het doel" in row
    assert 'data-verdict="missed"' in table  # first time right stays below 85 %
    assert 'href="../../gezinsuitbreiding-2026/tussenmetingen/"' in page


def test_english_pages_say_it_in_english(demo_en):
    page = read(demo_en, f"{STUDY}/journey-map/index.html")
    assert "misses its target" in page and 'href="../narratives/r01/"' in page
    plan = read(demo_en, f"{STUDY}/action-plan/index.html")
    assert "Pains this action answers" in plan and "named by" in plan


def test_board_summary_cites_its_evidence():
    s, site = study()
    svg = board_summary_svg(s, hartmonitor(s), study_kern(s, site.previous_round(s), dt.date(2026, 11, 15)))
    pains = re.search(r'data-cell-id="board-pains".*', svg, re.S).group(0)
    assert re.search(r"genoemd door \d van 8 respondenten \((R|ZW)\d+", pains)
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
    assert re.search(r"respondenten \((R|ZW)\d+", desc)
