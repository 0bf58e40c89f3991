"""Fixtures for the publishing routes: projects as a user has them, in temp dirs without ../shared.

- `new_project`: what `kekpublish new` writes (the starter study in studies/), with the
  session's cache so that deduce runs once.
- `clone`: the repository's demo as a fresh clone has it (mkdocs.yml, content/), in a
  folder with no ../shared beside it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitebuild import ROOT, run


@pytest.fixture(scope="session")
def route_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("route-cache")


def with_cache(config: Path, cache: Path) -> Path:
    """The project's mkdocs.yml with the kekpublish cache in `cache` (shared by the session's builds)."""
    text = config.read_text("utf-8")
    marker = "      studies_dir: studies"
    assert marker in text, text
    config.write_text(text.replace(marker, f"{marker}\n      cache_dir: {cache}"), encoding="utf-8")
    return config


@pytest.fixture
def new_project(tmp_path, route_cache) -> Path:
    """`kekpublish new` in an empty folder; the project folder."""
    folder = tmp_path / "mijn-onderzoek"
    result = run("-m", "kekpublish.cli", "new", str(folder))
    assert result.returncode == 0, result.stderr
    with_cache(folder / "mkdocs.yml", route_cache)
    return folder


@pytest.fixture
def clone(tmp_path, route_cache) -> Path:
    """The demo as a fresh clone holds it: mkdocs.yml and content/, nothing of ../shared."""
    folder = tmp_path / "clone" / "kekpublish"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "content", folder / "content")
    assert not (folder.parent.parent / "shared").exists()
    text = (folder / "mkdocs.yml").read_text("utf-8")
    marker = "studies_dir: content/studies"
    assert marker in text
    line = next(line for line in text.splitlines() if marker in line)
    indent = line[: len(line) - len(line.lstrip())]
    (folder / "mkdocs.yml").write_text(text.replace(line, f"{line}\n{indent}cache_dir: {route_cache}"), encoding="utf-8")
    return folder
