"""The leak gate's record of clean files survives a change of terms: only files a new term could be in
are read again. Whatever the record holds, a scan with it finds exactly what a scan without it finds."""

from __future__ import annotations

import json
import random

import pytest

from kekpublish.anonymise import gate, scan_site


def _reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    original = gate._read
    monkeypatch.setattr(gate, "_read", lambda data, rel: (reads.append(rel), original(data, rel))[1])
    return reads


def _site(tmp_path, files: dict[str, str]):
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    for name, text in files.items():
        (site / name).write_text(text, encoding="utf-8")
    return site


def test_a_new_term_spelled_apart_in_a_clean_file_is_found(tmp_path, monkeypatch):
    site = _site(tmp_path, {"a.html": "<p>Gesprek met J a n s e n over het loket.</p>", "b.html": "<p>Niets.</p>"})
    cache = tmp_path / "cache"
    assert scan_site(site, ["Pietersen"], cache_dir=cache) == []
    reads = _reads(monkeypatch)
    assert [leak.file for leak in scan_site(site, ["Pietersen", "Jansen"], cache_dir=cache)] == ["a.html"]
    assert reads == ["a.html"]


def test_a_new_term_that_opens_a_window_around_a_spelled_apart_run_reads_the_file_again(tmp_path, monkeypatch):
    """An old term next to a spelled-apart run that joins into a new term's word ("a n n a"): the window
    the new term opens holds the old term cut out of a longer word; the file must be read again."""
    site = _site(tmp_path, {"a.txt": "xx a n n a yy"})
    cache = tmp_path / "cache"
    assert scan_site(site, ["Pietersen"], cache_dir=cache) == []
    reads = _reads(monkeypatch)
    scan_site(site, ["Pietersen", "Anna Smit"], cache_dir=cache)
    assert reads == ["a.txt"]


def test_removed_terms_keep_every_file_clean_unread(tmp_path, monkeypatch):
    site = _site(tmp_path, {"a.html": "<p>Niets bijzonders.</p>", "b.html": "<p>Ook niets.</p>"})
    cache = tmp_path / "cache"
    assert scan_site(site, ["Jansen", "Pietersen"], cache_dir=cache) == []
    reads = _reads(monkeypatch)
    assert scan_site(site, ["Jansen"], cache_dir=cache) == [] and reads == []
    assert scan_site(site, ["Jansen", "Visser"], cache_dir=cache) == [] and reads == []


def test_a_kept_name_never_hides_an_overlapping_term():
    """'Anna Berg' inside the kept 'Huize Anna Berg' is dropped before overlapping hits are thinned out, so
    'Berg Jansen' that overlaps it is reported (before, the kept hit won the overlap and both were gone)."""
    searcher = gate._Searcher(sorted(["Anna Berg", "Berg Jansen"]), ["Huize Anna Berg"])
    assert [term for term, _ in searcher.hits("Dit is Huize Anna Berg Jansen.")] == ["Berg Jansen"]
    assert list(searcher.hits("Dit is Huize Anna Berg.")) == []


def test_the_record_holds_no_term(tmp_path):
    site = _site(tmp_path, {"a.html": "<p>Niets bijzonders over het loket.</p>"})
    cache = tmp_path / "cache"
    scan_site(site, ["Yasmina Dirksen"], cache_dir=cache)
    for path in cache.iterdir():
        text = path.read_text("utf-8").lower()
        assert "yasmina" not in text and "dirksen" not in text
    words = json.loads((cache / "gate-words.json").read_text("utf-8"))
    assert "bijzonders" in next(iter(words["words"].values()))[0]


def test_a_damaged_or_foreign_record_only_costs_a_rescan(tmp_path, monkeypatch):
    site = _site(tmp_path, {"a.html": "<p>Niets.</p>"})
    cache = tmp_path / "cache"
    scan_site(site, ["Jansen"], cache_dir=cache)
    (cache / "gate-words.json").write_text('{"key": "x"', encoding="utf-8")
    reads = _reads(monkeypatch)
    assert scan_site(site, ["Jansen", "Niets"], cache_dir=cache) != [] and reads == ["a.html"]


