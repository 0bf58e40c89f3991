"""Search reads a compact form of kekpublish's pages, and indexes exactly what it indexed before.

Material's search parser is slow on deeply nested pages (tables, evidence lists), so the
plugin hands it, per page, flat HTML made of the sections the same parser found there
(kekpublish.render.search_text.compact), cached between builds by the page's hash. These
tests hold that to its promise: the parser reads the compact form into the same sections,
on tricky hand-written HTML and on generated HTML, and a real site built both ways has the
same search index, entry for entry; a warm build parses no page again.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kekpublish import plugin
from kekpublish.render import search_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitebuild import build, copy_demo, write_config  # noqa: E402

pytest.importorskip("material.plugins.search.plugin")


def _sections(html: str) -> list[tuple]:
    """What the search index is made of: per section its tag, id, exclusion, title and text
    (an excluded section makes no entry: only that it is there counts)."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, True, "", "") if s.is_excluded() else
            (s.el.tag, s.id, False, "".join(s.title).strip(), "".join(s.text).strip()) for s in parser.data]


def _same(html: str) -> None:
    """The compact form reads the same, or the cache declines it (and search reads the page itself)."""
    form = search_text.SearchCache(None, salt="t").compact(html, plugin._material_sections)
    if form is None:
        assert _sections(search_text.compact(plugin._material_sections(html))) != _sections(html)
        return _declined.append(html)
    assert _sections(form) == _sections(html)


_declined: list[str] = []


TRICKY = [
    "",
    "<p>alleen tekst</p>",
    "tekst zonder element",
    '<h1 id="titel">Titel</h1><p>inleiding</p><h2 id="a">A</h2><p>a &amp; b &lt;c&gt;</p>',
    '<div class="x"><h1 id="titel">Titel</h1></div><p>na</p>',
    '<h2 id="eerst">Eerst h2</h2><p>tekst</p>',
    '<p>voor</p><h2 id="b">B <code>x</code><a class="headerlink" href="#b">¶</a></h2><ul><li>een</li><li>twee</li></ul>',
    '<div><div><h2 id="diep">Diep</h2><p>in</p></div><p>terug in de vorige sectie</p></div><h3 id="c">C</h3>',
    '<h2 id="weg" data-search-exclude>Weg</h2><p>tekst van weg</p><h2 id="blijf">Blijf</h2><p>x</p>',
    '<div data-search-exclude><p>niet</p></div><p>wel</p>',
    '<pre><code>regel 1\n  regel 2\n</code></pre><p>  spaties   en\nregels </p>',
    '<table><tr><th>Stap</th><td>-40</td></tr></table><p></p><p> </p><p>na lege</p>',
    '<script>var x = "<p>";</script><style>p{}</style><p>zichtbaar</p>',
    '<h2 id="q&quot;x">Aanhalingsteken</h2><p>&#39;quote&#39; &eacute; é</p>',
    '<h2>zonder id</h2><p>tekst</p><h2 id="met">met</h2>',
    '<br><img alt="x"><p>na void</p><hr><h4 id="v">V</h4>',
    '<h2 id="n"><span>geneste <em>kop</em></span></h2><p><sub>1</sub><sup>2</sup></p>',
    '<div class="linenodiv"><pre>1\n2</pre></div><p>code</p>',
]


@pytest.mark.parametrize("html", TRICKY)
def test_the_parser_reads_the_compact_form_into_the_same_sections(html):
    _same(html)
    assert not _declined  # none of these needs the page itself


def test_a_page_whose_compact_form_would_differ_is_read_whole():
    html = '<pre><h1 id="a">Kop</h1>;\n;</pre>'  # a heading inside <pre>: no Markdown writes it, HTML may
    assert search_text.SearchCache(None, salt="t").compact(html, plugin._material_sections) is None


_TAGS = st.sampled_from(["div", "p", "span", "ul", "li", "table", "td", "a", "code", "pre", "em", "section"])
_TEXT = st.text(alphabet="ab <>&;#é\n ", max_size=8)


