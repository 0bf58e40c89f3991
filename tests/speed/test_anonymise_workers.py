"""Studies the study cache does not hold are anonymised in worker processes (publish/anonymised.py,
_in_workers): the site is the one built in one process, byte for byte; what the workers analysed is
in the span cache afterwards; a study that fails in a worker is told as a problem, without a
traceback, and the others are still published."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitebuild import build, copy_demo, write_config
from kekpublish.anonymise import nlp
from kekpublish.publish import anonymised

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                                reason="workers fork, one per core")


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def spy(monkeypatch):
    """How many studies the workers anonymised, per call of _in_workers."""
    calls: list[int] = []
    real = anonymised._in_workers

    def counted(work, options, roots):
        out = real(work, options, roots)
        calls.append(sum(not isinstance(v, Exception) for v in out.values()))
        return out

    monkeypatch.setattr(anonymised, "_in_workers", counted)
    return calls


def test_workers_build_the_same_site(tmp_path, monkeypatch, spy):
    docs, studies = copy_demo(tmp_path / "a")
    config = write_config(tmp_path / "a", docs, studies_dir=str(studies), cache_dir=tmp_path / "a" / "cache")
    in_workers = build(config)
    assert spy == [2]  # the demo's two studies, each in a worker
    real_in_workers = anonymised._in_workers  # the spy
    monkeypatch.setattr(anonymised, "_in_workers", lambda work, options, roots: {})
    docs, studies = copy_demo(tmp_path / "b")
    alone = build(write_config(tmp_path / "b", docs, studies_dir=str(studies), cache_dir=tmp_path / "b" / "cache"))
    a, b = _files(in_workers), _files(alone)
    assert a.keys() == b.keys()
    differ = [rel for rel in a if a[rel] != b[rel] and not rel.endswith(".pdf")]
    assert differ == []
    # what the workers analysed was written to the span cache: without the record of the last build and
    # the study cache (the demo's studies have ordinary pages: never in it), the studies are anonymised
    # in workers again, and deduce is asked nothing (the workers' analyses are counted here)
    cache = tmp_path / "a" / "cache"
    for entry in [*cache.rglob("studies/*.json"), cache / "last-build.pickle"]:
        entry.unlink(missing_ok=True)
    before = nlp.ANALYSES
    monkeypatch.setattr(anonymised, "_in_workers", real_in_workers)
    build(config)
    assert spy == [2, 2] and nlp.ANALYSES == before
    spans = json.loads(next((tmp_path / "a" / "cache").rglob("anonymise-cache.json")).read_text("utf-8"))
    assert len(spans["entries"]) > 50


def test_a_study_failing_in_a_worker_is_told(tmp_path, monkeypatch, spy, caplog):
    real = anonymised._anonymise_study

    def failing(study, rules, options, roots, **kw):
        if study.folder.endswith("2026"):
            raise ValueError("kapot in de worker")
        return real(study, rules, options, roots, **kw)

    monkeypatch.setattr(anonymised, "_anonymise_study", failing)  # the workers fork after this: they have it too
    docs, studies = copy_demo(tmp_path)
    with pytest.raises(Exception):
        build(write_config(tmp_path, docs, studies_dir=str(studies), cache_dir=tmp_path / "cache"))
    assert spy == [1]  # the other study was anonymised in its worker
    message = caplog.text
    assert "gezinsuitbreiding-2026/study.md" in message and "ValueError: kapot in de worker" in message
    assert "Traceback" not in message and "_WorkerError" not in message
    assert not (tmp_path / "site").exists()
