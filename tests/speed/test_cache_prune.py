"""Cache entries no build has used for two weeks are removed after a published build; used ones stay.

Every edit (and every kekpublish upgrade) leaves an old entry behind in the per-study caches
(about a megabyte of charts per study); without pruning the cache grows with every edit.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from kekpublish import cache_entries
from kekpublish.publish import recall

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sitebuild import build, copy_demo, write_config  # noqa: E402


def test_prune_removes_only_entries_unused_for_two_weeks(tmp_path):
    old = time.time() - 15 * 86400
    for folder in cache_entries.FOLDERS:
        (tmp_path / folder).mkdir()
        for name, when in (("stale", old), ("fresh", None)):
            path = tmp_path / folder / f"{name}.json"
            path.write_text("{}")
            if when:
                os.utime(path, (when, when))
    (tmp_path / "search.json").write_text("{}")  # not a per-study cache: left alone
    os.utime(tmp_path / "search.json", (old, old))
    assert cache_entries.prune(tmp_path) == 3
    assert sorted(p.name for f in cache_entries.FOLDERS for p in (tmp_path / f).iterdir()) == ["fresh.json"] * 3
    assert (tmp_path / "search.json").exists()
    assert cache_entries.prune(None) == 0 and cache_entries.prune(tmp_path / "nowhere") == 0


def test_a_build_keeps_what_it_used_and_drops_what_it_did_not(tmp_path):
    docs, studies = copy_demo(tmp_path)
    cache = tmp_path / ".cache"
    config = write_config(tmp_path, docs, cache_dir=cache, studies_dir=str(studies))
    build(config)
    entries = [p for f in cache_entries.FOLDERS for p in (cache / f).glob("*") if p.is_file()]
    assert {p.parent.name for p in entries} == set(cache_entries.FOLDERS)
    old = time.time() - 30 * 86400
    for path in entries:
        os.utime(path, (old, old))  # as if a month had passed since they were made
    stale = cache / "charts" / ("0" * 64 + ".json")
    stale.write_bytes(b"an entry of a study as it was before an edit")
    os.utime(stale, (old, old))
    build(config)  # recalled (publish/recall.py): nothing computed, nothing pruned
    assert stale.exists() and all(p.exists() for p in entries)
    (cache / recall.FILE_NAME).unlink()
    build(config)  # warm and computed: reads every entry it needs, which marks it used
    assert not stale.exists()
    kept = [p for p in entries if p.exists()]
    assert kept == entries  # every entry the warm build read is still there