def _html():
    leaf = st.one_of(_TEXT.map(lambda t: t.replace("<", "&lt;").replace(">", "&gt;")),
                     st.just("<br>"),
                     st.builds(lambda level, ident, text: f'<h{level} id="{ident}">{text}</h{level}>',
                               st.integers(1, 4), st.sampled_from(["a", "b", "c-1"]), st.sampled_from(["Kop", "", "K &amp; P"])))
    return st.recursive(leaf, lambda inner: st.one_of(
        st.builds(lambda tag, kids: f"<{tag}>{''.join(kids)}</{tag}>", _TAGS, st.lists(inner, max_size=4)),
        st.builds(lambda kids: f"<div data-search-exclude>{''.join(kids)}</div>", st.lists(inner, max_size=3))),
        max_leaves=25).map(str)


@settings(max_examples=300, deadline=None)
@given(st.lists(_html(), max_size=5))
def test_generated_html_gives_the_same_sections(parts):
    html = "".join(parts)
    try:
        _sections(html)
    except ValueError:  # Material's parser fails on some invalid nesting itself (e.g. <p><div></div></p>)
        assume(False)
    _same(html)


def test_the_cache_keeps_one_form_per_page_and_refuses_a_damaged_file(tmp_path):
    path = tmp_path / "search.json"
    cache = search_text.SearchCache(path, salt="s1")
    form = cache.compact("<p>een</p>", plugin._material_sections)
    assert cache.parsed == 1 and form == "<div></div><p>een</p>"
    cache.save()
    again = search_text.SearchCache(path, salt="s1")
    assert again.compact("<p>een</p>", lambda html: pytest.fail("parsed again")) == form and again.parsed == 0
    assert search_text.SearchCache(path, salt="s2").known == {}  # another parser version
    path.write_bytes(path.read_bytes().replace(b"een", b"twee"))
    assert search_text.SearchCache(path, salt="s1").known == {}  # the seal no longer matches


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    docs, studies = copy_demo(folder)
    return folder, write_config(folder, docs, cache_dir=folder / ".cache", studies_dir=str(studies))


