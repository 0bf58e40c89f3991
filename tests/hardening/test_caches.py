"""Damaged anonymisation caches are detected and rebuilt; a damaged cache never publishes an unanonymised text (issue 11.9)."""

from __future__ import annotations

import dataclasses
import errno
import json
import logging

import pytest

from kekpublish.anonymise import Replacement
from kekpublish.anonymise.cache import CACHE_FILE, SpanCache
from kekpublish.publish import study_cache

SPANS = {"spans": [[0, 10, "person", {"common": False}], [20, 29, "location", {}]]}


def _span_cache(tmp_path) -> SpanCache:
    cache = SpanCache(tmp_path)
    cache.put(cache.key("block", "Jan Jansen woont in Dordrecht"), SPANS)
    cache.put(cache.key("term", "Jansen"), {"person": True, "common": False})
    cache.save()
    return cache


def _rewrite(path, change) -> None:
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data), "utf-8")


def test_span_cache_round_trip(tmp_path) -> None:
    key = _span_cache(tmp_path).key("block", "Jan Jansen woont in Dordrecht")
    assert SpanCache(tmp_path).get(key) == SPANS


@pytest.mark.parametrize("damage, damaged", [
    (lambda d: [e[1].__setitem__("spans", []) for e in d["entries"].values() if "spans" in e[1]], {"block"}),  # findings emptied
    (lambda d: [e[1]["spans"][0].__setitem__(1, 3) for e in d["entries"].values() if "spans" in e[1]], {"block"}),  # a span shortened
    (lambda d: [e[1].__setitem__("person", False) for e in d["entries"].values() if "person" in e[1]], {"term"}),
    (lambda d: [e.__setitem__(1, "spans") for e in d["entries"].values()], {"block", "term"}),  # wrong types
    (lambda d: [e.__setitem__(1, {"spans": [["0", "10", "person", {}]]}) for e in d["entries"].values()], {"block", "term"}),
    (lambda d: d.__setitem__("entries", [1, 2, 3]), {"block", "term"}),
    (lambda d: [d["entries"].__setitem__(k, SPANS) for k in list(d["entries"])], {"block", "term"}),  # no hash
])
def test_a_damaged_span_cache_entry_is_never_used(tmp_path, damage, damaged) -> None:
    cache = _span_cache(tmp_path)
    _rewrite(tmp_path / CACHE_FILE, damage)
    fresh = SpanCache(tmp_path)
    block = fresh.get(cache.key("block", "Jan Jansen woont in Dordrecht"))
    term = fresh.get(cache.key("term", "Jansen"))
    assert (block is None) == ("block" in damaged) and (term is None) == ("term" in damaged)
    assert block in (None, SPANS) and term in (None, {"person": True, "common": False})
    fresh.put(cache.key("term", "Jansen"), {"person": True, "common": False})
    fresh.save()  # a damaged file is replaced, not a crash
    assert SpanCache(tmp_path).get(cache.key("term", "Jansen")) == {"person": True, "common": False}


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"config": 1, "entries"', b"\x00\xff" * 50])
def test_garbage_in_the_span_cache_file_is_an_empty_cache(tmp_path, content) -> None:
    (tmp_path / CACHE_FILE).write_bytes(content)
    cache = SpanCache(tmp_path)
    assert cache.get(cache.key("term", "Jansen")) is None


def _payload() -> dict:
    doc = {"meta": {"title": "Gesprek"}, "body": "[persoon A] belde."}
    return {"study": {"study": doc, "narratives": [doc], "visits": [], "actionplan": None},
            "replacements": [Replacement("r01.md", 3, "body", "person", "Jan Jansen", "[persoon A]")],
            "leak_terms": ["Jan Jansen"], "problems": [["r01.md", 3, "body", "info text", "info"]]}


def _entry_path(tmp_path):
    return tmp_path / "studies" / "abc.json"


