"""A built site: chart pages keep their inline SVGs, and search indexes them without.

The plugin hands Material's search plugin each chart page without its inline SVGs
(kekpublish.render.search_text): the words of a chart are in its description and
data table, and parsing thousands of SVG elements per page was the largest part of
a warm build. This builds the demo with the plugin on and checks both halves.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitebuild import build, copy_demo, search_index, write_config  # noqa: E402

_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    docs, studies = copy_demo(folder)
    return build(write_config(folder, docs, cache_dir=folder / ".cache", studies_dir=str(studies)))


def _words(fragment: str) -> set[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return {w for w in re.findall(r"[^\W\d_]{4,}", text)}


def test_chart_pages_keep_their_svgs_and_search_reads_them_without(site):
    pages = sorted(site.glob("*/hartmonitor/index.html")) + sorted(site.glob("*/klantreiskaart/index.html"))
    assert pages, "no chart page found"
    index = search_index(site)
    checked = 0
    for page in pages:
        page_html = page.read_text("utf-8")
        article = page_html.split('<article', 1)[1].split('</article>', 1)[0]
        svgs = [s for s in _SVG.findall(article) if "<text" in s]
        assert svgs, f"{page}: the charts are no longer inline"
        url = page.parent.relative_to(site).as_posix() + "/"
        entries = [d for d in index if d["location"].split("#")[0] == url]
        assert entries, f"{url} is not in the search index"
        indexed = " ".join(d.get("title", "") + " " + d.get("text", "") for d in entries)
        assert "<svg" not in indexed and "viewBox" not in indexed
        outside = _words(_SVG.sub(" ", article))
        only_in_svg = set().union(*(_words(s) for s in svgs)) - outside
        # words that appear only inside a chart are not indexed (they were, before)
        assert not {w for w in only_in_svg if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", indexed)}
        # and the chart's own description and table are
        assert outside & _words(indexed)
        checked += 1
    assert checked >= 2
