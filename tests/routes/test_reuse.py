"""Builds one after another in one process (as `mkdocs serve` and test runners do) publish each site."""

from __future__ import annotations

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from sitebuild import write_config


def test_a_strict_build_does_not_hold_back_the_next_build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Welkom\n\nGewone tekst.\n", encoding="utf-8")
    (tmp_path / "a").mkdir()
    strict = write_config(tmp_path / "a", docs)
    mkdocs_build(load_config(str(strict), strict=True))
    assert (tmp_path / "a" / "site" / "index.html").is_file()
    # The second config warns (Google Fonts) but is not strict: it must publish all the same.
    (tmp_path / "b").mkdir()
    lenient = write_config(tmp_path / "b", docs, theme={"font": {"text": "Roboto"}})
    mkdocs_build(load_config(str(lenient), strict=False))
    assert (tmp_path / "b" / "site" / "index.html").is_file()
