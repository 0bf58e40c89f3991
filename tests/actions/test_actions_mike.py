"""Versioned sites per round with mike, in a temporary git repository, offline."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROUND1, ROUND2
from kekpublish import versions

STARTER = Path(versions.__file__).parent / "starter"

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "kekpublish tests", "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "kekpublish tests", "GIT_COMMITTER_EMAIL": "tests@example.org",
}


def test_version_ids(site):
    rounds = {s.folder: s for s in site.studies}
    assert versions.round_version(rounds[ROUND1]) == versions.RoundVersion("2026-01", "2026-voorjaar")
    assert versions.round_version(rounds[ROUND2]) == versions.RoundVersion("2026-09", "2026-najaar")
    assert versions.current_round(site.studies) is rounds[ROUND2]
    assert versions.current_round(site.studies, "overlijden") is rounds[ROUND2]
    with pytest.raises(ValueError):
        versions.current_round(site.studies, "geen")
    undated = dataclasses.replace(rounds[ROUND1], meta=rounds[ROUND1].meta.model_copy(update={"fieldwork": None}))
    assert versions.version_id(undated) == "2026-voorjaar"  # no fieldwork.start: a slug of the round


def test_deploy_argv(site):
    study = next(s for s in site.studies if s.folder == ROUND2)
    assert versions.deploy_argv(study) == ["deploy", "--title", "2026-najaar", "--update-aliases", "2026-09", "latest"]
    assert versions.deploy_argv(study, config_file="mkdocs.yml", push=True)[-4:] == ["mkdocs.yml", "--push", "2026-09", "latest"]


def _round(target, round_name: str, start: str, end: str) -> None:
    """The starter study as one round of the journey 'nieuw-onderzoek'."""
    shutil.copytree(STARTER, target)
    study = target / "study.md"
    text = study.read_text("utf-8")
    assert "round: 2026-voorjaar" in text and "fieldwork: {start: 2026-01-12, end: 2026-03-27}" in text
    text = text.replace("round: 2026-voorjaar", f"round: {round_name}")
    text = text.replace("fieldwork: {start: 2026-01-12, end: 2026-03-27}", f"fieldwork: {{start: {start}, end: {end}}}")
    study.write_text(text, encoding="utf-8")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_mike_deploys_two_complete_rounds_with_the_plugin(tmp_path, monkeypatch, capsys):
    """`kekpublish deploy` twice, the plugin on: each version folder holds every page, narratives included."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "over.md").write_text("# Over dit onderzoek\n", encoding="utf-8")
    _round(repo / "studies" / "ronde-1", "2026-voorjaar", "2026-01-12", "2026-03-27")
    (repo / "mkdocs.yml").write_text(
        "site_name: KEK\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - kekpublish:\n      studies_dir: studies\n      cache_dir: %s\n"
        "extra:\n  generator: false\n  version:\n    provider: mike\n" % (tmp_path / "cache"), encoding="utf-8")

    def git(*args):
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "round 1")
    assert versions.deploy_current_round(repo / "mkdocs.yml") == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "Deployed round 2026-voorjaar as version 2026-01" in out, out

    _round(repo / "studies" / "ronde-2", "2026-najaar", "2026-09-07", "2026-10-30")
    git("add", "-A")
    git("commit", "-q", "-m", "round 2")
    assert versions.deploy_current_round(repo / "mkdocs.yml") == 0, capsys.readouterr().err
    assert "Deployed round 2026-najaar as version 2026-09" in capsys.readouterr().out
    deployed = json.loads(git("show", "gh-pages:versions.json"))
    # 2026-voorjaar > 2026-najaar as loose versions: without version ids the selector would list them the wrong way round
    assert [(v["version"], v["title"], v["aliases"]) for v in deployed] == [
        ("2026-09", "2026-najaar", ["latest"]), ("2026-01", "2026-voorjaar", [])]
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages").split())
    codes = sorted(p.stem for p in (repo / "studies" / "ronde-1" / "narratives").glob("*.md"))
    visits = sorted(p.stem for p in (repo / "studies" / "ronde-1" / "shopping").glob("*.md"))
    assert codes and visits
    for version, rounds in (("2026-01", ["ronde-1"]), ("2026-09", ["ronde-1", "ronde-2"])):
        assert f"{version}/index.html" in files and f"{version}/over/index.html" in files
        assert f"{version}/search/search_index.json" in files
        for folder in rounds:
            for code in codes:
                assert f"{version}/{folder}/narratieven/{code}/index.html" in files, (version, folder, code)
            for visit in visits:
                assert f"{version}/{folder}/mystery-shopping/{visit}/index.html" in files, (version, folder, visit)
            for page in ("index.html", "hartmonitor/index.html", "klantreiskaart/index.html", "actieplan/index.html"):
                assert f"{version}/{folder}/{page}" in files, (version, folder, page)
    assert not any(f.startswith("2026-01/ronde-2/") for f in files)  # the first version stays as it was deployed
    assert not any("/narratives/" in f or f.endswith((".md", "study.md")) for f in files)  # never a raw source
    narrative = git("show", f"gh-pages:2026-09/ronde-2/narratieven/{codes[0]}/index.html")
    assert "Contactmomenten" in narrative
    index = json.loads(git("show", "gh-pages:2026-09/search/search_index.json"))["docs"]
    assert any(d["location"].startswith(f"ronde-2/narratieven/{codes[0]}/") for d in index)
    assert "latest" in files  # a symlink to the newest version (mike's default alias type)
    assert "origin" not in git("remote")  # nothing pushed, nowhere to push to


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_version_that_lacks_pages_is_an_error(tmp_path, monkeypatch, capsys):
    """Deploy verifies the branch: a version folder without the pages it promises is never 'Deployed'."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
    missing = versions.missing_pages(repo, "gh-pages", "2026-01", ["a/index.md", "a/narratieven/r01.md"])
    assert missing == ["2026-01/a/index.html", "2026-01/a/narratieven/r01/index.html"]
