"""Build into a staging folder and publish it with a swap that never leaves a gap.

Used by the MkDocs plugin for every build (mkdocs build and serve alike), and
usable by any other front end. ``site_dir`` stays a real folder (mike,
ghp-import, `mkdocs serve` and users read it as one).

- One build at a time per site: ``<site>.kekpublish-lock`` is locked (an OS
  lock, released when the process ends, even when killed; the file exists
  only while a build runs). A second build
  waits for the first (KEKPUBLISH_LOCK_TIMEOUT seconds, 600 by default), then
  stops with a clear message; nothing is written meanwhile.
- Each build stages into a folder of its own, ``<site>.kekpublish-staging-<pid>``.
- Publishing exchanges the staging folder and site_dir in one atomic rename
  where the system has one (Linux renameat2 RENAME_EXCHANGE, macOS
  renamex_np RENAME_SWAP): readers see the old site or the new, never none.
  Elsewhere it takes two renames through ``<site>.kekpublish-previous``; a
  build killed between them leaves the last good site there, and the next
  build, before anything else, moves it back (``recover``).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import glob
import os
import shutil
import sys
import time
from typing import Callable

LOCK_TIMEOUT = 600.0  # seconds a second build waits for the first


class PublishError(Exception):
    """A clear message for the user: the site folder cannot be locked, written or swapped."""


def staging_dir(site_dir: str) -> str:
    """Where this build writes before the leak gate: a sibling of site_dir, on the same file system."""
    return f"{_base(site_dir)}.kekpublish-staging-{os.getpid()}"


def previous_dir(site_dir: str) -> str:
    return f"{_base(site_dir)}.kekpublish-previous"


def lock_path(site_dir: str) -> str:
    return f"{_base(site_dir)}.kekpublish-lock"


def _base(site_dir: str) -> str:
    return os.path.abspath(site_dir.rstrip("/\\") or site_dir)


# ---------------------------------------------------------------------------------------------
# The lock
# ---------------------------------------------------------------------------------------------

class BuildLock:
    """An exclusive lock on one site folder, held for the whole build."""

    def __init__(self, site_dir: str, timeout: float | None = None) -> None:
        self.path = lock_path(site_dir)
        if timeout is None:
            try:
                timeout = float(os.environ.get("KEKPUBLISH_LOCK_TIMEOUT", LOCK_TIMEOUT))
            except ValueError:
                timeout = LOCK_TIMEOUT
        self.timeout = max(0.0, timeout)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, notice: Callable[[str], None] | None = None) -> None:
        """Take the lock, waiting up to the timeout for another build; PublishError when it is not free in time.

        The lock file exists only while a build holds it (the holder removes it when done): a lock
        taken on a file that was removed meanwhile does not count, and the file is opened again.
        """
        if self._fd is not None:
            return
        deadline = time.monotonic() + self.timeout
        told = False
        while True:
            fd = self._open()
            if _try_lock(fd):
                if _same_file(fd, self.path):
                    break
                _unlock(fd)  # the holder removed it as we took it: take the new one
                os.close(fd)
                continue
            holder = _read_holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise PublishError(
                    f"kekpublish: another build of this site is still running{holder}; waited {self.timeout:g} s "
                    f"and stopped without writing anything. Wait for it to finish (or stop it) and build again; "
                    f"KEKPUBLISH_LOCK_TIMEOUT sets how long to wait. Lock: {self.path}")
            if not told and notice is not None:
                notice(f"kekpublish: another build of this site is running{holder}; waiting for it to finish…")
                told = True
            time.sleep(0.1)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)
        self._fd = fd

    def _open(self) -> int:
        try:
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise PublishError(disk_message(exc, os.path.dirname(self.path))) from None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if sys.platform != "win32":  # removed while still held, so no one can take a stale copy
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        _unlock(fd)
        os.close(fd)


def _same_file(fd: int, path: str) -> bool:
    if sys.platform == "win32":
        return True
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
    except OSError:
        return ""
    return f" (process {text[0]}, since {' '.join(text[1:3])})" if len(text) >= 3 else ""


if sys.platform == "win32":  # pragma: no cover  (Windows: msvcrt locks the first byte)
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------
# Staging and the swap
# ---------------------------------------------------------------------------------------------

def recover(site_dir: str) -> bool:
    """Undo a swap that was cut short: site_dir missing and the last good site in <site>.kekpublish-previous.

    Call it holding the lock, before the build writes anything. True when a site was restored.
    Staging folders left by killed builds go too.
    """
    site, previous = _base(site_dir), previous_dir(site_dir)
    restored = False
    if os.path.isdir(previous):
        if not os.path.exists(site):
            os.rename(previous, site)
            restored = True
        else:
            shutil.rmtree(previous, ignore_errors=True)
    for stale in glob.glob(glob.escape(_base(site_dir)) + ".kekpublish-staging*"):
        shutil.rmtree(stale, ignore_errors=True)
    return restored


def swap(staging: str, site_dir: str, retired: str | None = None) -> None:
    """Replace site_dir by staging so that readers never see half a site, nor no site.

    The replaced site is deleted after the swap. With ``retired`` (a folder on the same disk, such as
    the kekpublish cache) it is moved there in one rename and deleted by a process of its own, so the
    build does not wait for it; the swap itself, and what a killed build leaves, are the same.
    """
    site = _base(site_dir)
    staging = os.path.abspath(staging)
    try:
        if os.path.isdir(site) and not os.path.islink(site) and _exchange(staging, site):
            _remove(staging, retired)  # now the previous site
            return
        previous = previous_dir(site_dir)
        shutil.rmtree(previous, ignore_errors=True)
        if os.path.lexists(site):
            os.rename(site, previous)
        # a kill here leaves no site_dir, and the last good site in previous: recover() moves it back
        os.rename(staging, site)
        _remove(previous, retired)
    except OSError as exc:
        if not os.path.exists(site) and os.path.isdir(previous_dir(site_dir)):
            with contextlib.suppress(OSError):
                os.rename(previous_dir(site_dir), site)
        raise PublishError(disk_message(exc, os.path.dirname(site))) from None


def _remove(folder: str, retired: str | None) -> None:
    """Delete a replaced site: off the build's path when it can move into ``retired``, here otherwise."""
    if retired is None or sys.platform == "win32" or not os.path.isdir(folder):
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        os.makedirs(retired, exist_ok=True)
        target = os.path.join(retired, f"site-{os.getpid()}-{time.monotonic_ns()}")
        os.rename(folder, target)  # another disk (EXDEV) or no permission: delete it here
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    delete_retired(retired)


