"""The offline zip is written beside its final name and then renamed: a kill never leaves a broken zip (issue 11.8)."""

from __future__ import annotations

import errno
import os
import shutil
import zipfile

import pytest

from kekpublish import offline


class Killed(BaseException):
    """Stands for SIGKILL while zipping."""


def _target(tmp_path, marker: str):
    target = tmp_path / "site-offline"
    target.mkdir(exist_ok=True)
    (target / "index.html").write_text(marker, "utf-8")
    return target


def _index(zip_path) -> str:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.read("site-offline/index.html").decode()


def test_the_zip_is_replaced_whole(tmp_path) -> None:
    target = _target(tmp_path, "first")
    assert offline.write_zip(target) == f"{target}.zip"
    assert _index(f"{target}.zip") == "first"
    _target(tmp_path, "second")
    offline.write_zip(target)
    assert _index(f"{target}.zip") == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site-offline", "site-offline.zip"]


def test_a_kill_while_zipping_leaves_the_last_good_zip(tmp_path, monkeypatch) -> None:
    target = _target(tmp_path, "good")
    offline.write_zip(target)
    _target(tmp_path, "new")
    real = shutil.make_archive

    def killed(base_name, *args, **kwargs):
        made = real(base_name, *args, **kwargs)
        with open(made, "r+b") as fh:  # half written
            fh.truncate(os.path.getsize(made) // 2)
        raise Killed

    monkeypatch.setattr(offline.shutil, "make_archive", killed)
    with pytest.raises(Killed):
        offline.write_zip(target)
    assert _index(f"{target}.zip") == "good"


def test_partial_zips_of_killed_builds_go(tmp_path) -> None:
    target = _target(tmp_path, "x")
    stale = tmp_path / "site-offline.zip-partial-999999999.zip"
    stale.write_bytes(b"PK broken")
    offline.write_zip(target)
    assert not stale.exists()


def test_a_full_disk_while_zipping_is_a_message(tmp_path, monkeypatch, capsys) -> None:
    target = _target(tmp_path, "good")
    offline.write_zip(target)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(offline.subprocess, "call", lambda *a, **k: 0)
    monkeypatch.setattr(offline.shutil, "make_archive", full)
    assert offline.build_offline(str(tmp_path / "mkdocs.yml")) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and "previous archive is untouched" in err
    assert _index(f"{target}.zip") == "good"
