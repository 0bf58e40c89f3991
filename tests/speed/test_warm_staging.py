"""The replaced site is deleted off the build's path (issue 14): moved into the cache in one rename,
deleted by a process of its own, and the swap stays what tests/hardening/test_staging.py checks."""

from __future__ import annotations

import os
import time

import pytest

from kekpublish.publish import staging
from kekpublish.publish.staging import StagedBuild, swap


def _site(folder, text: str):
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text, "utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "page.html").write_text(text, "utf-8")
    return folder


def _wait_empty(folder, seconds: float = 20.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = sorted(os.listdir(folder)) if folder.exists() else []
        if not left:
            return left
        time.sleep(0.05)
    return sorted(os.listdir(folder))


@pytest.mark.parametrize("exchange", [True, False])
def test_the_replaced_site_goes_to_retired_and_is_deleted(tmp_path, exchange) -> None:
    site, retired = tmp_path / "site", tmp_path / "cache" / "retired"
    _site(site, "old")
    stage = _site(tmp_path / "stage", "new")
    if exchange:
        swap(str(stage), str(site), str(retired))
    else:
        with staging._no_exchange():
            swap(str(stage), str(site), str(retired))
    assert (site / "index.html").read_text("utf-8") == "new"
    assert (site / "sub" / "page.html").read_text("utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]  # no sibling left beside the site
    assert _wait_empty(retired) == []  # the detached deleter removed the old site


def test_without_a_deleter_process_it_is_deleted_in_the_build(tmp_path, monkeypatch) -> None:
    import subprocess

    def no_process(*args, **kwargs):
        raise OSError("cannot start")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    site, retired = tmp_path / "site", tmp_path / "retired"
    _site(site, "old")
    swap(str(_site(tmp_path / "stage", "new"), ), str(site), str(retired))
    assert (site / "index.html").read_text("utf-8") == "new"
    assert list(retired.iterdir()) == []


def test_a_retired_folder_on_another_disk_falls_back_to_deleting_here(tmp_path, monkeypatch) -> None:
    real_rename = os.rename
    retired = tmp_path / "retired"

    def rename(a, b):
        if str(b).startswith(str(retired)):
            raise OSError(18, "Invalid cross-device link")
        return real_rename(a, b)

    site = _site(tmp_path / "site", "old")
    stage = _site(tmp_path / "stage", "new")
    monkeypatch.setattr(staging.os, "rename", rename)
    swap(str(stage), str(site), str(retired))
    assert (site / "index.html").read_text("utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["retired", "site"]
    assert list(retired.iterdir()) == []


def test_a_staged_build_leaves_the_last_good_site_until_it_publishes(tmp_path) -> None:
    site, retired = tmp_path / "site", tmp_path / "cache" / "retired"
    _site(site, "old")
    build = StagedBuild(str(site), retired=str(retired))
    folder = build.begin()
    (tmp_path / folder).joinpath("index.html").write_text("new", "utf-8")
    assert (site / "index.html").read_text("utf-8") == "old"
    build.publish()
    assert (site / "index.html").read_text("utf-8") == "new"
    assert _wait_empty(retired) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]