def delete_retired(retired: str) -> None:
    """Delete every replaced site in ``retired`` in a detached process (here, if none can start).

    Only published sites are ever moved there; one left by a killed deleter goes with the next build.
    """
    if not os.path.isdir(retired):
        return
    try:
        import subprocess

        command = [sys.executable, "-c", _DELETER, retired]
        if os.name == "posix" and os.path.exists("/bin/sh"):
            # a shell that starts the deleter in the background and ends at once: the deleter is
            # nobody's child (no zombie under `mkdocs serve`, no "still running" warning)
            subprocess.run(["/bin/sh", "-c", '"$0" -c "$1" "$2" </dev/null >/dev/null 2>&1 &', sys.executable, _DELETER, retired],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           close_fds=True, start_new_session=True, timeout=30, check=True)
        else:
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             close_fds=True, start_new_session=True)
    except (OSError, ValueError, subprocess.SubprocessError):
        _delete_all(retired)


def _delete_all(retired: str) -> None:
    with contextlib.suppress(OSError):
        for entry in os.scandir(retired):
            shutil.rmtree(entry.path, ignore_errors=True)


_DELETER = (
    "import os, shutil, sys\n"
    "for e in os.scandir(sys.argv[1]):\n"
    "    shutil.rmtree(e.path, ignore_errors=True)\n")


