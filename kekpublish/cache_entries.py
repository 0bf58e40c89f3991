"""Cache entries that no build has used for a while are removed, so the cache does not grow with every edit.

The per-study caches (anonymised studies, chart pages, PNG/PDF exports) are keyed by a
hash of everything their output depends on, kekpublish's own code included: every edit
of a study, and every upgrade, leaves the old entry behind (about a megabyte per study
for its charts). Each cache marks an entry it reads (`used`, its modification time), and
after a published build `prune` removes the entries that no build has read or written
for `DAYS` days. A removed entry costs one rebuild of it when it is needed again, never a
wrong page: entries are only ever looked up by their key.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import BinaryIO, Callable

log = logging.getLogger("kekpublish")

DAYS = 14
FOLDERS = ("studies", "charts", "exports")  # entries named by their key; whole folders of kekpublish's own


def write_atomically(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """Write a cache file whole or not at all (a partial file beside it, then one rename); the
    partial file goes when writing fails, and the error is the caller's to report. `data` is
    the bytes, or a function that writes them into the open file (a large entry, streamed)."""
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(data):
            with open(partial, "wb") as handle:
                data(handle)
        else:
            partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        try:
            partial.unlink()
        except OSError:
            pass
        raise


def used(path: str | os.PathLike) -> None:
    """Mark a cache entry as read by this build (its modification time is now)."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(cache_dir: str | os.PathLike | None, *, days: float = DAYS, now: float | None = None) -> int:
    """Remove the entries of the per-study caches that no build has used for `days` days; how many went."""
    if cache_dir is None:
        return 0
    limit = (time.time() if now is None else now) - days * 86400
    removed = 0
    for name in FOLDERS:
        try:
            entries = list(os.scandir(Path(cache_dir) / name))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
    if removed:
        log.debug("kekpublish: %d cache entries unused for %d days removed", removed, days)
    return removed


__all__ = ["DAYS", "prune", "used", "write_atomically"]