WORDS = ["Jansen", "jansen's", "Jansens", "J a n s e n", "Anna", "a n n a", "Anna Berg", "Berg", "Smit", "de Vries",
         "Huize Anna Berg", "het", "loket", "aanvraag", "Yıldız", "Yildiz", "Müller", "muller", "06-12345678",
         "lisa.brinkman88@hotmail.com", "<b>Jan</b>sen", "Jan", "Pietersen", "Bakker", "Visser", "p e t r a", "Petra"]
TERMS = ["Jansen", "Anna", "Anna Berg", "Berg Jansen", "Smit", "de Vries", "Yıldız", "Müller", "06-12345678", "Jan",
         "Pietersen", "Bakker", "Visser", "Petra", "lisa.brinkman88@hotmail.com", "Jan Jansen"]


def _leaks(leaks) -> list[tuple[str, str, str, str]]:
    return sorted((leak.file, leak.term, leak.context, leak.kind) for leak in leaks)


@pytest.mark.parametrize("seed", range(5))
def test_with_the_record_the_gate_finds_exactly_what_it_finds_without(tmp_path, seed):
    """Random files, random changes of terms (added, removed, both) and of files: each scan with the
    record finds the same leaks as a scan without one."""
    rng = random.Random(seed)
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()

    def text() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12)))

    for i in range(12):
        (site / f"p{i}.html").write_text(f"<p>{text()}</p>", encoding="utf-8")
    found = 0
    for _round in range(12):
        terms = rng.sample(TERMS, rng.randint(0, 5))
        if rng.random() < 0.3:
            (site / f"p{rng.randrange(12)}.html").write_text(f"<p>{text()}</p>", encoding="utf-8")
        expected = _leaks(scan_site(site, terms, keep=["Huize Anna Berg"]))
        assert _leaks(scan_site(site, terms, keep=["Huize Anna Berg"], cache_dir=cache)) == expected, terms
        found += len(expected)
    assert found > 10


def _search_index(texts: list[str]) -> str:
    """A search index as Material writes it (config, then one doc per section), big enough to be read in pieces."""
    docs = [{"location": f"studie/narratieven/r{i:02d}/#deel", "title": f"Deel {i}", "text": f"<p>{t}</p>"}
            for i, t in enumerate(texts)]
    return json.dumps({"config": {"lang": ["nl"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
                       "docs": docs})


@pytest.mark.parametrize("seed", range(4))
def test_a_big_search_index_read_in_pieces_gives_what_reading_it_whole_gives(tmp_path, seed):
    rng = random.Random(seed)
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "search").mkdir(parents=True)
    filler = " ".join(["het loket en de aanvraag"] * 60)

    def text() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8))) + " " + filler

    texts = [text() for _ in range(200)]
    index = site / "search" / "search_index.json"
    found = 0
    for _round in range(8):
        for _ in range(rng.randint(0, 3)):
            texts[rng.randrange(len(texts))] = text()
        index.write_text(_search_index(texts), encoding="utf-8")
        assert gate._json_pieces(index.read_bytes()) is not None  # the pieces route is the one tested
        terms = rng.sample(TERMS, rng.randint(1, 5))
        expected = {(leak.file, leak.term, leak.kind) for leak in scan_site(site, terms)}  # no cache: read whole
        got = {(leak.file, leak.term, leak.kind) for leak in scan_site(site, terms, cache_dir=cache)}
        assert got == expected, terms
        found += len(expected)
    assert found > 3


def test_after_one_edit_only_the_changed_entry_of_the_search_index_is_read(tmp_path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "search").mkdir(parents=True)
    texts = [f"Gesprek {i} over het loket en de aanvraag. " * 40 for i in range(300)]
    index = site / "search" / "search_index.json"
    index.write_text(_search_index(texts), encoding="utf-8")
    assert scan_site(site, ["Jansen"], cache_dir=cache) == []
    texts[123] = texts[123] + " Mevrouw Jansen belde terug."  # a leak, at the very end of one entry
    index.write_text(_search_index(texts), encoding="utf-8")
    sizes: list[int] = []
    original = gate._read
    monkeypatch.setattr(gate, "_read", lambda data, rel: (sizes.append(len(data)), original(data, rel))[1])
    leaks = scan_site(site, ["Jansen"], cache_dir=cache)
    assert [leak.file for leak in leaks] == ["search/search_index.json"]
    assert len(sizes) == 1 and sizes[0] < index.stat().st_size / 100  # the one entry that changed, not the 300 others
    sizes.clear()
    assert scan_site(site, ["Jansen"], cache_dir=cache) != []  # a piece with a leak is never recorded clean
    assert len(sizes) == 1


