"""Whole anonymised studies, cached on disk by everything they were made from.

A warm build then skips the anonymiser for every study whose files, rules and
anonymisation code are unchanged (the span cache already spares deduce; this
spares the rest). The cache holds what anonymisation found, originals
included, so it belongs with the sources, never with the site.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
from pathlib import Path

from ..anonymise import Replacement, Rules
from ..model.site import Study

VERSION = "1"


@functools.cache
def code_fingerprint() -> str:
    """The anonymisation code and data as they are now: any change makes every entry stale."""
    root = Path(__file__).resolve().parent.parent / "anonymise"
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".txt", ".json", ".yml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    try:
        digest.update(importlib.metadata.version("deduce").encode())
    except importlib.metadata.PackageNotFoundError:
        pass
    return digest.hexdigest()


def key(study: Study, rules: Rules) -> str:
    """What the anonymised study depends on: its sources as read, the rules, the code."""
    digest = hashlib.sha256(f"{VERSION}\0{code_fingerprint()}\0{rules!r}".encode())
    for source in study.sources():
        digest.update(f"\0{source.rel}\0".encode())
        digest.update(json.dumps(source.front.data, sort_keys=True, default=str, ensure_ascii=False).encode())
        digest.update(source.body.encode())
    return digest.hexdigest()


def load(cache_dir: Path | None, entry: str) -> dict | None:
    if cache_dir is None:
        return None
    path = Path(cache_dir) / "studies" / f"{entry}.json"
    try:
        payload = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    payload["replacements"] = [Replacement(**r) for r in payload["replacements"]]
    return payload


def store(cache_dir: Path | None, entry: str, payload: dict) -> None:
    if cache_dir is None:
        return
    path = Path(cache_dir) / "studies" / f"{entry}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**payload, "replacements": [dataclasses.asdict(r) for r in payload["replacements"]]}
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(partial, path)
