"""The compact copy of deduce's lookup structures answers exactly what deduce's own do.

kekpublish.anonymise.deduce_load starts deduce from a compact copy of its lookup
lists (a fraction of deduce's start-up). A copy that answered differently would
change what is found in a text, so the copy is checked against deduce itself:
trie by trie on lookups, and end to end on real texts (the demo's narratives, the
anonymiser's test corpus and generated bench prose).
"""
from __future__ import annotations

import gc
import importlib.util
import random
from pathlib import Path

import pytest
from docdeid.ds.ds import DsCollection
from docdeid.ds.lookup import LookupSet, LookupTrie
from docdeid.str.processor import LowercaseString

from kekpublish.anonymise import deduce_load, nlp

ROOT = Path(__file__).resolve().parents[2]


def _trie(items, pipeline=None) -> LookupTrie:
    trie = LookupTrie(matching_pipeline=pipeline)
    for item in items:
        trie.add_item(item)
    return trie


ITEMS = [["Kerkstraat"], ["Van", "der", "Waalsstraat"], ["Van", "der"], ["Dorpsstraat", "Oost"],
         ["De", "Ruyterstraat"], ["Jan"], ["Jan", "van", "Galenstraat"], ["Jansen"]]


@pytest.mark.parametrize("pipeline", [None, [LowercaseString()]])
def test_flat_trie_answers_like_lookup_trie(pipeline):
    items = [[t.lower() for t in item] for item in ITEMS] if pipeline else ITEMS
    real = _trie(items, pipeline)
    flat = deduce_load.flat_trie_class()(pipeline, *deduce_load.flatten(real))
    assert isinstance(flat, LookupTrie)  # deduce checks the type
    assert set(flat.children.keys()) == set(real.children.keys())
    words = sorted({t for item in ITEMS for t in item} | {"van", "der", "de", "Oost", "\x00", "x\x00y", ""})
    rng = random.Random(5)
    queries = [item for item in ITEMS] + [[w.upper() for w in item] for item in ITEMS]
    queries += [[rng.choice(words) for _ in range(rng.randint(0, 5))] for _ in range(3000)]
    for q in queries:
        assert (q in flat) == (q in real), q
        for start in range(len(q) + 1):
            assert flat.longest_matching_prefix(q, start_i=start) == real.longest_matching_prefix(q, start_i=start), (q, start)
    # walking the nodes gives the same tree
    def walk(node, depth=0):
        return (node.is_terminal, {k: walk(node.children[k], depth + 1) for k in sorted(node.children)}) if depth < 6 else None
    assert walk(flat) == walk(real)
    assert items[0][0] in flat.children and "Nergensstraat" not in flat.children


def test_copy_round_trip_and_refusal(tmp_path, monkeypatch):
    lookup = LookupSet()
    lookup.add_items_from_iterable(["de", "het"])
    structs = DsCollection(stop_word=lookup, street=_trie(ITEMS), healthcare_institution=_trie([["Ziekenhuis"]]))
    path = deduce_load.copy_path(tmp_path)
    deduce_load.write_copy(structs, path)
    back = deduce_load.read_copy(path)
    assert set(back) == set(structs)
    assert "de" in back["stop_word"] and "zus" not in back["stop_word"]
    assert ["Van", "der", "Waalsstraat"] in back["street"] and ["Van"] not in back["street"]
    # the institutions' trie is not kept: kekpublish never runs the annotators that read it
    assert ["Ziekenhuis"] not in back["healthcare_institution"] and not list(back["healthcare_institution"].children)
    # the word lists alone: no street trie, the same sets
    words = deduce_load.read_copy(path, word_lists_only=True)
    assert "street" not in words and "de" in words["stop_word"]
    # another deduce or docdeid: the copy is not used
    monkeypatch.setattr(deduce_load, "_versions", lambda: "deduce=0;docdeid=0")
    assert deduce_load.read_copy(path) is None
    monkeypatch.undo()
    # a damaged copy is not used
    path.write_bytes(path.read_bytes()[:100])
    assert deduce_load.read_copy(path) is None
    assert deduce_load.read_copy(tmp_path / "missing.bin") is None


def test_the_copy_key_names_the_versions(tmp_path, monkeypatch):
    first = deduce_load.copy_path(tmp_path)
    monkeypatch.setattr(deduce_load, "_versions", lambda: "deduce=9.9.9;docdeid=1.0.1")
    assert deduce_load.copy_path(tmp_path) != first


