"""The leak gate reads a big site in one worker per core (a cold build): it reports exactly what reading
it in one process reports, in the same order, and keeps the same record of clean files."""

from __future__ import annotations

import gzip
import io
import json
import multiprocessing
import os
import random
import zipfile

import pytest

from kekpublish.anonymise import gate, scan_site

FORKS = "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) >= 2
TERMS = ["Jansen", "Yıldız Demir", "06-12345678", "lisa.brinkman88@hotmail.com", "Müller"]
KEEP = ["Stichting Jansen"]


def _site(tmp_path, seed: int):
    """Pages, an SVG, a search index in pieces, a zip with a telling member name, a gzip, a folder named
    after a term, clean files and duplicates: hits of every kind scattered over about 60 files."""
    rng = random.Random(seed)
    site = tmp_path / "site"
    words = ["het", "loket", "aanvraag", "gemeente", "Stichting Jansen", "<b>Jan</b>sen", "J a n s e n", "Jansen",
             "yıldız demir", "06-12345678", "bsn 111222333", "NL91ABNA0417164300", "lisa.brinkman88@hotmail.com",
             "p.devries@example.org", "MÜLLER", "Müllers", "—", "<td>", "</td>", "%20"]
    for i in range(60):
        folder = site / ("jansen" if i == 7 else f"s{i % 5}")
        folder.mkdir(parents=True, exist_ok=True)
        text = " ".join(rng.choice(words) if rng.random() < 0.05 else rng.choice(["het", "loket", "de"]) for _ in range(4000))
        (folder / f"p{i}.html").write_text(f"<html><body><p>{text}</p></body></html>", encoding="utf-8")
    (site / "s1" / "copy.html").write_bytes((site / "s1" / "p1.html").read_bytes())  # the same bytes twice
    (site / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>Yıldız Demir</title></svg>')
    docs = [{"location": f"p{i}/", "text": rng.choice(words) + " " + "het loket " * 2000} for i in range(120)]
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("interview-jansen.txt", "niets")
    (site / "bundle.zip").write_bytes(buffer.getvalue())
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset><loc>yildiz-demir</loc></urlset>"))
    return site


class _STATE:
    """What the stand-ins below read in a worker (forked: it has this module as the test left it)."""
    pids = None
    parent = None


_REAL_CHUNK = gate._scan_chunk


def _noting_its_process(indices):
    with open(_STATE.pids, "a") as out:
        out.write(f"{os.getpid()}\n")
    return _REAL_CHUNK(indices)


def _dying_in_a_worker(indices):
    if os.getpid() != _STATE.parent:
        os._exit(9)  # as the OOM killer would end it
    return _REAL_CHUNK(indices)


def _scan(site, cache, monkeypatch, parallel: bool):
    monkeypatch.setattr(gate, "PARALLEL_FROM", 0 if parallel else 1 << 62)
    return scan_site(site, TERMS, keep=KEEP, cache_dir=cache)


@pytest.mark.skipif(not FORKS, reason="the gate reads in one process here")
@pytest.mark.parametrize("seed", [1, 2])
def test_workers_report_what_one_process_reports(tmp_path, monkeypatch, seed):
    site = _site(tmp_path, seed)
    alone = _scan(site, tmp_path / "alone", monkeypatch, parallel=False)
    monkeypatch.setattr(gate, "_scan_chunk", _noting_its_process)
    monkeypatch.setattr(_STATE, "pids", tmp_path / "pids")
    together = _scan(site, tmp_path / "together", monkeypatch, parallel=True)
    pids = set((tmp_path / "pids").read_text().split())
    assert pids and str(os.getpid()) not in pids  # the chunks were read in other processes
    assert together == alone
    assert {leak.kind for leak in alone} == {"term", "path"} and len(alone) > 60  # every kind of hit is there
    for name in ("gate-clean.json", "gate-words.json"):
        assert (tmp_path / "together" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes()


@pytest.mark.skipif(not FORKS, reason="the gate reads in one process here")
def test_a_worker_that_dies_costs_time_not_a_hit(tmp_path, monkeypatch):
    site = _site(tmp_path, 3)
    alone = _scan(site, None, monkeypatch, parallel=False)
    monkeypatch.setattr(gate, "_scan_chunk", _dying_in_a_worker)
    monkeypatch.setattr(_STATE, "parent", os.getpid())
    assert _scan(site, None, monkeypatch, parallel=True) == alone


def test_a_piece_is_clean_by_what_it_holds_not_by_what_the_report_already_had(tmp_path):
    """A term in two pieces of the search index: the second piece's hit is the same line of the report as
    the first's, but that piece is not clean. Once the first is fixed, the second is still reported (it was
    recorded clean before, and the next build passed it unread)."""
    site = tmp_path / "site"
    site.mkdir()
    docs = [{"location": f"p{i}/", "text": "het loket " * 2000} for i in range(40)]
    docs[3]["text"] += " Jansen"
    docs[30]["text"] += " Jansen"
    index = site / "search_index.json"
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    cache = tmp_path / "cache"
    assert [leak.file for leak in scan_site(site, ["Jansen"], cache_dir=cache)] == ["search_index.json"]
    docs[3]["text"] = "het loket " * 2000
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    assert [leak.file for leak in scan_site(site, ["Jansen"], cache_dir=cache)] == ["search_index.json"]
    docs[30]["text"] = "het loket " * 2000
    index.write_text(json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    assert scan_site(site, ["Jansen"], cache_dir=cache) == []
