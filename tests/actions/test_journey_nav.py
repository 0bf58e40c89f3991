"""A site with several journeys: the nav holds one section per journey with its rounds, and every
journey is called by a name of its own, in the nav, on the home page and on its comparison page.

Built for real (plugin on, generated corpus from bench/generate.py's own functions: five
journeys of two rounds; the first and the fifth share their life event in two towns), then
read as HTML.
"""

from __future__ import annotations

import importlib.util
import re
from html import unescape
from pathlib import Path

import pytest

from kekpublish.model import load_site
from kekpublish.model.site import slug
from kekpublish.render.formats import journey_names, round_name
from kekpublish.render.output import NavSection
from kekpublish.render.studies import studies_nav, study_nav

from sitebuild import build, write_config

BENCH = Path(__file__).parents[2] / "bench" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("kek_bench_generate", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _nav_labels(html: str) -> list[str]:
    """The labels of the primary nav (with the open page's toc, which Material nests in it), in order."""
    nav = html[html.index('md-nav--primary'):]
    nav = nav[:nav.index('md-sidebar--secondary')]
    return [unescape(label) for label in re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', nav, re.S)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("journeys")
    _generator().generate(20, out, per_study=2, rounds=2)  # 10 studies: 5 journeys x 2 rounds
    docs = out / "kek" / "docs"
    site, problems = load_site(docs)
    assert not problems.items
    config = write_config(out, docs, cache_dir=out / "cache")
    return site, build(config)


def test_one_section_per_journey_with_its_rounds_latest_first(built):
    site, site_dir = built
    journeys = site.journeys()
    assert len(journeys) == 5
    names = journey_names(site)
    key, rounds = next(iter(journeys.items()))
    latest, first = rounds[-1], rounds[0]
    labels = _nav_labels((site_dir / latest.folder / "index.html").read_text("utf-8"))
    # every journey once, not every study: five entries for ten studies
    for name in names.values():
        assert labels.count(name) == 1, (name, labels)
    assert not any(label == f"{latest.meta.life_event} ({round_name(latest.meta.round)})" for label in labels)
    # the open journey lists its rounds, named by the round alone, the latest first
    after = labels[labels.index(names[key]):]
    assert after.index(round_name(latest.meta.round)) < after.index(round_name(first.meta.round))


def test_journeys_sharing_a_life_event_are_told_apart(built):
    site, site_dir = built
    names = journey_names(site)
    assert len(set(names.values())) == len(names)
    events = [rounds[-1].meta.life_event for rounds in site.journeys().values()]
    shared = {event for event in events if events.count(event) > 1}
    assert shared  # the corpus has two towns with the same life event
    for key, rounds in site.journeys().items():
        study = rounds[-1]
        if study.meta.life_event in shared:
            assert names[key] != study.meta.life_event
            assert study.meta.organisation in names[key] or study.meta.title == names[key]
        else:
            assert names[key] == study.meta.life_event
    home = (site_dir / "index.html").read_text("utf-8")
    headings = [unescape(h) for h in re.findall(r'<h2 id="reis-[^"]*">(.*?)</h2>', home)]
    assert sorted(headings) == sorted(names.values())
    titles = [unescape(re.search(r"<h1[^>]*>(.*?)</h1>", p.read_text("utf-8")).group(1))
              for p in sorted((site_dir / "rondes").glob("*/index.html"))]
    assert len(titles) == 5 and len(set(titles)) == 5
    assert all(any(name in title for name in names.values()) for title in titles)
    labels = _nav_labels((site_dir / "rondes" / slug(next(iter(names))) / "index.html").read_text("utf-8"))
    compare = labels[labels.index("Rondes vergelijken") + 1:]
    assert set(names.values()) <= set(compare)  # each journey by its name alone,
    assert not any(label.endswith("rondes vergeleken") for label in compare)  # not by its page's title
    for key, rounds in site.journeys().items():  # the page's own words name the journey the same way
        page = site_dir / "rondes" / slug(key) / "index.html"
        assert f"{unescape(names[key])} is in {len(rounds)} rondes onderzocht" in unescape(page.read_text("utf-8"))


def test_no_python_object_reaches_a_page(built):
    _, site_dir = built
    for path in site_dir.rglob("*.html"):
        text = unescape(path.read_text("utf-8"))
        assert not re.search(r"<(function|bound method|lambda|[\w.]+ object) .*? at 0x[0-9a-f]+>", text), path


def test_a_site_of_one_journey_keeps_its_rounds_flat(tmp_path):
    _generator().generate(4, tmp_path, per_study=2, rounds=2)  # 2 studies, one journey
    site, problems = load_site(tmp_path / "kek" / "docs")
    assert not problems.items and len(site.journeys()) == 1
    sections = {s.folder: study_nav(s, "nl", []) for s in site.studies}
    items = studies_nav(site, sections, "nl")
    assert [item.title for item in items] == [f"{s.meta.life_event} ({round_name(s.meta.round)})" for s in site.studies]
    assert all(isinstance(item, NavSection) for item in items)