def _texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        body = path.read_text("utf-8").split("\n---\n", 1)[-1]
        texts += [p for p in body.split("\n\n") if len(p.split()) > 3]
    spec = importlib.util.spec_from_file_location("kek_corpus", ROOT / "tests" / "anonymise" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    texts += [case[0] for case in corpus.CASES]
    spec = importlib.util.spec_from_file_location("kek_bench_generate", ROOT / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    rng = random.Random(3)
    for i, key in enumerate(generate.EVENTS):
        body = generate.narrative_body(rng, generate.EVENTS[key], "Marloes", "Verbeek", "Mevrouw K.", 2025, words=250)
        texts += body.split("\n\n")
    texts.append("Ze woont aan de Van der Waalsstraat 3 in Den Haag, vlak bij het Erasmus MC en de Jan van Galenstraat.")
    return texts


@pytest.fixture(scope="module")
def engines():
    """deduce as it starts itself, and as kekpublish starts it from the compact copy."""
    deduce = nlp._import_deduce()
    cache = nlp.deduce_cache_dir()
    gc.disable()
    try:
        plain = deduce.Deduce(cache_path=cache, config=nlp.DEDUCE_CONFIG)
        deduce_load.write_copy(plain.lookup_structs, deduce_load.copy_path(cache))
        compact = deduce_load.load(deduce, cache, nlp.DEDUCE_CONFIG)
    finally:
        gc.freeze()  # as nlp.engine(): the collector leaves deduce's millions of objects alone
        gc.enable()
    assert deduce_load.LAST == "compact"
    return plain, compact


def test_compact_deduce_finds_what_deduce_finds(engines, monkeypatch):
    plain, compact = engines
    texts = _texts()
    assert len(texts) > 60
    found = 0
    for text in texts:
        a = [(x.start_char, x.end_char, x.tag, x.text) for x in plain.deidentify(text, disabled=nlp._DISABLED).annotations.sorted(by=("start_char",))]
        b = [(x.start_char, x.end_char, x.tag, x.text) for x in compact.deidentify(text, disabled=nlp._DISABLED).annotations.sorted(by=("start_char",))]
        assert a == b, text
        found += len(a)
    assert found > 50  # the texts do carry names, places and dates
    # and kekpublish's analysis on top of deduce (which also asks deduce's word lists) is the same
    for text in texts:
        monkeypatch.setattr(nlp, "_engine", plain)
        _clear_word_caches()
        want = nlp.analyse(text)
        monkeypatch.setattr(nlp, "_engine", compact)
        _clear_word_caches()
        assert nlp.analyse(text) == want, text
    # every lookup list kekpublish or deduce reads answers the same for the texts' words,
    # in the compact engine and in the word lists read without deduce
    words = {w.strip(".,;:!?\"'()") for t in texts for w in t.split()} - {""}
    lists = deduce_load.word_lists(nlp.deduce_cache_dir())
    assert {"first_name", "surname", "stop_word", "common_word", "whitelist"} <= set(lists)
    for name, struct in plain.lookup_structs.items():
        if name in deduce_load.UNUSED:
            continue
        others = [compact.lookup_structs[name]] + ([lists[name]] if name in lists else [])
        for w in words:
            for form in (w, w.lower(), w.capitalize()):
                probe = [form] if isinstance(struct, LookupTrie) else form
                for other in others:
                    assert (probe in other) == (probe in struct), (name, form)


def test_word_lookups_need_no_deduce(engines, monkeypatch):
    """Looking a word up (is it a first name, an ordinary word) reads the word lists, not deduce."""
    deduce_load.word_lists(nlp.deduce_cache_dir())  # the copy exists after any deduce start
    monkeypatch.setattr(nlp, "_engine", None)
    monkeypatch.setattr(nlp, "engine", lambda: pytest.fail("deduce started for a word lookup"))
    assert nlp._lookup("first_name", "Karin") and not nlp._lookup("first_name", "fiets")
    assert nlp._lookup("stop_word", "de")


def _clear_word_caches():
    try:
        from kekpublish.anonymise import words
    except ImportError:
        return
    for value in vars(words).values():
        if hasattr(value, "cache_clear"):
            value.cache_clear()