def test_pieces_join_into_the_file_and_never_cut_a_string():
    texts = ['een "quote", met komma\'s, {accolades} en [haken] ' * 20, "Jan\\u00ebtte " * 50, "</p>,<p>" * 80] * 200
    data = _search_index(texts).encode("utf-8")
    pieces = gate._json_pieces(data)
    assert pieces and b"".join(pieces) == data and len(pieces) > 600
    for piece in pieces[1:-1]:
        assert piece.lstrip().startswith((b"{", b'"')), piece[:40]
        assert piece.endswith(b"},") or piece.endswith(b","), piece[-40:]
    assert gate._json_pieces(b"[" + b"1," * 200_000 + b"1]") is None  # nothing at the second level to cut
    assert gate._json_pieces(data[:-1]) is None  # not valid JSON: read whole
    assert gate._json_pieces(b'{"a": 1}') is None  # small: read whole


def test_a_scan_that_records_no_words_keeps_the_records_of_the_others(tmp_path, monkeypatch):
    """A search index whose entries only moved is recorded clean without reading a word (its pieces are
    known): the words of every other clean file must stay, or the next new term rereads the whole site."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "search").mkdir(parents=True)
    pages = {f"p{i}.html": f"<p>Gesprek {i} over het loket.</p>" for i in range(20)}
    for name, text in pages.items():
        (site / name).write_text(text, encoding="utf-8")
    texts = [f"Gesprek {i} over het loket en de aanvraag. " * 40 for i in range(300)]
    index = site / "search" / "search_index.json"
    index.write_text(_search_index(texts), encoding="utf-8")
    assert scan_site(site, ["Jansen"], cache_dir=cache) == []
    docs = json.loads(index.read_text("utf-8"))
    docs["docs"][10], docs["docs"][20] = docs["docs"][20], docs["docs"][10]  # two entries swapped: every piece known
    index.write_text(json.dumps(docs), encoding="utf-8")
    reads = _reads(monkeypatch)
    assert scan_site(site, ["Jansen"], cache_dir=cache) == [] and reads == []
    assert scan_site(site, ["Jansen", "Koster"], cache_dir=cache) == []  # a new term: only what it could be in
    assert not any(name.startswith("p") and name.endswith(".html") for name in reads), reads


def test_two_scans_of_parts_of_a_site_keep_the_words_of_both(tmp_path, monkeypatch):
    """The plugin scans the pages while the PNG/PDF files convert, then those files. The second scan must
    not drop the first one's record of words: without it the first change of terms after a cold build
    read every page again (a new name in one narrative cost a rescan of the whole site)."""
    site = _site(tmp_path, {"a.html": "<p>Gesprek over het loket.</p>", "b.txt": "Niets bijzonders hier."})
    cache = tmp_path / "cache"
    assert scan_site(site, ["Pietersen"], cache_dir=cache, skip=lambda rel: rel == "b.txt", partial=True) == []
    assert scan_site(site, ["Pietersen"], cache_dir=cache, skip=lambda rel: rel == "a.html", partial=True) == []
    reads = _reads(monkeypatch)
    assert scan_site(site, ["Pietersen", "Wilhelmina van Oosterhout"], cache_dir=cache) == []
    assert reads == []  # both files carried over unread: no new term can be in them
    (site / "a.html").write_text("<p>Gesprek met Wilhelmina van Oosterhout.</p>", encoding="utf-8")
    assert [leak.file for leak in scan_site(site, ["Pietersen", "Wilhelmina van Oosterhout"], cache_dir=cache)] == ["a.html"]


def test_a_whole_scan_drops_the_words_of_files_that_left_the_site(tmp_path):
    site = _site(tmp_path, {"a.html": "<p>Een.</p>", "b.html": "<p>Twee.</p>"})
    cache = tmp_path / "cache"
    assert scan_site(site, ["Pietersen"], cache_dir=cache) == []
    (site / "b.html").unlink()
    (site / "c.html").write_text("<p>Drie.</p>", encoding="utf-8")
    assert scan_site(site, ["Pietersen"], cache_dir=cache) == []
    words = json.loads((cache / "gate-words.json").read_text("utf-8"))["words"]
    assert len(words) == 2  # a and c; b's words went with it
