"""Finished page contents are kept between builds and used only for a page made from the same things (publish/page_contents.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from kekpublish.publish import page_contents
from kekpublish.publish.options import Options
from kekpublish.publish.page_contents import PageContents
from kekpublish.render.output import OutputPage
from tests.sitebuild import copy_demo, run, write_config

NARRATIVE = "gezinsuitbreiding-2026/narratives/r01.md"


def _page(**context) -> OutputPage:
    return OutputPage(uri="s/narratieven/r01.md", title="R01", template="kekpublish/narrative.html",
                      context={"headline": "Verhuisd", "curve": Markup("<svg></svg>"), **context})


def test_a_page_is_found_again_only_when_everything_it_is_made_from_is_the_same(tmp_path):
    options = Options(cache_dir=tmp_path)
    first = PageContents(options)
    key = first.key(_page(), "<p>body</p>")
    assert first.get(key) is None
    first.put(key, "<article>made</article>")
    first.save()
    again = PageContents(options)
    assert again.key(_page(), "<p>body</p>") == key  # an equal page, made again in another build
    assert again.get(key) == "<article>made</article>"
    others = [
        again.key(_page(headline="Verhuisd!"), "<p>body</p>"),  # its context
        again.key(_page(), "<p>body.</p>"),  # its rendered Markdown
        again.key(OutputPage(uri="s/narratieven/r02.md", title="R01", template="kekpublish/narrative.html",
                             context=_page().context), "<p>body</p>"),  # its address
        again.key(OutputPage(uri="s/narratieven/r01.md", title="R01", template="kekpublish/visit.html",
                             context=_page().context), "<p>body</p>"),  # its template
        PageContents(Options(cache_dir=tmp_path, language="en")).key(_page(), "<p>body</p>"),  # an option
    ]
    assert key not in others and len(set(others)) == len(others)
    assert all(again.get(k) is None for k in others)


def test_a_value_held_twice_is_the_same_page_as_a_value_shared_twice(tmp_path):
    """A cold build's contexts share fresh objects (one list in two places), a computed build's hold equal
    copies from the caches: pickle's memo wrote them differently, and every page of the first computed
    build after a cold one was rendered again (N=1000: 16 s instead of 9)."""
    store = PageContents(Options(cache_dir=tmp_path))
    shared = ["Eén loket", "".join(["ver", "huizen"])]
    copies = (["Eén loket", "".join(["ver", "huizen"])], ["Eén loket", "".join(["ver", "huizen"])])
    assert copies[0] is not copies[1] and copies[0][1] is not copies[1][1]
    assert store.key(_page(steps=shared, labels=shared), "") == store.key(_page(steps=copies[0], labels=copies[1]), "")
    assert store.key(_page(steps=shared, labels=shared), "") != store.key(_page(steps=shared, labels=[]), "")


def test_a_custom_dir_file_changes_every_key(tmp_path):
    overrides = tmp_path / "overrides"
    (overrides / "kekpublish").mkdir(parents=True)
    template = overrides / "kekpublish" / "narrative.html"
    template.write_text("{{ body }}", "utf-8")
    options = Options(cache_dir=tmp_path, override_dirs=(str(overrides),))
    before = PageContents(options).key(_page(), "<p>body</p>")
    template.write_text("{{ body }} <p>anders</p>", "utf-8")
    assert PageContents(options).key(_page(), "<p>body</p>") != before


def test_only_this_builds_pages_are_kept(tmp_path):
    options = Options(cache_dir=tmp_path)
    first = PageContents(options)
    for n in range(3):
        first.put(first.key(_page(n=n), ""), f"page {n}")
    first.save()
    second = PageContents(options)
    key = second.key(_page(n=1), "")
    second.put(key, second.get(key))
    second.save()
    assert page_contents.PageContents(options)._read() == {key: "page 1"}


@pytest.mark.parametrize("damage", ["truncated", "one byte", "no seal", "empty"])
def test_a_damaged_store_is_not_used(tmp_path, damage):
    options = Options(cache_dir=tmp_path)
    store = PageContents(options)
    key = store.key(_page(), "")
    store.put(key, "<p>é</p>" * 100)
    store.save()
    path = tmp_path / page_contents.FILE_NAME
    good = path.read_bytes()
    damaged = {"truncated": good[: len(good) // 2], "one byte": good[:10] + bytes([good[10] ^ 1]) + good[11:],
               "no seal": good[: -(len(page_contents._SEAL) + 64)], "empty": b""}[damage]
    path.write_bytes(damaged)
    assert PageContents(options).get(key) is None


def test_a_context_pickle_cannot_hold_is_rendered_every_time(tmp_path):
    store = PageContents(Options(cache_dir=tmp_path))
    assert store.key(_page(render=lambda: None), "") is None
    store.put(None, "x")
    store.save()
    assert not (tmp_path / page_contents.FILE_NAME).exists()


def _build(config: Path) -> None:
    done = run("-m", "mkdocs", "build", "-f", str(config),
               env={"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1789000000"})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]


def test_a_computed_build_after_a_cold_one_finds_every_page_again(tmp_path):
    """End to end: the build after a cold one, with the record of the last build gone (a new day, an
    option), finds every page content the cold build kept: the store's keys are the cold build's."""
    docs, studies = copy_demo(tmp_path)
    config = write_config(tmp_path, docs, cache_dir=tmp_path / ".cache", studies_dir=str(studies))
    _build(config)
    options = Options(cache_dir=tmp_path / ".cache")
    cold = set(PageContents(options)._read())
    assert len(cold) > 10
    (tmp_path / ".cache" / "last-build.pickle").unlink()
    _build(config)
    assert set(PageContents(options)._read()) == cold


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_after_an_edit_and_a_template_change_the_site_is_the_one_made_from_scratch(tmp_path):
    """End to end (mkdocs build, plugin on): the pages kept from the last build, the edited ones made
    again; and an edited custom_dir template shows on every page it renders, though no study changed."""
    docs, studies = copy_demo(tmp_path)
    overrides = tmp_path / "overrides"
    (overrides / "kekpublish").mkdir(parents=True)
    config = write_config(tmp_path, docs, cache_dir=tmp_path / ".cache", studies_dir=str(studies),
                          theme={"custom_dir": str(overrides)})
    _build(config)
    assert (tmp_path / ".cache" / page_contents.FILE_NAME).is_file()
    source = studies / NARRATIVE
    source.write_text(source.read_text("utf-8").rstrip("\n") + "\n\nDe lift van het stadskantoor stond stil.\n", "utf-8")
    _build(config)
    kept = _pages(tmp_path / "site")
    assert "De lift van het stadskantoor stond stil." in kept["gezinsuitbreiding-2026/narratieven/r01/index.html"].decode()

    theme = Path(__file__).resolve().parents[2] / "themes" / "kekpublish" / "narrative.html"
    (overrides / "kekpublish" / "narrative.html").write_text(
        theme.read_text("utf-8").replace("{{ body }}", "<p class=\"kek-test-override\">eigen sjabloon</p>{{ body }}", 1), "utf-8")
    assert "{{ body }}" in theme.read_text("utf-8")
    _build(config)
    overridden = _pages(tmp_path / "site")
    narratives = [uri for uri in overridden if "/narratieven/" in uri]
    assert narratives and all(b"kek-test-override" in overridden[uri] for uri in narratives)

    (overrides / "kekpublish" / "narrative.html").unlink()
    _build(config)  # pages of the last build (with the override) must not come back
    assert _pages(tmp_path / "site") == kept
    for name in (page_contents.FILE_NAME, "last-build.pickle"):
        (tmp_path / ".cache" / name).unlink()
    _build(config)  # every page made anew
    assert _pages(tmp_path / "site") == kept
