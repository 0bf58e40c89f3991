"""kekpublish's pages as the theme rendered them are kept between builds and given back only for the same
page in the same site (publish/theme_pages.py): the site is byte for byte the one the theme renders,
whatever changed in between. End to end: mkdocs build, plugin on, the demo's studies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kekpublish.publish import theme_pages
from tests.sitebuild import copy_demo, run, write_config

ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1789000000"}
_KEPT = re.compile(r"kekpublish: (\d+) of kekpublish's (\d+) pages as the theme rendered them last time")


def _build(config: Path) -> tuple[int, int] | None:
    """Build; (pages kept, kekpublish's pages) as the build said, None when it kept none by design."""
    done = run("-m", "mkdocs", "build", "-v", "-f", str(config), env=ENV)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    m = _KEPT.search(done.stderr)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _site(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _from_scratch(tmp_path: Path, config: Path) -> dict[str, bytes]:
    """The same inputs built with no cache at all: every page rendered by the theme."""
    scratch = tmp_path / "scratch"
    text = config.read_text("utf-8").replace(str(tmp_path / ".cache"), str(scratch / ".cache"))
    text = text.replace(str(tmp_path / "site"), str(scratch / "site"))
    scratch.mkdir(exist_ok=True)
    shutil.rmtree(scratch / ".cache", ignore_errors=True)
    (scratch / "mkdocs.yml").write_text(text, "utf-8")
    kept, total = _build(scratch / "mkdocs.yml")
    assert kept == 0 and total > 20
    return _site(scratch / "site")


def test_kept_pages_are_the_pages_the_theme_renders(tmp_path):
    docs, studies = copy_demo(tmp_path)
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    config = write_config(tmp_path, docs, cache_dir=tmp_path / ".cache", studies_dir=str(studies), exports=False,
                          theme={"custom_dir": str(overrides)}, extra={"generator": False})
    first = _build(config)
    assert first is not None and first[0] == 0 and first[1] > 20
    assert _build(config) == (first[1], first[1])  # nothing changed: every page kept
    assert (tmp_path / ".cache" / theme_pages.FILE_NAME).is_file()
    assert _site(tmp_path / "site") == _from_scratch(tmp_path, config)

    # an ordinary page's title is in every page's nav
    about = docs / "over-kek.md"
    text = about.read_text("utf-8")
    assert re.search(r"^title: ", text, flags=re.M)
    about.write_text(re.sub(r"^title: .*$", "title: Een andere titel", text, count=1, flags=re.M), "utf-8")
    assert _build(config)[0] == 0
    assert _site(tmp_path / "site") == _from_scratch(tmp_path, config)

    # the config: a copyright line in every footer
    config.write_text(config.read_text("utf-8").replace("site_name: Test", "site_name: Test\ncopyright: Gemeente Test"), "utf-8")
    assert _build(config)[0] == 0
    page = next(p for p in (tmp_path / "site").rglob("narratieven/*/index.html"))
    assert "Gemeente Test" in page.read_text("utf-8")
    assert _site(tmp_path / "site") == _from_scratch(tmp_path, config)

    # a custom_dir template, and its removal: the pages of the build with it must not come back
    before = _site(tmp_path / "site")
    (overrides / "partials" / "copyright.html").write_text('<div class="kek-test-footer">eigen voet</div>', "utf-8")
    assert _build(config)[0] == 0
    assert "kek-test-footer" in page.read_text("utf-8")
    (overrides / "partials" / "copyright.html").unlink()
    assert _build(config)[0] == 0
    assert _site(tmp_path / "site") == before

    # one study edited: its page is rendered again, every other page is kept
    narrative = next(studies.rglob("narratives/*.md"))
    narrative.write_text(narrative.read_text("utf-8").rstrip("\n") + "\n\nDe lift van het stadskantoor stond stil.\n", "utf-8")
    kept, total = _build(config)
    assert 0 < kept < total
    assert _site(tmp_path / "site") == _from_scratch(tmp_path, config)


def test_with_a_plugin_that_may_change_a_pages_context_the_theme_renders_every_page(tmp_path):
    docs, studies = copy_demo(tmp_path)
    config = write_config(tmp_path, docs, cache_dir=tmp_path / ".cache", studies_dir=str(studies), exports=False,
                          plugins=["search", "tags", {"kekpublish": {"studies_dir": str(studies), "exports": False,
                                                                     "cache_dir": str(tmp_path / ".cache")}}])
    assert _build(config) is None and _build(config) is None
    assert not (tmp_path / ".cache" / theme_pages.FILE_NAME).exists()


def test_a_value_printed_with_its_address_is_unstable():
    class Thing:
        pass

    assert theme_pages._stable({"b": [1, "x", (2.5, None)], "a": {True}}) == theme_pages._stable({"a": {True}, "b": [1, "x", (2.5, None)]})
    with pytest.raises(theme_pages.Unstable):
        theme_pages._stable({"thing": Thing()})
