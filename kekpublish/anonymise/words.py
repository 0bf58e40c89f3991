"""What a word is, from real word lists: an ordinary Dutch word, a language or country, a name.

- Ordinary words: the Dutch word frequencies of ``wordfreq`` (offline, shipped in the
  package; Zipf scale, 3.0 is once per million words) together with deduce's own
  common-word and stop-word lists. A word in deduce's first-name or surname lists
  that is not one of deduce's common words stays a name, whatever its frequency
  ("Jansen" is frequent in Dutch text because it is a frequent name).
- Languages and countries: Unicode CLDR names through ``babel``, in Dutch and English,
  with the Dutch adjective forms ("Engels", "Engelse", "Pools", "Poolse", "Turkije").

Nothing here is a hand-made list of exceptions: every list comes from a maintained source.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .fold import fold

#: Zipf frequency from which a word counts as an ordinary word of Dutch.
ORDINARY_ZIPF = 3.0
SHORT_PART_ZIPF = 4.5  # a three-letter last part of a compound must be at least this frequent


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """wordfreq's Dutch Zipf frequency of a word (0.0 when unknown or wordfreq is missing)."""
    try:
        from .frequencies import zipf_frequency  # noqa: PLC0415  (wordfreq's answer, without loading its list)
    except ImportError:  # pragma: no cover - dependency missing
        return 0.0
    return zipf_frequency(word.lower(), "nl")


def _deduce(name: str, word: str) -> bool:
    from . import nlp  # noqa: PLC0415  (deduce loads lazily)
    try:
        return nlp._lookup(name, word)
    except Exception:  # noqa: BLE001 - a lookup list deduce does not have
        return False


def _zipf_en(word: str) -> float:
    try:
        from .frequencies import zipf_frequency  # noqa: PLC0415
    except ImportError:  # pragma: no cover - dependency missing
        return 0.0
    return zipf_frequency(word.lower(), "en")


#: Languages whose word frequencies tell a Dutch word from a name that is a word elsewhere
#: ("Savage", "Picard", "Hugh"): the languages our respondents' names most often come from.
OTHER_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "pl", "tr", "cs")
#: How much more frequent (Zipf) a word must be in another language to count as not Dutch.
ELSEWHERE_MARGIN = 0.3


@lru_cache(maxsize=65536)
def zipf_elsewhere(word: str) -> float:
    """The highest wordfreq Zipf frequency of a word in the other languages."""
    try:
        from .frequencies import zipf_frequency  # noqa: PLC0415
    except ImportError:  # pragma: no cover - dependency missing
        return 0.0
    return max(zipf_frequency(word.lower(), lang) for lang in OTHER_LANGUAGES)


@lru_cache(maxsize=65536)
def is_dutch_word(word: str) -> bool:
    """An ordinary word of Dutch itself, by the libraries' evidence: in deduce's Dutch stop or
    common words, a Dutch compound, or frequent in Dutch (Zipf >= 3) and not clearly more
    frequent in another language. "Kerst", "Roos", "Koning", "Sociale" are; "Savage", "Hugh",
    "Picard" (more frequent in English or French) and rare words ("Nowak") are not. Unlike
    ``is_ordinary_word`` it ignores the name lists: it says whether Dutch text uses the word."""
    w = word.strip("'’.,;:!?\"()[]")
    if not w or not w.isalpha():
        return False
    if _deduce("stop_word", w.lower()) or _deduce("common_word", w.lower()):
        return True
    if is_compound(w):
        return True
    nl = zipf(w)
    return nl >= ORDINARY_ZIPF and zipf_elsewhere(w) - nl < ELSEWHERE_MARGIN


@lru_cache(maxsize=65536)
def is_name_word(word: str) -> bool:
    """In deduce's first-name or surname lists (as written, or capitalised)."""
    return any(_deduce(n, w) for n in ("first_name", "surname") for w in {word, word.capitalize()})