_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 0x2  # macOS sys/stdio.h


@contextlib.contextmanager
def _no_exchange():
    """For tests: publish with the two-rename fallback, as on a system without an atomic exchange."""
    global _exchange_fn
    saved, _exchange_fn = _exchange_fn, None
    try:
        yield
    finally:
        _exchange_fn = saved


def _load_exchange():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        fn = libc.renameat2
        fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        at_fdcwd = -100
        return lambda a, b: fn(at_fdcwd, a, at_fdcwd, b, _RENAME_EXCHANGE)
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        fn = libc.renamex_np
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: fn(a, b, _RENAME_SWAP)
    return None


_exchange_fn = _load_exchange()


def _exchange(a: str, b: str) -> bool:
    """Swap two paths in one atomic step; False where the system or file system cannot."""
    if _exchange_fn is None:
        return False
    if _exchange_fn(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM):
        return False  # not on this file system: the two renames
    raise OSError(code, os.strerror(code), b)


class StagedBuild:
    """One build of one site: lock, recover, a staging folder of its own, then publish or discard."""

    def __init__(self, site_dir: str, *, timeout: float | None = None, retired: str | None = None) -> None:
        """``retired``: where the replaced site goes to be deleted off the build's path (see swap)."""
        self.site_dir = site_dir
        self.lock = BuildLock(site_dir, timeout)
        self.staging: str | None = None
        self.retired = retired

    def begin(self, notice: Callable[[str], None] | None = None) -> str:
        """Take the lock, recover a cut-short swap, and make this build's staging folder; its path."""
        self.lock.acquire(notice)
        try:
            if recover(self.site_dir) and notice is not None:
                notice(f"kekpublish: the previous build was stopped while publishing; restored the last good site in {self.site_dir}")
            self.staging = staging_dir(self.site_dir)
            os.makedirs(self.staging)
            _probe(self.staging)
        except OSError as exc:
            self.discard()
            raise PublishError(disk_message(exc, os.path.dirname(_base(self.site_dir)))) from None
        except BaseException:
            self.discard()
            raise
        return self.staging

    def publish(self) -> None:
        """Swap the staged site in and release the lock."""
        try:
            if self.staging is not None:
                swap(self.staging, self.site_dir, self.retired)
                self.staging = None
        finally:
            self.discard()

    def discard(self) -> None:
        """Throw the staged files away (the previous site stays) and release the lock."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
        self.lock.release()


def _probe(folder: str) -> None:
    """Fail now, with a clear message, when the disk is read-only or full, not halfway through the build."""
    probe = os.path.join(folder, ".kekpublish-probe")
    with open(probe, "wb") as fh:
        fh.write(b"\0" * 4096)
        fh.flush()
        os.fsync(fh.fileno())
    os.unlink(probe)


def disk_message(exc: BaseException, where: str) -> str:
    """What went wrong with a disk, in words: full, read-only, no permission."""
    code = getattr(exc, "errno", None)
    place = getattr(exc, "filename", None) or where
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        what = "the disk is full (or over quota)"
    elif code == errno.EROFS:
        what = "the disk is read-only"
    elif code in (errno.EACCES, errno.EPERM):
        what = "no permission"
    else:
        what = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return (f"kekpublish: {place}: {what}. Nothing was published; the previous site is untouched. "
            f"Free space or fix the permissions and build again.")


def disk_problem(exc: BaseException) -> str | None:
    """The clear message for an OSError a build hit on a disk (full, read-only, no permission); None for others."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM,
                                                   getattr(errno, "EDQUOT", -1)):
        return disk_message(exc, "")
    return None


__all__ = ["BuildLock", "PublishError", "StagedBuild", "disk_message", "disk_problem", "recover", "staging_dir", "swap"]
