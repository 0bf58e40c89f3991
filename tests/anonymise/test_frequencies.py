"""The compact copy of wordfreq's lists (anonymise/frequencies.py) answers exactly what wordfreq answers."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap

import pytest
import wordfreq

from kekpublish.anonymise import frequencies
from kekpublish.anonymise.words import OTHER_LANGUAGES

LANGUAGES = ("nl", *OTHER_LANGUAGES)
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëèïöüçłśżğışİIßñøåæœčřžš'’-.1 "


@pytest.fixture
def copies(tmp_path, monkeypatch):
    """A cache of copies of its own, and a process that has read none yet."""
    folder = tmp_path / "wordfreq"
    folder.mkdir()
    monkeypatch.setattr(frequencies, "cache_dir", lambda: folder)
    monkeypatch.setattr(frequencies, "_TABLES", {})
    monkeypatch.setattr(frequencies, "_LOADED", set())
    return folder


def _words(lang: str, rnd: random.Random) -> list[str]:
    """Every bucket's first and last word, random words of the list as written, capitalised and
    upper case, names, and random strings with accents, Turkish i's, digits, apostrophes and spaces."""
    pack = wordfreq.get_frequency_list(lang)
    listed = [w for bucket in pack for w in bucket]
    words = [b[0] for b in pack if b] + [b[-1] for b in pack if b]
    words += rnd.sample(listed, 1500)
    words += [w.capitalize() for w in rnd.sample(listed, 300)] + [w.upper() for w in rnd.sample(listed, 300)]
    words += ["Wilhelmina", "Oosterhout", "Kowalczyk", "Yılmaz", "İstanbul", "Janečková", "Straße", "O'Brien", "Savage", ""]
    words += ["".join(rnd.choice(LETTERS) for _ in range(rnd.randint(1, 14))) for _ in range(1000)]
    words += [" ".join(rnd.sample(listed, rnd.randint(2, 4))) for _ in range(300)]  # several tokens, combined
    words += [f"{rnd.choice(listed)} {rnd.randint(0, 99999)}" for _ in range(200)]  # digits, by wordfreq's estimates
    words += ["1990", "2026", "06-12345678", "Guinee-Bissau", "Sint-Maarten", "O'Neill", "rock 'n' roll", "...", "  "]
    return words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_copy_answers_what_wordfreq_answers(copies, lang):
    first = frequencies.zipf_frequency("huis", lang)  # no copy yet: wordfreq answers and the copy is written
    assert first == wordfreq.zipf_frequency("huis", lang)
    assert [p.name for p in copies.iterdir()] == [frequencies.copy_path(copies, lang).name]
    frequencies._LOADED.clear()  # as a new process: answered from the copy
    frequencies._TABLES.clear()
    rnd = random.Random(f"frequencies-{lang}")
    different = [(w, frequencies.zipf_frequency(w, lang), wordfreq.zipf_frequency(w, lang)) for w in _words(lang, rnd)]
    different = [d for d in different if repr(d[1]) != repr(d[2])]
    assert not different
    assert frequencies._TABLES[lang] is not None and lang not in frequencies._LOADED


def test_another_wordfreq_is_always_asked_itself(copies, monkeypatch):
    frequencies.zipf_frequency("huis", "nl")
    frequencies._LOADED.clear()
    frequencies._TABLES.clear()
    monkeypatch.setattr(frequencies, "_version", lambda: "4.0.0")  # its arithmetic may differ from what the copy follows
    assert frequencies.zipf_frequency("Verhuizing", "nl") == wordfreq.zipf_frequency("Verhuizing", "nl")
    assert "nl" not in frequencies._TABLES  # the copy was not even read


@pytest.mark.parametrize("damage", ["truncated", "one byte", "other magic", "empty", "other version"])
def test_a_damaged_or_stale_copy_is_not_used(copies, damage, monkeypatch):
    frequencies.zipf_frequency("huis", "nl")
    path = frequencies.copy_path(copies, "nl")
    good = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "one byte":
        middle = len(good) // 2
        path.write_bytes(good[:middle] + bytes([good[middle] ^ 1]) + good[middle + 1:])
    elif damage == "other magic":
        path.write_bytes(b"X" + good[1:])
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a copy of another wordfreq has another name: not read, and removed when the new one is written
        monkeypatch.setattr(frequencies, "_version", lambda: "3.99-other")
    frequencies._LOADED.clear()
    frequencies._TABLES.clear()
    assert frequencies.zipf_frequency("Verhuizing", "nl") == wordfreq.zipf_frequency("Verhuizing", "nl")
    assert frequencies._TABLES["nl"] is None and "nl" in frequencies._LOADED  # wordfreq answered
    assert [p.name for p in copies.iterdir()] == [frequencies.copy_path(copies, "nl").name]  # written anew
    frequencies._LOADED.clear()
    frequencies._TABLES.clear()
    assert frequencies.zipf_frequency("Verhuizing", "nl") == wordfreq.zipf_frequency("Verhuizing", "nl")
    assert frequencies._TABLES["nl"] is not None


def test_a_process_with_the_copies_loads_none_of_wordfreqs_lists(tmp_path):
    """What an edit build pays: the anonymiser's frequency questions without wordfreq's lists in memory."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    script = textwrap.dedent("""
        import sys, wordfreq
        from kekpublish.anonymise import frequencies, words
        values = [words.zipf("Verhuizing"), words.zipf_elsewhere("Oosterhout"), words._zipf_en("Later"),
                  words.zipf_elsewhere("Kowalczyk"), words._zipf_en("Guinee-Bissau"), words.zipf("nummer 12")]
        print(repr(values), "|", wordfreq.get_frequency_list.cache_info().currsize, sorted(frequencies._LOADED))
    """)
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout.split("|")
    assert first[1].split()[0] == "10"  # no copies yet: wordfreq loaded its lists (Dutch and nine others), the copies were written
    again = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout.split("|")
    assert again[0] == first[0]
    assert again[1].strip() == "0 []"


@pytest.mark.parametrize("damage", [None, "garbled", "truncated", "empty"])
def test_the_copy_of_language_and_country_names_is_what_babel_gives(tmp_path, monkeypatch, damage):
    """The names read from the per-machine copy are the names made from Babel's tables; a damaged copy is
    made again, never read."""
    from kekpublish.anonymise import words

    folder = tmp_path / "kekpublish" / "wordfreq"
    folder.mkdir(parents=True)
    monkeypatch.setattr(frequencies, "cache_dir", lambda: folder)
    made = words._make_languages_and_countries(("nl", "en"))
    assert {"engels", "arabisch", "poolse", "polen"} <= made
    words._languages_and_countries.cache_clear()
    assert words._languages_and_countries(("nl", "en")) == made  # made, and copied
    [copy] = (tmp_path / "kekpublish").glob("kekpublish-languages-*.txt")
    if damage:
        text = copy.read_text("utf-8")
        copy.write_text({"garbled": text.replace("engels", "jansen"), "truncated": text[: len(text) // 2],
                         "empty": ""}[damage], "utf-8")
    words._languages_and_countries.cache_clear()
    assert words._languages_and_countries(("nl", "en")) == made
    assert words._read_names(copy) == made  # read back, or written anew over the damaged one
    words._languages_and_countries.cache_clear()
