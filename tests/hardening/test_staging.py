"""One build at a time per site, a staging folder per build, and a swap that never leaves no site (issue 11.6, 11.7, 11.9)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import threading
import time

import pytest

from kekpublish.publish import staging
from kekpublish.publish.staging import BuildLock, PublishError, StagedBuild, recover, swap


def _site(path, marker: str):
    path.mkdir(parents=True, exist_ok=True)
    (path / "index.html").write_text(marker, "utf-8")
    (path / "page").mkdir(exist_ok=True)
    (path / "page" / "index.html").write_text(marker, "utf-8")
    return path


def test_a_second_lock_waits_then_stops_with_a_clear_message(tmp_path) -> None:
    site = str(tmp_path / "site")
    first = BuildLock(site, timeout=0)
    first.acquire()
    start = time.monotonic()
    with pytest.raises(PublishError) as caught:
        BuildLock(site, timeout=0.5).acquire()
    assert time.monotonic() - start >= 0.5
    message = str(caught.value)
    assert "another build of this site is still running" in message and f"process {os.getpid()}" in message
    first.release()
    again = BuildLock(site, timeout=0)
    again.acquire()  # free once released
    again.release()


def test_the_lock_holds_across_processes_and_goes_with_a_killed_process(tmp_path) -> None:
    site = str(tmp_path / "site")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from kekpublish.publish.staging import BuildLock;"
        f"BuildLock({site!r}, timeout=0).acquire(); print('held', flush=True); time.sleep(60)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(PublishError, match=f"process {holder.pid}"):
            BuildLock(site, timeout=0.3).acquire()
        holder.kill()  # a build killed with its lock held: the OS lets go
        holder.wait()
        lock = BuildLock(site, timeout=5)
        lock.acquire()
        lock.release()
    finally:
        holder.kill()
        holder.wait()


def test_a_waiting_build_goes_on_when_the_first_finishes(tmp_path) -> None:
    site = str(tmp_path / "site")
    first = BuildLock(site, timeout=0)
    first.acquire()
    notices: list[str] = []
    threading.Timer(0.4, first.release).start()
    second = BuildLock(site, timeout=10)
    second.acquire(notices.append)
    assert second.held and len(notices) == 1 and "waiting" in notices[0]
    second.release()


def test_each_build_stages_in_a_folder_of_its_own_and_stale_ones_go(tmp_path) -> None:
    site = tmp_path / "site"
    stale = tmp_path / "site.kekpublish-staging-99999"
    stale.mkdir()
    build = StagedBuild(str(site), timeout=0)
    folder = build.begin()
    assert folder.endswith(f".kekpublish-staging-{os.getpid()}") and os.path.isdir(folder)
    assert not stale.exists()  # a killed build's staging folder, cleaned under the lock
    _site(tmp_path / folder, "new")
    build.publish()
    assert (site / "index.html").read_text("utf-8") == "new" and not os.path.exists(folder)
    assert not build.lock.held


def test_the_swap_never_leaves_no_site(tmp_path) -> None:
    if staging._exchange_fn is None:
        pytest.skip("no atomic exchange on this system: the two-rename path is tested below")
    site = _site(tmp_path / "site", "0")
    missing: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not (site / "index.html").is_file():
                missing.append(1)

    reader = threading.Thread(target=watch)
    reader.start()
    try:
        for i in range(1, 200):
            swap(str(_site(tmp_path / f"stage{i}", str(i))), str(site))
    finally:
        done.set()
        reader.join()
    assert missing == [] and (site / "index.html").read_text("utf-8") == "199"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


class Killed(BaseException):
    """Stands for SIGKILL between two steps: nothing after it runs, no except clause sees it."""


def test_a_kill_between_the_two_renames_is_recovered_by_the_next_build(tmp_path, monkeypatch) -> None:
    site = _site(tmp_path / "site", "good")
    stage = _site(tmp_path / "stage", "new")
    real_rename = os.rename
    calls: list[tuple[str, str]] = []

    def rename(a, b):
        calls.append((a, b))
        real_rename(a, b)
        if len(calls) == 1:
            raise Killed

    monkeypatch.setattr(staging.os, "rename", rename)
    with staging._no_exchange(), pytest.raises(Killed):
        swap(str(stage), str(site))
    monkeypatch.setattr(staging.os, "rename", real_rename)
    assert not site.exists() and (tmp_path / "site.kekpublish-previous" / "index.html").is_file()

    # the next build, even one that then fails, first puts the last good site back
    build = StagedBuild(str(site), timeout=0)
    build.begin()
    assert (site / "index.html").read_text("utf-8") == "good"
    assert (site / "page" / "index.html").read_text("utf-8") == "good"
    build.discard()
    assert (site / "index.html").read_text("utf-8") == "good"
    assert not (tmp_path / "site.kekpublish-previous").exists()


def test_recover_leaves_a_whole_site_alone(tmp_path) -> None:
    site = _site(tmp_path / "site", "current")
    _site(tmp_path / "site.kekpublish-previous", "older")
    assert recover(str(site)) is False
    assert (site / "index.html").read_text("utf-8") == "current"
    assert not (tmp_path / "site.kekpublish-previous").exists()


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only"),
                                         (errno.EACCES, "no permission")])
def test_a_full_or_read_only_site_disk_is_a_message(tmp_path, monkeypatch, code, words) -> None:
    site = _site(tmp_path / "site", "good")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(tmp_path))

    # while staging: before the build writes anything
    monkeypatch.setattr(staging, "_probe", fail)
    build = StagedBuild(str(site), timeout=0)
    with pytest.raises(PublishError, match=words):
        build.begin()
    assert not build.lock.held and (site / "index.html").read_text("utf-8") == "good"
    monkeypatch.undo()

    # while publishing: the last good site stays
    build = StagedBuild(str(site), timeout=0)
    _site(tmp_path / build.begin(), "new")
    monkeypatch.setattr(staging, "_exchange", fail)
    with pytest.raises(PublishError, match=words) as caught:
        build.publish()
    assert "previous site is untouched" in str(caught.value)
    assert (site / "index.html").read_text("utf-8") == "good" and not build.lock.held
    with staging._no_exchange():
        build = StagedBuild(str(site), timeout=0)
        _site(tmp_path / build.begin(), "new")
        real_rename = os.rename
        monkeypatch.setattr(staging.os, "rename", lambda a, b: fail() if a.endswith(staging.staging_dir(str(site))) else real_rename(a, b))
        with pytest.raises(PublishError, match=words):
            build.publish()
        monkeypatch.setattr(staging.os, "rename", real_rename)
    assert (site / "index.html").read_text("utf-8") == "good"


def test_disk_problem_names_only_disk_errors() -> None:
    assert "disk is full" in staging.disk_problem(OSError(errno.ENOSPC, "No space left on device", "/x/site/a.html"))
    assert "/x/site/a.html" in staging.disk_problem(OSError(errno.ENOSPC, "No space left on device", "/x/site/a.html"))
    assert staging.disk_problem(ValueError("x")) is None
    assert staging.disk_problem(OSError(errno.ENOENT, "gone")) is None


def test_the_lock_file_is_gone_after_a_build_and_the_lock_stays_exclusive(tmp_path) -> None:
    """Four processes take and release the lock 15 times each (the holder removes the file): never two at once."""
    site, log = str(tmp_path / "site"), tmp_path / "log.txt"
    script = (
        "import os, sys, time\n"
        "from kekpublish.publish.staging import BuildLock\n"
        "for i in range(15):\n"
        f"    lock = BuildLock({site!r}, timeout=60); lock.acquire()\n"
        f"    with open({str(log)!r}, 'a') as fh: fh.write(f'in {{os.getpid()}}\\n')\n"
        "    time.sleep(0.005)\n"
        f"    with open({str(log)!r}, 'a') as fh: fh.write(f'out {{os.getpid()}}\\n')\n"
        "    lock.release()\n")
    workers = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(4)]
    assert [w.wait(timeout=300) for w in workers] == [0, 0, 0, 0]
    events = [line.split() for line in log.read_text().splitlines()]
    assert len(events) == 120
    for went_in, came_out in zip(events[0::2], events[1::2]):  # in, out, in, out ...: never two inside
        assert went_in[0] == "in" and came_out == ["out", went_in[1]]
    assert not os.path.exists(staging.lock_path(site))
