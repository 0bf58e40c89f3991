"""On-disk cache of what is expensive: deduce's analysis of each text block.

Keyed by sha256 of the block text plus the analysis version, deduce's
version and configuration. Final output is never cached: labels are assigned
afresh on every run, in processing order, so they stay consistent when only
one file changed. The file is JSON, written atomically (temp file + rename).

Each entry is stored with the sha256 of its key and value, and checked (hash
and shape) before use: a damaged entry (garbled, emptied findings, wrong
types) is never used; the text is analysed again. A cache that cannot be
read is an empty cache.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from . import nlp

log = logging.getLogger("kekpublish")

CACHE_FILE = "anonymise-cache.json"
MAX_ENTRIES = 50_000
_FORMAT = 2  # entries are [sha256, value]


def config_key() -> str:
    """Everything besides the text that determines an analysis."""
    return json.dumps([_FORMAT, nlp.ANALYSIS_VERSION, nlp.deduce_version(),
                       nlp.DEDUCE_CONFIG, sorted(nlp._DISABLED)], sort_keys=True)


class SpanCache:
    """A dict of analyses on disk; ``None`` directory means memory only."""

    def __init__(self, directory: Path | None) -> None:
        self.path = Path(directory) / CACHE_FILE if directory is not None else None
        self._config = config_key()
        self._entries: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text("utf-8"))
            except (OSError, ValueError):
                data = None
            if isinstance(data, dict) and data.get("config") == self._config:
                entries = data.get("entries")
                if isinstance(entries, dict):
                    self._entries = entries

    def key(self, kind: str, text: str) -> str:
        digest = hashlib.sha256(f"{self._config}\0{kind}\0{text}".encode("utf-8"))
        return digest.hexdigest()

    def get(self, key: str) -> Any:
        if key in self._new:
            return self._new[key]
        value = _checked(key, self._entries.get(key))
        if value is not None:
            self._new[key] = value  # used this run: keep it
        return value

    def put(self, key: str, value: Any) -> None:
        self._new[key] = value

    def used(self) -> dict[str, Any]:
        """What this run made or read: what ``save`` keeps first."""
        return self._new

    def add(self, entries: dict[str, Any]) -> None:
        """Entries another process made (a worker's ``used()``), written with this cache's."""
        self._new.update(entries)

    def save_or_warn(self) -> None:
        """``save``; a cache that cannot be written is only slower next time, never a failed build."""
        try:
            self.save()
        except (OSError, TypeError, ValueError) as exc:
            log.warning("kekpublish: the anonymisation cache could not be written (%s); the next build redoes the analysis", exc)

    def save(self) -> None:
        """Merge with what is on disk now and write atomically."""
        if self.path is None:
            return
        merged: dict[str, Any] = {}
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text("utf-8"))
                if isinstance(data, dict) and data.get("config") == self._config and isinstance(data.get("entries"), dict):
                    merged.update(data["entries"])
            except (OSError, ValueError):
                pass
        for key in self._new:  # most recently used last
            merged.pop(key, None)
        merged.update((key, [_digest(key, value), value]) for key, value in self._new.items())
        if len(merged) > MAX_ENTRIES:
            merged = dict(list(merged.items())[-MAX_ENTRIES:])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".anonymise-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"config": self._config, "entries": merged}, fh,
                          ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        self._entries = merged


def _digest(key: str, value: Any) -> str:
    text = json.dumps([key, value], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _checked(key: str, entry: Any) -> Any:
    """The value of a stored [sha256, value] entry when it is whole and well formed, else None."""
    if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
        return None
    digest, value = entry
    if not _well_formed(value):
        return None
    try:
        if _digest(key, value) != digest:
            return None
    except (TypeError, ValueError):
        return None
    return value


def _well_formed(value: Any) -> bool:
    """An analysis ({"spans": [[start, end, kind, flags], ...]}) or a term's class ({name: bool})."""
    if not isinstance(value, dict):
        return False
    if "spans" in value:
        spans = value["spans"]
        return isinstance(spans, list) and all(
            isinstance(s, list) and len(s) == 4 and type(s[0]) is int and type(s[1]) is int and 0 <= s[0] <= s[1]
            and isinstance(s[2], str) and isinstance(s[3], dict) for s in spans)
    return all(isinstance(k, str) and isinstance(v, bool) for k, v in value.items())
