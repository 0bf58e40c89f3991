"""English sites get English addresses; Dutch sites keep the addresses they always had (issue 13.6).
Every address word comes from render/addresses.py."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROUND1
from kekpublish.publish.options import Options
from kekpublish.render import actions as pages
from kekpublish.render.addresses import WORDS, address
from kekpublish.render.studies import narrative_uri, study_nav, study_pages, visit_uri

DUTCH = {"narratives": "narratieven", "shopping": "mystery-shopping", "actionplan": "actieplan", "tracker": "acties",
         "rounds": "rondes", "themes": "themas", "hartmonitor": "hartmonitor", "journeymap": "klantreiskaart",
         "board_summary": "bestuurssamenvatting", "measurements": "tussenmetingen"}


def test_dutch_addresses_are_unchanged():
    assert {key: address("nl", key) for key in WORDS} == DUTCH
    assert address("de", "narratives") == "narratieven"  # any language but English keeps the Dutch words


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_of_a_study_uses_the_words_of_its_language(site, language):
    study = next(s for s in site.studies if s.folder == ROUND1)
    pub = study_pages(study, language)
    uris = {p.uri for p in pub.pages}
    words = {key: address(language, key) for key in WORDS}
    assert all(narrative_uri(study, n, language) in uris for n in study.narratives)
    assert all(f"/{words['narratives']}/" in narrative_uri(study, n, language) for n in study.narratives)
    assert all(f"/{words['shopping']}/" in visit_uri(study, v, language) for v in study.visits)
    overview = next(p for p in pub.pages if p.uri == f"{ROUND1}/index.md")
    assert overview.context["addr"]["actionplan"] == words["actionplan"]
    assert all(href.startswith(f"{words['narratives']}/") for href, _, _ in overview.context["narratives"])
    options = Options(language=language, today=dt.date(2027, 7, 1))
    plan = pages.actionplan_pages(study, options).pages[0]
    assert plan.uri == f"{ROUND1}/{words['actionplan']}.md"
    assert plan.context["tracker_href"].endswith(f"{words['tracker']}/")
    nav = study_nav(study, language, [plan.uri])
    assert nav.children[-1] == plan.uri  # the action plan closes the study's section in both languages
    tracker = pages.tracker_pages(site, options)
    assert [p.uri for p in tracker.pages] == [f"{words['tracker']}/index.md"]
    assert {f.uri.split("/")[0] for f in tracker.files} == {words["tracker"]}
    assert all(f"/{words['actionplan']}/#" in a["plan_href"] for a in tracker.pages[0].context["actions"])
    comparison = pages.comparison_pages(site, options).pages[0]
    assert comparison.uri.startswith(f"{words['rounds']}/")
    if language == "en":
        assert not any(word in uri for uri in uris | {plan.uri, comparison.uri} for word in ("narratieven", "actieplan", "acties/", "rondes"))
