"""Real builds (subprocesses, as a user runs them) under faults: two at once, a held lock, a full disk (issue 11.6, 11.7, 11.9)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kekpublish.publish.staging import BuildLock
from sitebuild import write_config

ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def _project(tmp_path, study, *, exports: bool):
    docs = study.parent
    (docs / "index.md").write_text("# Studies\n", "utf-8")
    return tmp_path, write_config(tmp_path, docs, cache_dir=tmp_path / "cache", exports=exports)


@pytest.fixture
def project(tmp_path, example_study):
    """A site without PNG/PDF exports (faster), for the tests about stopping cleanly."""
    return _project(tmp_path, example_study, exports=False)


@pytest.fixture
def whole_project(tmp_path, example_study):
    return _project(tmp_path, example_study, exports=True)


def _build(config: Path, **env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **ENV, **env})


def _files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_two_builds_at_once_both_finish_and_the_site_is_whole(whole_project) -> None:
    folder, config = whole_project
    first, second = _build(config), _build(config)
    results = [(p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in (first, second)]
    for code, _out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    site = folder / "site"
    built = _files(site)
    # a third, lone build is the reference: the pair left exactly the site it makes
    alone = _build(config)
    assert alone.wait(timeout=600) == 0, alone.stderr.read()
    assert set(_files(site)) == set(built) and len(built) > 40
    assert "index.html" in built and "search/search_index.json" in built
    leftovers = sorted(p.name for p in folder.iterdir() if p.name.startswith("site."))
    assert leftovers == []  # no staging or previous folder, no lock file left behind


def test_a_build_that_cannot_get_the_lock_stops_cleanly(project) -> None:
    folder, config = project
    site = folder / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", "utf-8")
    lock = BuildLock(str(site), timeout=0)
    lock.acquire()  # another build of this site is running
    try:
        build = _build(config, KEKPUBLISH_LOCK_TIMEOUT="1")
        code = build.wait(timeout=600)
        err = build.stderr.read()
    finally:
        lock.release()
    assert code == 1
    assert "another build of this site is still running" in err and "Traceback" not in err
    assert (site / "index.html").read_text("utf-8") == "last good site"


def test_a_full_disk_while_writing_pages_is_a_message(project) -> None:
    folder, config = project
    site = folder / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", "utf-8")
    script = (
        "import errno, sys, mkdocs.utils\n"
        "def full(*a, **k):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device', str(a[1]) if len(a) > 1 else None)\n"
        "mkdocs.utils.write_file = full\n"
        "from mkdocs.__main__ import cli\n"
        f"sys.argv = ['mkdocs', 'build', '-q', '-f', {str(config)!r}]\n"
        "cli()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600,
                            env={**os.environ, **ENV})
    assert result.returncode == 1, result.stderr
    output = result.stdout + result.stderr
    assert "disk is full" in output and "Traceback" not in output
    assert (site / "index.html").read_text("utf-8") == "last good site"
    assert not [p for p in folder.iterdir() if ".kekpublish-staging" in p.name]


def test_a_dead_export_worker_is_a_message_naming_the_chart(tmp_path, example_study) -> None:
    folder, config = _project(tmp_path, example_study, exports=True)
    site = folder / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", "utf-8")
    script = (
        "import os, sys\n"
        "from kekpublish.export import images\n"
        "real = images._convert\n"
        "def convert(svg, kind):\n"
        "    if 'id=\"kek-hartmonitor-slide\"' in svg and kind == 'png2':\n"
        "        os._exit(9)  # a worker killed (out of memory) on this chart\n"
        "    return real(svg, kind)\n"
        "images._convert = convert\n"
        "from mkdocs.__main__ import cli\n"
        f"sys.argv = ['mkdocs', 'build', '-q', '-f', {str(config)!r}]\n"
        "cli()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=900,
                            env={**os.environ, **ENV})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "BrokenProcessPool" not in output, output
    assert "overlijden/hartmonitor.png" in output and "could not be exported" in output, output
    assert (site / "index.html").read_text("utf-8") == "last good site"
