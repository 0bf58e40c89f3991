"""Whole anonymised studies, cached on disk by everything they were made from.

A warm build then skips the anonymiser for every study whose files, rules and
anonymisation code are unchanged (the span cache already spares deduce; this
spares the rest). The cache holds what anonymisation found, originals
included, so it belongs with the sources, never with the site.

An entry is stored with the sha256 of its content and checked before use
(hash, then shape): a damaged entry (truncated, garbled, findings emptied,
wrong types) is removed and the study anonymised again, so a damaged cache
can never publish a text that was not anonymised. A cache that cannot be
written is a warning; the build goes on.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import logging
import os  # (tests make os.replace fail through this module)
from pathlib import Path

from ..anonymise import Replacement, Rules
from ..cache_entries import used, write_atomically
from ..model.site import Study

VERSION = "2"  # entries carry the sha256 of their payload
log = logging.getLogger("kekpublish")
_REPLACEMENT_FIELDS = {f.name for f in dataclasses.fields(Replacement)}


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


def _digest(payload: dict) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(cache_dir: Path | None, entry: str) -> dict | None:
    """The cached anonymised study, or None (none, or damaged: then the entry goes and the study is done again)."""
    if cache_dir is None:
        return None
    path = Path(cache_dir) / "studies" / f"{entry}.json"
    try:
        stored = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        stored = None
    payload = _checked(stored)
    if payload is None:
        log.debug("kekpublish: a damaged study cache entry (%s) is rebuilt", path.name)
        try:
            path.unlink()
        except OSError:
            pass
        return None
    payload["replacements"] = [Replacement(**r) for r in payload["replacements"]]
    used(path)
    return payload


def _checked(stored) -> dict | None:
    """The payload of a stored entry when its hash matches and every part has the shape store() wrote."""
    if not (isinstance(stored, dict) and isinstance(stored.get("payload"), dict) and isinstance(stored.get("sha256"), str)):
        return None
    payload = stored["payload"]
    if _digest(payload) != stored["sha256"]:
        return None
    study, replacements = payload.get("study"), payload.get("replacements")
    leak_terms, problems = payload.get("leak_terms"), payload.get("problems")
    if not (isinstance(study, dict) and {"study", "narratives", "visits", "actionplan"} <= set(study)
            and isinstance(study["study"], dict) and isinstance(study["narratives"], list) and isinstance(study["visits"], list)
            and all(isinstance(d, dict) and isinstance(d.get("meta"), dict) and isinstance(d.get("body"), str)
                    for d in [study["study"], *study["narratives"], *study["visits"], *([study["actionplan"]] if study["actionplan"] else [])])):
        return None
    if not (isinstance(replacements, list) and all(isinstance(r, dict) and set(r) == _REPLACEMENT_FIELDS for r in replacements)):
        return None
    if not (isinstance(leak_terms, list) and all(isinstance(t, str) for t in leak_terms)):
        return None
    if not (isinstance(problems, list) and all(isinstance(p, list) and len(p) == 5 for p in problems)):
        return None
    if replacements and not leak_terms:
        return None  # findings gone: what was replaced is no longer guarded by the gate
    return payload


def store(cache_dir: Path | None, entry: str, payload: dict) -> None:
    """Write an entry atomically with the hash of its payload; a cache that cannot be written is a warning."""
    if cache_dir is None:
        return
    path = Path(cache_dir) / "studies" / f"{entry}.json"
    data = {**payload, "replacements": [dataclasses.asdict(r) for r in payload["replacements"]]}
    data = json.loads(json.dumps(data, ensure_ascii=False, default=str))  # as it reads back
    try:
        write_atomically(path, json.dumps({"sha256": _digest(data), "payload": data}, ensure_ascii=False).encode("utf-8"))
    except OSError as exc:
        log.warning("kekpublish: the study cache cannot be written in %s (%s); the build goes on, the next one anonymises again",
                    path.parent, exc.strerror or exc)