@lru_cache(maxsize=65536)
def is_deduce_common(word: str) -> bool:
    w = word.lower()
    return any(_deduce(n, w) for n in ("stop_word", "common_word", "whitelist"))


@lru_cache(maxsize=65536)
def is_ordinary_word(word: str) -> bool:
    """An ordinary Dutch word ("nota", "stapel", "een", "koning"), not only a name ("Jansen")."""
    w = word.strip("'’.,;:!?\"()[]")
    if not w or not any(c.isalpha() for c in w):
        return False
    if is_deduce_common(w):
        return True
    if is_name_word(w):
        return False
    return zipf(w) >= ORDINARY_ZIPF or is_compound(w)


@lru_cache(maxsize=65536)
def is_compound(word: str) -> bool:
    """A Dutch compound of two ordinary words, which frequency lists rarely hold whole:
    "Gezinsuitbreiding" (gezin+s, uitbreiding), "Kinderbijslag", "Jeugdgezondheidszorg", and
    with a short, very frequent last word: "Afvalpas" (afval, pas), "Parkeerpas"."""
    w = word.lower()
    if len(w) < 8 or not w.isalpha():
        return False
    for i in range(3, len(w) - 2):
        left, right = w[:i], w[i:]
        short = len(right) == 3  # "pas", "bus", "weg": only frequent ones, after a stem of 4 letters or more
        if short and zipf(right) < SHORT_PART_ZIPF:
            continue
        if zipf(right) < ORDINARY_ZIPF and not (len(right) >= 8 and is_compound(right)):
            continue
        for stem in {left, left[:-1] if left.endswith("s") else left, left[:-2] if left.endswith("en") else left}:
            if len(stem) >= (4 if short else 3) and zipf(stem) >= ORDINARY_ZIPF:
                return True
    return False


@lru_cache(maxsize=4)
def _languages_and_countries(codes: tuple[str, ...] = ("nl", "en")) -> frozenset[str]:
    """The names of languages and countries in these locales (Babel's), with their adjectives: read from
    the per-machine copy when there is one made by this code from the same libraries, else made (a
    quarter of a second: Babel's tables, deduce's and wordfreq's lists) and copied for the next process."""
    path = _names_copy(codes)
    names = _read_names(path) if path is not None else None
    if names is None:
        names = _make_languages_and_countries(codes)
        if path is not None:
            _write_names(path, names)
    return names


def _names_copy(codes: tuple[str, ...]):
    """Where the copy of these names lives, named by what makes them: this module, the folding, and the
    versions of Babel, deduce and wordfreq; None where there is no such folder."""
    import hashlib  # noqa: PLC0415
    import importlib.metadata  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from .frequencies import cache_dir  # noqa: PLC0415

    digest = hashlib.sha256("\0".join(codes).encode())
    try:
        for module in (__file__, Path(__file__).with_name("fold.py")):
            digest.update(Path(module).read_bytes())
        for dist in ("babel", "deduce", "wordfreq"):
            try:
                digest.update(importlib.metadata.version(dist).encode())
            except importlib.metadata.PackageNotFoundError:
                digest.update(b"-")
        return cache_dir().parent / f"kekpublish-languages-{digest.hexdigest()[:16]}.txt"
    except OSError:
        return None


def _read_names(path) -> frozenset[str] | None:
    """The names of a sealed copy (one a line, then the sha256 of the lines); None when it is missing or damaged."""
    import hashlib  # noqa: PLC0415

    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    body, _, seal = text.rpartition("\n")
    if not body or hashlib.sha256(body.encode("utf-8")).hexdigest() != seal:
        return None
    return frozenset(body.split("\n"))


def _write_names(path, names: frozenset[str]) -> None:
    import hashlib  # noqa: PLC0415

    from ..cache_entries import write_atomically  # noqa: PLC0415

    body = "\n".join(sorted(names))
    try:
        write_atomically(path, (body + "\n" + hashlib.sha256(body.encode("utf-8")).hexdigest()).encode("utf-8"))
    except OSError:
        pass  # no copy: the next process makes the names again


