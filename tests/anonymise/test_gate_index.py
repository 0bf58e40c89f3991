"""The gate's term index (one pass, whatever the number of terms) and its record of clean files."""

from __future__ import annotations

import pytest

from kekpublish.anonymise import gate, scan_site
from kekpublish.anonymise.fold import fold
from kekpublish.anonymise.terms import LOOSE_SEP, TermIndex, TermMatcher, loose

TERMS = ["Jansen", "Jenny Jansen", "lisa.brinkman88@hotmail.com", "14 augustus 2026", "Esdoornstraat 23", "8021 WB", "Yıldız"]


def found(text: str) -> set[str]:
    return {term for _, _, term in TermIndex(TERMS).search(loose(fold(text)))}


@pytest.mark.parametrize("text", [
    "Meneer Jansens dochter belde.",
    "Jansen's dochter",
    "zie /jenny-jansen/ en Jenny\n  Jansen",
    "mail lisa.brinkman88@hotmail.com nu",
    "op 14 augustus 2026 aan de Esdoornstraat 23, 8021 wb",
    "Mevrouw Yildiz",
    "Ajansen en Jansenweg en brinkman88",  # inside longer words: no hit
])
def test_index_finds_what_the_regex_finds(text):
    regex = {term for _, _, term in TermMatcher(TERMS, sep=LOOSE_SEP).search_folded(fold(text))}
    assert found(text) == regex


def test_index_takes_loose_separators_inside_a_term_too():
    index = TermIndex(["06-28 41 97 63"])
    assert len(index.search(loose(fold("bel 06 28 41 97 63 of 06-28-41-97-63 of 06.28.41.97.63")))) == 3
    assert index.search(loose(fold("bel 06284197630"))) == []


def test_clean_files_are_not_read_again(tmp_path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "a.html").write_text("<p>Niets bijzonders.</p>", encoding="utf-8")
    (site / "b.html").write_text("<p>Ook niets.</p>", encoding="utf-8")
    assert scan_site(site, ["Jansen"], cache_dir=cache) == []
    reads = []
    original = gate._read
    monkeypatch.setattr(gate, "_read", lambda data, rel: (reads.append(rel), original(data, rel))[1])
    (site / "b.html").write_text("<p>Groeten van Jansen.</p>", encoding="utf-8")
    leaks = scan_site(site, ["Jansen"], cache_dir=cache)
    assert reads == ["b.html"] and [leak.file for leak in leaks] == ["b.html"]
    reads.clear()
    assert len(scan_site(site, ["Jansen"], cache_dir=cache)) == 1 and reads == ["b.html"]  # a leak is never recorded as clean
    reads.clear()
    # a new term: only the files it could be in are read again (b.html was never clean; a.html has no "pietersen")
    assert scan_site(site, ["Pietersen"], cache_dir=cache) == [] and sorted(reads) == ["b.html"]
    reads.clear()
    assert [leak.file for leak in scan_site(site, ["Pietersen", "Bijzonders"], cache_dir=cache)] == ["a.html"]
    assert sorted(reads) == ["a.html"]  # its words hold "bijzonders": read again, and the new term found


def test_a_bare_short_number_is_never_a_leak_term(tmp_path):
    """deduce sometimes takes a house number alone for an address; "10" is in every table and icon."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.svg").write_text('<svg><path d="m19 6 41 17 59 5 10 12"/></svg>', encoding="utf-8")
    assert scan_site(site, ["10", "12 5"]) == []
    assert scan_site(site, ["06-12345678", "Jansen 10"]) == []
    (site / "b.html").write_text("<p>bel 06-12345678</p>", encoding="utf-8")
    assert [leak.file for leak in scan_site(site, ["06-12345678"])] == ["b.html"]