def test_study_cache_round_trip(tmp_path) -> None:
    study_cache.store(tmp_path, "abc", _payload())
    loaded = study_cache.load(tmp_path, "abc")
    assert loaded["replacements"] == _payload()["replacements"] and loaded["leak_terms"] == ["Jan Jansen"]


@pytest.mark.parametrize("damage", [
    lambda d: d["payload"].__setitem__("leak_terms", []),                                     # findings gone
    lambda d: d["payload"].__setitem__("replacements", []),
    lambda d: d["payload"]["study"]["narratives"][0].__setitem__("body", "Jan Jansen belde."),  # the raw text
    lambda d: d["payload"].__setitem__("replacements", "x"),                                  # wrong types
    lambda d: d["payload"]["replacements"][0].pop("original"),
    lambda d: d.pop("sha256"),
    lambda d: d.__setitem__("payload", [1]),
])
def test_a_damaged_study_cache_entry_is_removed_and_rebuilt(tmp_path, damage) -> None:
    study_cache.store(tmp_path, "abc", _payload())
    _rewrite(_entry_path(tmp_path), damage)
    assert study_cache.load(tmp_path, "abc") is None
    assert not _entry_path(tmp_path).exists()


def test_a_consistent_entry_whose_findings_are_gone_is_refused(tmp_path) -> None:
    payload = _payload()
    payload["leak_terms"] = []  # even with a matching hash: replacements no term guards
    study_cache.store(tmp_path, "abc", payload)
    assert study_cache.load(tmp_path, "abc") is None


@pytest.mark.parametrize("content", [b"", b"{", b'{"sha256": 5}', b"\xff\xfe\x00"])
def test_garbage_or_truncated_study_cache_files(tmp_path, content) -> None:
    study_cache.store(tmp_path, "abc", _payload())
    data = _entry_path(tmp_path).read_bytes()
    _entry_path(tmp_path).write_bytes(content or data[: len(data) // 2])
    assert study_cache.load(tmp_path, "abc") is None


def test_an_unwritable_study_cache_is_a_warning(tmp_path, monkeypatch, caplog) -> None:
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(study_cache.os, "replace", full)
    with caplog.at_level(logging.WARNING, logger="kekpublish"):
        study_cache.store(tmp_path, "abc", _payload())
    assert "cannot be written" in caplog.text and "No space left" in caplog.text
    assert not list((tmp_path / "studies").glob("*.tmp"))


def test_a_damaged_cache_never_publishes_an_unanonymised_text(tmp_path, example_study) -> None:
    """A real pipeline run: every cache entry of a warm build damaged (raw text in, findings out) changes nothing."""
    from kekpublish.publish import pipeline
    from kekpublish.publish.options import Options

    docs = example_study.parent
    options = Options(cache_dir=tmp_path / "cache", exports=False)
    first = pipeline.run(docs, options)
    assert first.ok and first.anonymised.leak_terms
    raw = {n.source.rel: n.source.body for s in pipeline.check(docs, options).site.studies for n in s.narratives}
    published = {n.source.rel: n.source.body for s in first.anonymised.site.studies for n in s.narratives}
    assert raw != published
    entries = list((tmp_path / "cache" / "studies").glob("*.json"))
    assert entries
    for entry in entries:
        def damage(d):
            d["payload"]["leak_terms"] = []
            d["payload"]["replacements"] = []
            for doc, rel in zip(d["payload"]["study"]["narratives"], raw):
                doc["body"] = raw[rel]
        _rewrite(entry, damage)
    span_file = tmp_path / "cache" / CACHE_FILE
    _rewrite(span_file, lambda d: [e[1].__setitem__("spans", []) for e in d["entries"].values() if "spans" in e[1]])

    again = pipeline.run(docs, options)
    assert again.ok
    assert {n.source.rel: n.source.body for s in again.anonymised.site.studies for n in s.narratives} == published
    assert again.anonymised.leak_terms == first.anonymised.leak_terms
    assert [dataclasses.astuple(r) for r in again.anonymised.replacements] == [dataclasses.astuple(r) for r in first.anonymised.replacements]
