"""Symbolic links: the loader sees the files MkDocs sees, and no study file reaches the site through a link."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kekpublish.model import load_site
from kekpublish.model.load import walk
from kekpublish.model.problems import Problems

STARTER = Path(__file__).parents[2] / "kekpublish" / "starter"
NARRATIVE = "---\nkek: narrative\nrespondent: R02\nsegment: a\n---\nHet verhaal van R02.\n"

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links")


def project(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(STARTER, docs / "verhuizen")
    bijlagen = tmp_path / "bijlagen"  # beside the docs folder, as in the issue
    bijlagen.mkdir()
    (bijlagen / "r02.md").write_text(NARRATIVE, encoding="utf-8")
    (bijlagen / "transcript-r02.txt").write_text("Interview met Yasmina Dirksen", encoding="utf-8")
    return docs


def test_a_link_that_leaves_the_docs_folder_is_an_error_and_its_files_stay_out(tmp_path):
    docs = project(tmp_path)
    (docs / "verhuizen" / "bijlagen").symlink_to("../../bijlagen")
    site, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.file == "verhuizen/bijlagen" and "outside the folder docs" in problem.message and "Copy the files in" in problem.message
    # the front end still knows these files are the study's: never copied raw, even if a build went on
    assert {"verhuizen/bijlagen/r02.md", "verhuizen/bijlagen/transcript-r02.txt"} <= site.study_files
    assert [n.meta.respondent for n in site.studies[0].narratives] == ["R01"]  # what lies outside is never read


def test_a_linked_file_that_leaves_the_folder_is_an_error(tmp_path):
    docs = project(tmp_path)
    (docs / "verhuizen" / "transcript.txt").symlink_to(tmp_path / "bijlagen" / "transcript-r02.txt")
    site, problems = load_site(docs)
    assert [p.file for p in problems.errors] == ["verhuizen/transcript.txt"]
    assert "verhuizen/transcript.txt" in site.study_files


def test_a_link_inside_a_study_is_followed_like_mkdocs_does(tmp_path):
    docs = project(tmp_path)
    shutil.move(tmp_path / "bijlagen", docs / "verhuizen" / "archief")
    (docs / "verhuizen" / "bijlagen").symlink_to("archief")
    site, problems = load_site(docs)
    assert {"verhuizen/bijlagen/r02.md", "verhuizen/archief/r02.md", "verhuizen/bijlagen/transcript-r02.txt",
            "verhuizen/archief/transcript-r02.txt"} <= site.study_files
    # the narrative is seen twice, as MkDocs sees it twice: one respondent code in two files
    [problem] = problems.errors
    assert problem.file == "verhuizen/bijlagen/r02.md" and "already used by verhuizen/archief/r02.md" in problem.message


def test_a_link_from_outside_into_a_study_is_an_error_and_its_files_are_study_files(tmp_path):
    docs = project(tmp_path)
    (docs / "verhuizen" / "transcripten").mkdir()
    (docs / "verhuizen" / "transcripten" / "r01.txt").write_text("Interview", encoding="utf-8")
    (docs / "downloads").symlink_to("verhuizen/transcripten")
    site, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.file == "downloads" and "a link into the study 'verhuizen'" in problem.message
    assert "downloads/r01.txt" in site.study_files  # never published raw
    assert not any(page.rel.startswith("downloads/") for page in site.pages)


def test_a_link_that_loops_is_reported_once(tmp_path):
    docs = project(tmp_path)
    (docs / "verhuizen" / "narratives" / "terug").symlink_to("..")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.file == "verhuizen/narratives/terug" and "loops back" in problem.message


def test_a_broken_link_is_reported(tmp_path):
    docs = project(tmp_path)
    (docs / "verhuizen" / "weg.md").symlink_to("bestaat-niet.md")
    _, problems = load_site(docs)
    [problem] = problems.errors
    assert problem.file == "verhuizen/weg.md" and "does not exist" in problem.message


def test_the_walk_finds_what_mkdocs_finds(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    docs = project(tmp_path)
    shutil.move(tmp_path / "bijlagen", docs / "gedeeld")
    (docs / "verhuizen" / "bijlagen").symlink_to("../gedeeld")
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    (docs / "verhuizen" / "narratives" / "kopie.md").symlink_to("r01.md")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: T\ndocs_dir: {docs}\n", encoding="utf-8")
    files = get_files(load_config(str(config)))
    mkdocs = {f.src_uri for f in files if not any(part.startswith(".") for part in f.src_uri.split("/"))}
    ours = {f.rel for f in walk(docs, Problems())}
    assert ours == mkdocs
    assert "verhuizen/bijlagen/transcript-r02.txt" in ours


@pytest.mark.slow
def test_a_build_never_publishes_a_study_file_reached_through_a_link(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1]))
    from sitebuild import build, run, write_config

    docs = project(tmp_path)
    (docs / "verhuizen" / "archief").mkdir()
    shutil.move(tmp_path / "bijlagen" / "transcript-r02.txt", docs / "verhuizen" / "archief" / "transcript-r02.txt")
    (docs / "verhuizen" / "bijlagen").symlink_to("archief")
    site = build(write_config(tmp_path, docs, cache_dir=tmp_path / "cache"))
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not any("transcript" in p or "bijlagen" in p or "archief" in p for p in published), sorted(published)
    assert "verhuizen/narratieven/r01/index.html" in published
    # and a link out of the docs folder stops the build with the link named, nothing published
    (docs / "verhuizen" / "buiten").symlink_to(tmp_path / "bijlagen")
    result = run("-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"))
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert "verhuizen/buiten" in result.stderr and "outside the folder docs" in result.stderr
