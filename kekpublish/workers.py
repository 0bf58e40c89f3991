"""Worker processes forked from a build (PNG/PDF conversions, a cold build's anonymisation), one per
core, that end with the build."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os


def fork_workers(jobs: int, limit: int = 4) -> int:
    """How many workers to fork for ``jobs`` independent jobs: one per core, at most ``limit`` and
    ``jobs``; 0 where the platform does not fork or fewer than two would run."""
    workers = min(os.cpu_count() or 1, limit, jobs)
    return workers if workers >= 2 and "fork" in multiprocessing.get_all_start_methods() else 0


def fork_pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    """A pool of ``workers`` processes forked from this one (they share what it has loaded)."""
    return concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                  initializer=_worker_start, initargs=(os.getpid(),))


def _worker_start(parent: int) -> None:
    """In each worker: end with the build. The workers now live from on_files to on_post_build; a build
    that is killed (kill -9, the OOM killer) must not leave them converting, holding the site's lock
    (inherited with the fork) and keeping the next build waiting. Linux: the kernel ends them (prctl)."""
    import signal

    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere they end when their queue closes
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)
