"""On-disk cache of what is expensive: deduce's analysis of each text block.

Keyed by sha256 of the block text plus the analysis version, deduce's
version and configuration. Final output is never cached: labels are assigned
afresh on every run, in processing order, so they stay consistent when only
one file changed. The file is JSON, written atomically (temp file + rename).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from . import nlp

CACHE_FILE = "anonymise-cache.json"
MAX_ENTRIES = 50_000
_FORMAT = 1


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
        value = self._entries.get(key)
        if value is not None:
            self._new[key] = value  # used this run: keep it
        return value

    def put(self, key: str, value: Any) -> None:
        self._new[key] = value

    def save(self) -> None:
        """Merge with what is on disk now and write atomically."""
        if self.path is None:
            return
        merged: dict[str, Any] = {}
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text("utf-8"))
                if isinstance(data, dict) and data.get("config") == self._config:
                    merged.update(data.get("entries") or {})
            except (OSError, ValueError):
                pass
        for key in self._new:  # most recently used last
            merged.pop(key, None)
        merged.update(self._new)
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
