"""Names no list holds, and ordinary Dutch that is no name: told by sentence structure and word
frequencies, tested on names drawn from Faker's providers (not written here).

- a pair of capitalised words, each frequent in Dutch but none a Dutch word by wordfreq (more
  frequent in English or French) and in none of deduce's lists: "Hugh Savage", mid-sentence, at the
  start before a verb, in apposition;
- a surname alone at the start of a sentence before a verb, named nowhere else ("Picard regelde");
- a surname in capitals inside a case code, named nowhere else ("2026-118-VOS");
- and what must stay: an institution after an article or with a genitive "der", a Dutch noun
  starting a sentence before a preposition, sentences of wordfreq's frequent Dutch words.
"""
from __future__ import annotations

import itertools
import zlib
import random
import sys
from pathlib import Path

import pytest

from kekpublish.anonymise import Anonymiser, Rules
from kekpublish.anonymise.words import is_dutch_word, plausible_identifier

from .conftest import contains

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import anonymisation as corpus  # noqa: E402  (bench/anonymisation.py: the generators)


def _anonymise(text: str) -> tuple[str, Anonymiser]:
    a = Anonymiser(Rules(language="nl"))  # a study of one text: the name is named nowhere else
    a.markdown(text, file="x.md", first_line=1)
    a.begin_final_pass()
    return a.markdown(text, file="x.md", first_line=1), a


@pytest.fixture(scope="module")
def plain_names() -> tuple[list[str], list[str]]:
    first, last = corpus._plain_word_names()
    assert len(first) > 20 and len(last) > 20, "Faker's lists gave too few names of ordinary words"
    return first, last


def _foreign(names: list[str]) -> list[str]:
    """Names that are no Dutch word; not those that are a place in deduce's lists or a country by
    its Dutch name ("Trent", "Israel"): those are places to every list we have (see bench/README)."""
    from kekpublish.anonymise import nlp
    from kekpublish.anonymise.words import is_dutch_language_or_country

    return [n for n in names if not is_dutch_word(n) and not nlp._lookup("placename", n)
            and not is_dutch_language_or_country(n)]


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_pairs_of_foreign_words_are_names(plain_names, seed) -> None:
    from kekpublish.anonymise import nlp
    from kekpublish.anonymise.words import zipf_elsewhere

    rng = random.Random(seed)
    first, last = _foreign(plain_names[0]), _foreign(plain_names[1])
    frames = ["{f} {l} belde de gemeente twee keer.", "Gisteren sprak ik {f} {l} over de aanvraag.",
              "Haar buurman, {f} {l}, hielp met de formulieren.", "Daarna kwam {f} {l} langs bij het loket."]
    leaks = []
    for frame in frames:
        for _ in range(6):
            f, l = rng.choice(first), rng.choice(last)
            if min(zipf_elsewhere(f), zipf_elsewhere(l)) >= nlp.ELSEWHERE_CEILING:
                continue  # "Allen Story": both everyday words of English (see bench/README: still missed)
            text = frame.format(f=f, l=l)
            out, a = _anonymise(text)
            if contains(out, f) or contains(out, l):
                leaks.append((text, out))
            elif not any(contains(t, f"{f} {l}") for t in a.leak_terms()):
                leaks.append(("no gate term", text, sorted(a.leak_terms())))
    assert not leaks, leaks


@pytest.mark.parametrize("verb,tail", list(itertools.product(
    ["regelde", "belde", "schreef", "kreeg", "zei", "wilde", "had", "was"], ["de aangifte.", "dat het goed kwam."])))
def test_surname_alone_at_sentence_start(verb, tail) -> None:
    from faker import Faker

    from kekpublish.anonymise import nlp
    from kekpublish.anonymise.words import is_dutch_language_or_country, zipf, zipf_elsewhere

    leaks = []
    for locale in ("fr_FR", "pl_PL", "en_GB", "cs_CZ"):
        fake = Faker(locale)
        fake.seed_instance(zlib.crc32(f"{verb} {tail} {locale}".encode()))
        surname = fake.last_name().split("-")[-1].split()[-1]
        if is_dutch_word(surname) or zipf(surname) >= nlp.SINGLE_ZIPF or zipf_elsewhere(surname) >= nlp.ELSEWHERE_CEILING \
                or is_dutch_language_or_country(surname):  # "Łakota": a language by its Dutch name
            continue  # "Koning", "Hall", "Petit": a frequent word of Dutch or of another language needs more context
        out, _ = _anonymise(f"{surname} {verb} {tail} Het duurde drie weken.")
        if contains(out, surname):
            leaks.append((surname, out))
        assert out.endswith(f" {verb} {tail} Het duurde drie weken."), out
    assert not leaks, leaks


@pytest.mark.parametrize("form", ["2026-{n}-{S}", "{S}-2025-{n}", "Z/2024/{n}/{S}", "CAK 2026-{n}-{S}"])
def test_surname_inside_a_code(form) -> None:
    from faker import Faker

    from kekpublish.anonymise import nlp

    fake = Faker("nl_NL")
    fake.seed_instance(len(form))
    for _ in range(8):
        surname = fake.last_name().split()[-1]
        if not nlp.is_name_word(surname):
            continue
        code = form.format(n=118, S=surname.upper())
        out, _ = _anonymise(f"De brief had kenmerk {code} en kwam te laat.")
        assert not contains(out, surname), out
        assert "118" in out and out.endswith(" en kwam te laat."), out


@pytest.mark.parametrize("text", [
    "Het kenmerk was 2026-118-UWV en daarna WMO-2025-12.",  # abbreviations in codes stay
    "Het Rode Kruis hielp met eten.",
    "Koning der Nederlanden staat op de brief.",
    "Post op de mat, koffie erbij: het gesprek begon.",  # ("Roos op de tafel" loses its rose: Roos is a first name)
    "Hoop op beterschap was er niet.",
    "Kerst viel midden in de aanvraag.",
    "Moeder belde de gemeente.",
    "Sociale Zaken belde niet terug; bij Sociale Zaken wist niemand het.",
    "Installeer eerst Visual Studio Code.",
    "In het Engels was de uitleg beter; Pools sprak ze niet.",
    # compounds whose last part is a short, frequent word (they became names, and gate terms)
    "Afvalpas moet apart worden aangevraagd.",
    "Parkeerpas kwam pas na drie weken.",
])
def test_ordinary_dutch_stays(text) -> None:
    out, _ = _anonymise(text)
    assert out == text


def test_sentences_of_frequent_dutch_words_stay() -> None:
    """wordfreq's frequent Dutch words (no name-list words), the first capitalised: only places may go."""
    changed = []
    for sentence in corpus.frequent_word_sentences(seed=5, count=300):
        out, a = _anonymise(sentence)
        changed += [(r.kind, r.original, sentence) for r in a.replacements if r.kind != "place"]
    assert not changed, changed


@pytest.mark.parametrize("term,gate", [("Hugh Savage", True), ("Clive Andrews", True), ("Sociale Zaken", False),
                                       ("Savage", False), ("Rode Kruis", False)])
def test_gate_terms_for_pairs_of_foreign_words(term, gate) -> None:
    assert plausible_identifier(term) is gate
