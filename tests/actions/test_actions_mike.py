"""Versioned sites per round with mike, in a temporary git repository, offline."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess

import pytest

from conftest import ROUND1, ROUND2
from kekpublish import versions

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


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_mike_deploys_two_rounds(site, docs, tmp_path, monkeypatch, capsys):
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    repo = tmp_path / "repo"
    shutil.copytree(docs, repo / "docs")  # both rounds, as plain pages (no kekpublish plugin needed here)
    (repo / "docs" / "index.md").write_text("# Overlijden\n", encoding="utf-8")
    (repo / "mkdocs.yml").write_text(
        "site_name: KEK\ntheme:\n  name: material\nextra:\n  version:\n    provider: mike\n", encoding="utf-8")

    def git(*args):
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "site")
    rounds = {s.folder: s for s in site.studies}
    # the older round first, as it happens in practice; 2026-voorjaar > 2026-najaar as loose versions,
    # so without version ids the selector would list them the wrong way round
    result = versions.deploy_round(repo / "mkdocs.yml", rounds[ROUND1], check=False)
    assert result.returncode == 0, result.stderr
    # `kekpublish deploy`: the newest round of the docs dir
    assert versions.deploy_current_round(repo / "mkdocs.yml") == 0, capsys.readouterr().err
    assert "Deployed round 2026-najaar as version 2026-09" in capsys.readouterr().out
    deployed = json.loads(git("show", "gh-pages:versions.json"))
    assert [(v["version"], v["title"], v["aliases"]) for v in deployed] == [
        ("2026-09", "2026-najaar", ["latest"]),
        ("2026-01", "2026-voorjaar", []),
    ]
    files = git("ls-tree", "-r", "--name-only", "gh-pages").split()
    assert "2026-09/index.html" in files and "2026-01/index.html" in files
    assert "latest" in files  # a symlink to 2026-09 (mike's default alias type)
    assert "origin" not in git("remote")  # nothing pushed, nowhere to push to