def _build(config_file) -> tuple[Path, object]:
    """Build in this process; the site folder and the kekpublish plugin that built it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(config_file), strict=True)
    site_dir = Path(config.site_dir)
    mkdocs_build(config)
    return site_dir, config.plugins["kekpublish"]


def test_a_site_built_both_ways_has_the_same_search_index(demo, monkeypatch):
    folder, config = demo
    site, built_by = _build(config)
    compact = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert built_by._compact, (config.read_text("utf-8"), built_by._search)
    assert built_by._search is not None and built_by._search.used, "no page was read in its compact form"
    assert (folder / ".cache" / "search.json").is_file(), list((folder / ".cache").iterdir())
    monkeypatch.setattr(plugin, "COMPACT_SEARCH", False)
    full = json.loads((build(config) / "search" / "search_index.json").read_text("utf-8"))
    assert len(full["docs"]) > 50
    assert compact == full
    monkeypatch.setattr(plugin, "COMPACT_SEARCH", True)
    monkeypatch.setattr(plugin, "_material_sections", lambda html: pytest.fail("a warm build parsed a page again"))
    warm_site, warm_by = _build(config)
    warm = json.loads((warm_site / "search" / "search_index.json").read_text("utf-8"))
    assert warm == full
    # ... and search did not read those pages again either: it added the entries it made last time
    compact_pages = sum(form is not None for form in warm_by._search.used.values())
    assert warm_by._search.parsed == 0 and warm_by._search.replayed == len(warm_by._search.used_entries) == compact_pages > 20


def _page(**changes):
    from types import SimpleNamespace

    toc = [SimpleNamespace(id="a", url="#a", children=[SimpleNamespace(id="b", url="#b", children=[])])]
    page = dict(url="studies/x/", title="Verhaal", meta={"tags": ["verhuizen"]}, toc=toc)
    page.update(changes)
    return SimpleNamespace(**page)


def test_the_kept_entries_are_those_of_the_same_page_only():
    """Anything search reads of a page besides its content changes the key of its kept entries."""
    from types import SimpleNamespace

    key = plugin._entry_key("<div></div><p>een</p>", _page())
    assert key == plugin._entry_key("<div></div><p>een</p>", _page())
    others = [
        plugin._entry_key("<div></div><p>twee</p>", _page()),
        plugin._entry_key("<div></div><p>een</p>", _page(url="studies/y/")),
        plugin._entry_key("<div></div><p>een</p>", _page(title="Ander verhaal")),
        plugin._entry_key("<div></div><p>een</p>", _page(meta={"tags": ["verhuizen"], "title": "Titel"})),
        plugin._entry_key("<div></div><p>een</p>", _page(meta={"tags": ["overlijden"]})),
        plugin._entry_key("<div></div><p>een</p>", _page(meta={"tags": ["verhuizen"], "search": {"boost": 2}})),
        plugin._entry_key("<div></div><p>een</p>", _page(toc=[SimpleNamespace(id="a", url="#a", children=[])])),
        plugin._entry_key("<div></div><p>een</p>", _page(toc=[SimpleNamespace(id="a", url="#c", children=[])])),
    ]
    assert None not in others and len({key, *others}) == len(others) + 1
    assert plugin._entry_key("<p>een</p>", _page(meta={"search": "ja"})) is None  # search reads no such page


def test_kept_entries_come_back_as_copies_and_only_when_json_holds_them(tmp_path):
    path = tmp_path / "search.json"
    cache = search_text.SearchCache(path, salt="s")
    cache.compact("<p>een</p>", plugin._material_sections)
    cache.keep_entries("k", [{"location": "x/", "title": "Een", "text": "", "tags": ["a"]}])
    cache.keep_entries("d", [{"location": "x/", "title": "Een", "text": "", "boost": object()}])
    cache.save()
    again = search_text.SearchCache(path, salt="s")
    first = again.entries("k")
    assert first == [{"location": "x/", "title": "Een", "text": "", "tags": ["a"]}] and again.replayed == 1
    first[0]["tags"].append("b")
    assert again.entries("k")[0]["tags"] == ["a"]  # a change to one build's entries is not kept
    assert again.entries("d") is None


def test_two_sites_built_in_one_process_keep_their_own_search_cache(tmp_path):
    """MkDocs keeps one kekpublish plugin per process: the second site's compact forms go to its own
    cache, not to the first site's (they did, once)."""
    caches = []
    for name in ("een", "twee"):
        folder = tmp_path / name
        folder.mkdir()
        docs, studies = copy_demo(folder)
        config = write_config(folder, docs, cache_dir=folder / ".cache", studies_dir=str(studies))
        _, built_by = _build(config)
        caches.append(folder / ".cache" / "search.json")
        assert built_by._search.path == caches[-1]
    assert all(cache.is_file() for cache in caches)


def test_a_project_built_two_ways_keeps_both_and_the_file_stays_bounded(tmp_path):
    """Dutch and English, with and without exports: switching does not parse every page again;
    and edits do not grow the file beyond KEEP times a build's pages."""
    path = tmp_path / "search.json"

    def build(pages: list[str]) -> int:
        cache = search_text.SearchCache(path, salt="s")
        for html in pages:
            cache.compact(html, plugin._material_sections)
        cache.save()
        return cache.parsed

    dutch, english = [f"<p>pagina {i}</p>" for i in range(5)], [f"<p>page {i}</p>" for i in range(5)]
    assert build(dutch) == 5 and build(english) == 5
    assert build(dutch) == 0 and build(english) == 0  # both kept
    for edit in range(30):  # one page edited thirty times
        build(english[:4] + [f"<p>page 4, edit {edit}</p>"])
    stored = json.loads(path.read_bytes().partition(b"\n")[2])["pages"]
    assert len(stored) <= search_text.KEEP * 5