def _make_languages_and_countries(codes: tuple[str, ...]) -> frozenset[str]:
    try:
        from babel import Locale  # noqa: PLC0415
    except ImportError:  # pragma: no cover
        return frozenset()
    names: set[str] = set()
    for code in codes:
        loc = Locale.parse(code)
        for table in (loc.languages, loc.territories):
            for value in table.values():
                names.add(fold(value))
                words = value.split()
                if len(words) == 2 and words[0][:1].isupper() and not is_name_word(words[0]) \
                        and _zipf_en(words[0]) < ORDINARY_ZIPF:
                    # "Marokkaans Arabisch": Marokkaans alone is the nationality; not "West" (West Flemish),
                    # "North", "New", "Old": general words of English that are surnames too ("Jayden West")
                    names.add(fold(words[0]))
    adjectives = set()
    for name in list(names):
        if " " in name:
            continue
        if name.endswith("s"):
            adjectives.add(name + "e")   # Pools -> Poolse, Engels -> Engelse
        if name.endswith(("isch", "ees", "aans")):
            adjectives.add(name + "e")   # Arabisch -> Arabische
        if name.endswith("ees") or name.endswith("ens"):
            adjectives.add(name[:-1] + "ze" if name.endswith("ees") else name + "e")
    return frozenset(names | adjectives)


def is_dutch_language_or_country(text: str) -> bool:
    """A language or country by its Dutch name ("Pools", "Engelse", "Polen"); not by its English
    name only ("Picard", a language in English, is a surname in a Dutch sentence)."""
    key = " ".join(fold(text).split())
    return bool(key) and key in _languages_and_countries(("nl",))


def is_language_or_country(text: str) -> bool:
    """"Engels", "Arabisch", "Poolse", "Oekraïne", "Marokkaans Arabisch": a language or country, not a person."""
    key = " ".join(fold(text).split())
    return bool(key) and key in _languages_and_countries()


_INITIALS = re.compile(r"^(?:[A-Z]\.){2,}$")


def plausible_identifier(term: str) -> bool:
    """Could this detected name identify someone, so that the leak gate must look for it?

    Not when every word of it is an ordinary Dutch word, a language or a country
    ("Nota", "Stapel", "Een", "Koning"): those would stop the build on every ordinary use.
    A name of several words with one real name word in it is an identifier ("Anna Koning").
    """
    words = [w for w in re.split(r"[\s\-]+", term.strip()) if w]
    if not words:
        return False
    if _INITIALS.match(term.strip()):
        return True
    if len(words) == 1:
        # a single word that is also a frequent word of Dutch ("Nota", "Stapel", "Roos", "Koning") is
        # never looked for alone: the anonymiser still replaces it in its study, the full name is a gate term
        w = words[0].strip("'’.")
        if len(w) < 2 or is_deduce_common(w) or zipf(w) >= ORDINARY_ZIPF or is_language_or_country(w):
            return False
        # the gate also finds the possessive ("Turks" for Turk): not when that is an ordinary word or a language
        return not (is_deduce_common(w + "s") or zipf(w + "s") >= ORDINARY_ZIPF or is_language_or_country(w + "s"))
    if any(not is_ordinary_word(w) and not is_language_or_country(w) and len(w) >= 2 for w in words):
        return True
    if all(len(w) >= 3 and not is_dutch_word(w) and not is_dutch_language_or_country(w) for w in words) \
            and not is_language_or_country(term):
        return True  # "Hugh Savage": each word a word of another language, none of Dutch; as a pair a name
    # every word is frequent in some language ("Clive Andrews"), but one is a name by deduce's lists, or the
    # -s form of one: the full name is looked for; its words alone stay ordinary
    return any(len(w) >= 3 and not is_deduce_common(w) and (is_name_word(w) or (w.endswith("s") and is_name_word(w[:-1])))
               for w in words)
