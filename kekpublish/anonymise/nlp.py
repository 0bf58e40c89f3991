"""deduce, loaded lazily once per process, and what we ask of it.

deduce (Dutch de-identification for medical text) finds names of people,
addresses, places and dates. Loading it takes seconds and about a gigabyte,
so it is loaded only when a text is not in the span cache, and kept in a
module-level singleton so that it survives rebuilds in one process (MkDocs
makes new plugin instances per rebuild). Its lookup cache (built once, about
a minute) lives in ``platformdirs.user_cache_dir("kekpublish")/deduce``.

``LOADS`` counts loads, so tests and benchmarks can see whether a run
needed deduce at all.
"""
from __future__ import annotations

import functools
import gc
import logging
import re
import tempfile
from pathlib import Path
from typing import Any, Callable

import platformdirs

#: Bump when the analysis below changes: it invalidates the span cache.
ANALYSIS_VERSION = "31"
#: deduce's adjacent-annotation merging without "." (it joined "Mohammed. Mevrouw X").
DEDUCE_CONFIG = {"adjacent_annotations_slack": "[ \\-]?"}
_DISABLED = {"ages", "age", "identifiers", "bsn", "identifier", "phone_numbers", "phone",
             "email_addresses", "email", "urls", "url", "institutions", "hospital",
             "institution", "redactor"}
_TAGS = {"persoon": "person", "patient": "person", "locatie": "location",
         "straat": "location", "datum": "date"}

LOADS = 0
#: Number of texts analysed by deduce in this process (cache misses).
ANALYSES = 0
_engine: Any = None
_version: str | None = None


def deduce_cache_dir() -> Path:
    """Where deduce keeps its lookup cache (outside the site, built once)."""
    path = Path(platformdirs.user_cache_dir("kekpublish")) / "deduce"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = Path(tempfile.gettempdir()) / "kekpublish-deduce"
        path.mkdir(parents=True, exist_ok=True)
    return path


def _import_deduce() -> Any:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        import deduce  # noqa: PLC0415  (lazy on purpose)
    finally:
        # deduce calls logging.basicConfig(level=DEBUG) on import: undo it.
        root.setLevel(level)
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
    return deduce


def deduce_version() -> str:
    """deduce's version without loading it (for cache keys)."""
    global _version
    if _version is None:
        try:
            from importlib.metadata import version  # noqa: PLC0415
            _version = version("deduce")
        except Exception:  # pragma: no cover - metadata missing
            _version = "unknown"
    return _version


def engine() -> Any:
    """The process-wide deduce instance, loaded on first use."""
    global _engine, LOADS
    if _engine is None:
        deduce = _import_deduce()
        root = logging.getLogger()
        level, handlers = root.level, list(root.handlers)
        try:
            from .deduce_load import load  # noqa: PLC0415  (a compact copy of deduce's lookup lists)

            _engine = load(deduce, deduce_cache_dir(), DEDUCE_CONFIG)
        finally:
            root.setLevel(level)
            for handler in list(root.handlers):
                if handler not in handlers:
                    root.removeHandler(handler)
        LOADS += 1
        # deduce's lookup tables are millions of long-lived objects: keep the collector off them
        # (without this, every collection walks them and exiting the process takes ~20 s).
        gc.freeze()
    return _engine


def _lookup_structs(name: str) -> Any:
    """deduce's lookup lists: the loaded engine's, else the word lists alone from the compact
    copy (the same lists, without starting deduce: see deduce_load.word_lists)."""
    if _engine is None:
        from .deduce_load import word_lists  # noqa: PLC0415

        lists = word_lists(deduce_cache_dir())
        if lists is not None and name in lists:
            return lists
    return engine().lookup_structs


def is_loaded() -> bool:
    return _engine is not None


def release() -> bool:
    """Let go of deduce in a process that will analyse no more (`mkdocs build` once its studies are
    anonymised; `mkdocs serve` keeps it for the next edit) and give its memory back to the system:
    its tables are a third of a cold build's memory, and the export workers forked after this are
    smaller too. A later analysis loads it again. True when it was loaded."""
    global _engine
    if _engine is None:
        return False
    _engine = None
    gc.unfreeze()  # its tables were frozen out of the collector when loaded (engine()); they hold cycles
    gc.collect()
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc keeps freed memory for the process unless asked
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused by this process, not returned
    return True


def _lookup(name: str, word: str) -> bool:
    struct = _lookup_structs(name)[name]
    if type(struct).__name__ == "LookupTrie":
        return [word] in struct
    return word in struct


def is_common_word(word: str) -> bool:
    """True for ordinary Dutch words in deduce's lists ("pas", "ben", "hoop")."""
    w = word.lower()
    return any(_lookup(n, w) for n in ("stop_word", "common_word", "whitelist"))


def is_name_word(word: str) -> bool:
    """True if ``word`` is in deduce's first-name or surname lists."""
    return _lookup("first_name", word) or _lookup("surname", word) or \
        _lookup("first_name", word.capitalize()) or _lookup("surname", word.capitalize())


_POSSESSIVE_WORD = re.compile(r"(?<![\w'])([A-Z][a-zà-ÿ]+)(?:'s|’s|s|'|’)(?![\w'’])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"'“”]\s+|\s[-–]\s)$")


#: "... en ik", "... en mijn man": a word joined to a personal pronoun or a possessive by "en" is a person.
_AND_PRONOUN = re.compile(r"[ ]+en[ ]+(?:ik|wij|we|jij|hij|zij|ze|mijn|m'n|zijn|haar|ons|onze)(?![\w'’])")
#: A title written short just before a word: that word is a name, not the start of a sentence.
_TITLE_BEFORE = re.compile(r"(?i)(?<![\w.])(?:fam|dhr|mevr|mw|mr|dr|drs|ir|ing|prof)\.[ ]$")
_FORM_OF_ADDRESS = re.compile(r"(?i)^(?:mevrouw|meneer|mijnheer|heer|mevr\.|dhr\.|mw\.|familie|fam\.)\s")
_SURNAME_AFTER = re.compile(
    r"[ ](?:(?:van|de|der|den|ter|ten|te|el|al|da|di|du|le|la|[Bb]en|[Bb]in|[Ii]bn|[Aa]bu)[ ])*"
    r"(?P<s>(?:[A-Z]['’])?[^\W\d_a-zß-ÿ][^\W\d_A-Z]+(?:-[^\W\d_][^\W\d_]+)?)(?![\w'’-])")
_RELATION_BEFORE = re.compile(
    r"(?i)\b(?:zus|zusje|broer|broertje|dochter|zoon|oom|tante|opa|oma|neef|nicht|vriend|vriendin|collega|"
    r"zwager|schoonzus|man|vrouw|partner|buurman|buurvrouw|consulent|medewerker|medewerkster)\s+$")
_RELATION_NAME = re.compile(
    r"\b(?i:familie|gezin|buurman|buurvrouw|buren|zus|zusje|broer|broertje|dochter|zoon|oom|tante|"
    r"opa|oma|neef|nicht|vriend|vriendin|collega|schoonzoon|schoondochter|schoonmoeder|"
    r"schoonvader|zwager|schoonzus|man|vrouw|partner|ex|ex-man|ex-vrouw|moeder|vader|"
    r"kleinzoon|kleindochter|mevrouw|meneer|mijnheer|heer|mevr\.|dhr\.|mw\.|fam\.|juf|meester|"
    r"dokter|huisarts|casemanager|consulent|medewerker|medewerkster)\s+\(?"  # (also "schoonmoeder (Riet, 87)")
    r"(?P<name>(?P<ifx>(?:van der|van den|van de|van 't|van|ter|ten|den|der|de) )?[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)(?![\w-])")


_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_INTERFIX_WORDS = {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "'t", "von", "da", "di",
                   "du", "la", "le", "el", "al", "bin", "ben", "ibn", "d'", "l'", "van't"}
_INITIALS = re.compile(r"(?<![\w.])(?:[^\W\d_a-zß-ÿ]\.){2,}(?![\w])")  # "M.J.", "İ.J.", "Ł.K."
#: Initials with the surname's interfix abbreviated between them: "J.v.d.B.", "A.v.D.", "P.d.J." (never
#: "t.a.v.": it starts small)
_INITIALS_INTERFIX = re.compile(
    r"(?<![\w.])(?:[^\W\d_a-zß-ÿ]\.)+(?:(?:v|vd|d|t|te|de|den|der)\.)+[^\W\d_a-zß-ÿ]\.(?![\w])")


def ambiguous_word(word: str) -> bool:
    """A single capitalised word that may just be an ordinary word: deduce's common words, or a
    frequent word of Dutch (wordfreq) that is not a first name in deduce's lists ("Nota", "Stapel",
    "Een", "Koning"; not "Sandra")."""
    from .words import is_deduce_common, zipf  # noqa: PLC0415
    return is_deduce_common(word) or (zipf(word) >= 3.0 and not _lookup("first_name", word))


_PARTICLES = {"d", "l", "o", "mc", "mac", "van", "de", "el", "al", "ben", "bin", "ibn", "abu", "bou", "da", "di", "du"}


def _capitalised(word: str) -> bool:
    """A word written as a name: "Jansen", "O'Brien", "D'Souza", "Jansen-de", "McDonald"; not "UWV", "DigiD"."""
    parts = [p for p in re.split(r"['’\-]", word) if p]
    if not parts or not parts[0][:1].isupper() or (len(word) > 1 and word.isupper()):
        return False
    for i, part in enumerate(parts):
        if part.lower() in _PARTICLES and (i == 0 or part.islower()):
            continue
        if not part[0].isupper():
            return False
        inner = part[1:]
        if any(c.isupper() for c in inner) and not re.fullmatch(r"(?:Mc|Mac|Van|De)[A-Z][a-zß-ÿ]+", part):
            return False
    return True


_NAME_BEFORE = re.compile(r"(?<![\w'’\-])([^\W\d_][^\W\d_'’\-]*) $")
#: The words of deduce's interfixes ("aan de", "uit het", "van der"): a person's span of these alone holds no name.
_INTERFIX_ONLY = frozenset({"aan", "in", "op", "uit", "bij", "onder", "over", "voor", "achter", "boven", "tot", "van",
                            "de", "den", "der", "des", "het", "'t", "te", "ten", "ter", "von", "da", "di", "du", "le", "la"})


def _dutch_listed(word: str) -> bool:
    """In deduce's Dutch stop or common words (not its whitelist, which holds English and Latin
    medical words such as "magnus")."""
    return _lookup("stop_word", word.lower()) or _lookup("common_word", word.lower())


#: Words more frequent than this in another language are that language's own common words ("She",
#: "Getting", "Will"), on an English page or in a quote: never taken for a name on frequency alone.
ELSEWHERE_CEILING = 5.0


def _not_dutch(word: str) -> bool:
    """Not a word of Dutch, and no rarer in other languages than in Dutch: "Savage", "Nowak",
    "Janečková" (unknown everywhere); not "Installeer" or "Schuldhulp" (rare, but Dutch only)."""
    from .words import zipf_elsewhere  # noqa: PLC0415
    return not _is_dutch(word) and zipf_of(word) <= zipf_elsewhere(word)


def _not_dutch_nor_common_elsewhere(word: str) -> bool:
    from .words import zipf_elsewhere  # noqa: PLC0415
    return _not_dutch(word) and zipf_elsewhere(word) < ELSEWHERE_CEILING


def _is_dutch(word: str) -> bool:
    from .words import is_dutch_word  # noqa: PLC0415
    return is_dutch_word(word)


def zipf_of(word: str) -> float:
    from .words import zipf  # noqa: PLC0415
    return zipf(word)


def _first_of_pair(word: str) -> bool:
    """Can ``word`` be the first name before a surname: written as a name, no stop or common word of
    deduce's lists ("Met Andrews", "Toen Pieters"), no language or country."""
    from .words import is_language_or_country  # noqa: PLC0415
    return _capitalised(word) and not is_common_word(word) and not is_language_or_country(word)


def _is_person_noun(word: str) -> bool:
    from .ages import is_person_noun  # noqa: PLC0415
    return is_person_noun(word)  # "Consulent Govarts belde": the role stays


def _first_name_with_surname(view: str, word: str, end: int) -> bool:
    """A country that is also a first name, followed by a surname: "Jordan Wilson belde" (not "Frans Duits")."""
    from .words import is_language_or_country  # noqa: PLC0415
    m = _SURNAME_AFTER.match(view, end)
    return _lookup("first_name", word) and m is not None and (
        not is_language_or_country(m.group("s")) or _lookup("surname", m.group("s")))


def _surname_form(word: str) -> bool:
    """A surname in deduce's lists, or the -s form of a name in them ("Andrews", "Peters", "Willems")."""
    return _lookup("surname", word) or (len(word) > 3 and word.endswith("s") and is_name_word(word[:-1]))


def _guessed_names(view: str, covered: list[tuple[int, int]]) -> list[list[Any]]:
    """Names deduce does not know: two or more capitalised words in a row (an interfix between them
    allowed) that are not all ordinary words, languages or countries: "Oksana Kovalenko", "Łukasz
    Nowak", "Piet Stolk". The first word must be a first name in deduce's lists or a word that is
    not ordinary Dutch, so "Nota Eigen Bijdrage" or "Het Juridisch Loket" are no names."""
    from .words import is_language_or_country, is_ordinary_word  # noqa: PLC0415
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(view)]
    out: list[list[Any]] = []
    i = 0
    while i < len(tokens):
        start, end, word = tokens[i]
        if not _capitalised(word):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(tokens):
            gap = view[tokens[j - 1][1]:tokens[j][0]]
            if gap not in (" ", "-"):
                break
            w = tokens[j][2]
            if _capitalised(w):
                run.append(j)
                j += 1
            elif w.lower() in _INTERFIX_WORDS and j + 1 < len(tokens) and view[tokens[j][1]:tokens[j + 1][0]] == " ":
                j += 1
            else:
                break
        i = max(j, i + 1)
        if len(run) < 2:
            continue
        words = [tokens[k][2] for k in run]
        s, e = tokens[run[0]][0], tokens[run[-1]][1]
        if any(a < e and s < b for a, b in covered):
            continue
        # a language or country word stops a name unless deduce lists it as a first name ("Jordan Wilson")
        if any(is_language_or_country(w) and not _lookup("first_name", w) for w in words) \
                or is_language_or_country(view[s:e]):
            continue
        rare = [not is_ordinary_word(w) for w in words]
        first = words[0]
        from .words import is_deduce_common, zipf  # noqa: PLC0415
        # the run goes on as a sentence: a lowercase word follows ("Beverley White kreeg"), no title-case heading
        in_sentence = re.match(r"[ ]+[a-zß-ÿ]|,[ ]", view[e:]) is not None
        # two capitalised words with name evidence from deduce's lists: a known first name, or a known
        # surname form second ("Clive Andrews belde", "Sophie Peters kreeg"), neither a common word
        pair = len(words) == 2 and in_sentence and not any(is_deduce_common(w) for w in words) and (
            _lookup("first_name", first) or _surname_form(words[-1]))
        rare_first = zipf(first) < 2.5 and not is_deduce_common(words[-1]) and not _lookup("placename", first) \
            and (zipf(words[-1]) < 4.0 or in_sentence)
        # "Luchino de Korte belde": a first name, an interfix and a surname of deduce's lists, also a word
        ifx = view[tokens[run[0]][1]:tokens[run[-1]][0]].strip()
        with_interfix = len(words) == 2 and ifx != "" and _INTERFIX_START.fullmatch(ifx + " ") is not None \
            and _listed_interfix_surname(ifx, words[-1]) and not _lookup("placename", first) \
            and not _lookup("placename", view[s:e]) and _first_name_before(view, first, s)
        if with_interfix:
            pair = True
        if not rare[-1] and not rare_first and not pair:
            continue  # a surname that is an ordinary word needs deduce's context ("meneer Koning"),
            # unless the first name is rare in Dutch ("Beverley White") or the pair is a name by deduce's lists
        initial = bool(_SENTENCE_START.search(view[:s]))
        # mid-sentence a capitalised ordinary word is no ordinary use: "belde Dan Karge" is a name
        if initial and not (_lookup("first_name", first) or rare[0] or pair):
            continue
        if initial and sum(rare) < len(words) - 1 and not (_lookup("first_name", first) or pair):
            continue
        out.append([s, e, "person", {"common": False, "poss": False, "guess": True, "sentence_start": initial}])
    return out


def _rare_capitalised(view: str, covered: list[tuple[int, int]]) -> list[list[Any]]:
    """A single capitalised word inside a sentence that Dutch text practically never contains
    (wordfreq Zipf below 2.5, where foreign surnames sit) and that is no place or street in deduce's lists, no language or country:
    a name deduce does not know ("gesprek met Kowalczyk"). Parts of a compound that are words
    ("Groeigids-app") make it no name."""
    from .words import is_language_or_country, is_ordinary_word, zipf  # noqa: PLC0415
    out = []
    for m in _WORD.finditer(view):
        word = m.group()
        if len(word) < 4 or not _capitalised(word) or any(s < m.end() and m.start() < e for s, e in covered):
            continue
        if _SENTENCE_START.search(view[:m.start()]):
            continue
        if zipf(word) >= 2.5 or any(is_ordinary_word(p) for p in re.split(r"[-'’]", word) if len(p) > 1):
            continue
        if is_language_or_country(word) or _lookup("placename", word) or _lookup("street", word):
            continue
        start = m.start()
        before = _NAME_BEFORE.search(view[:start])
        if before and _SENTENCE_START.search(view[:before.start(1)]) and _capitalised(before.group(1)) \
                and not _lookup("stop_word", before.group(1).lower()) and not is_language_or_country(before.group(1)) \
                and not _is_person_noun(before.group(1)) and re.match(r"[ ]+[a-zß-ÿ]", view[m.end():]) \
                and not any(s < start and before.start(1) < e for s, e in covered):
            # "Lot Govarts belde": Dutch puts no second word before the verb, so the capitalised word that
            # starts the sentence is the first name, even when it is also a word ("lot"); never left behind
            start = before.start(1)
        out.append([start, m.end(), "person", {"common": False, "guess": True, "sentence_start": start != m.start()}])
    return out


# The closed word classes of Dutch grammar that continue a noun phrase, never a finite verb: after a
# capitalised word at the start of a sentence they make it a noun ("Roos op de tafel", "Post van de
# gemeente"), where a verb makes it a subject that may be a name ("Picard regelde").
_NOT_A_VERB = re.compile(
    r"(?:aan|achter|bij|binnen|boven|buiten|door|in|langs|met|na|naar|naast|om|onder|op|over|per|rond|sinds|"
    r"te|tegen|tot|tussen|uit|van|via|voor|zonder|de|het|een|der|den|des|en|of|maar|want|noch|dus|als|"
    r"dan|dat|die|dit|deze|wiens|wier)$")
_ARTICLE = re.compile(r"(?:^|[^\w])(?:[Dd]e|[Hh]et|[Ee]en|der|DE|HET)\s+$")
#: A case or dossier code: letters and digits joined by "-" or "/", with at least one number in it.
_CODE = re.compile(r"(?<![\w/-])[^\W_]+(?:[-/][^\W_]+)+(?![\w-])")


#: A single word at the start of a sentence is taken for a surname only below this Dutch frequency:
#: names sit lower than the loanwords a sentence may start with ("Feedback", "Support").
SINGLE_ZIPF = 3.75


def _sentence_verb_after(view: str, end: int) -> bool:
    """A lowercase word follows that can be a finite verb (no preposition, article or conjunction)."""
    m = re.match(r"[ ]+([a-zß-ÿ][\w'’]*)", view[end:])
    return m is not None and not _NOT_A_VERB.match(m.group(1))


#: What follows an imperative at a sentence's start, never a place's finite verb: an article, a
#: pronoun, a preposition or particle ("Leg in ... uit", "Plak de tekst", "Bel hem terug"); not "en",
#: "of" ("Goor en Markelo").
_AFTER_IMPERATIVE = re.compile(
    r"[ ]+(?:de|het|een|dit|dat|deze|die|je|jij|u|ze|hem|haar|hen|hun|ons|mij|me|alles|alle|iets|niets|"
    r"in|uit|op|aan|bij|met|voor|na|om|over|door|terug|af|mee|eerst|nu|dan|maar|wel|niet|even|zelf)(?![\w'’])")


#: Zipf in Dutch of its infinitive from which such a word is taken for a verb ("plakken", "leggen");
#: a town's name has none ("Abcoude", "Aalst"), and the grammar decides the rest.
IMPERATIVE_ZIPF = 3.0


def _imperative(view: str, start: int, end: int) -> bool:
    """One word starting a sentence that deduce took for a place but that is an ordinary Dutch word
    followed by what follows a verb in the imperative: "Leg in gewone taal uit", "Draai de knop"
    (hamlets called Leg, Draai, Plak). A place starting a sentence is followed by its verb ("Goor
    heeft een markt") or a conjunction, and stays a place."""
    from .words import zipf  # noqa: PLC0415
    word = view[start:end]
    if " " in word or not _SENTENCE_START.search(view[:start]) or _AFTER_IMPERATIVE.match(view, end) is None:
        return False
    towns = _municipalities()  # "Zwolle in de winter", "Best in de regio": a municipality stays a place
    return towns is not None and word not in towns and max(map(zipf, _infinitives(word.lower()))) >= IMPERATIVE_ZIPF


def _infinitives(stem: str) -> list[str]:
    """The infinitives an imperative may be the stem of, by Dutch spelling: "plak" plakken, "leg"
    leggen, "draai" draaien, "stuur" sturen, "leef" leven, "lees" lezen."""
    out = [stem + "en"]
    if re.search(r"[^aeiou][aeiou][^aeiouwj]$", stem):
        out.append(stem + stem[-1] + "en")  # short vowel: the consonant doubles
    last = {"f": "v", "s": "z"}.get(stem[-1:], stem[-1:])
    m = re.search(r"(aa|ee|oo|uu)[^aeiou]$", stem)
    if m:
        out.append(stem[:m.start(1)] + m.group(1)[0] + last + "en")  # long vowel: written single before -en
    elif last != stem[-1:]:
        out.append(stem[:-1] + last + "en")  # "verf" verven
    return out


@functools.cache
def _municipalities() -> frozenset[str] | None:
    """The municipalities and provinces of deduce's place lists (its hamlets and regions left out),
    read from its package data; None where that data is not there (then nothing is an imperative)."""
    from importlib import resources  # noqa: PLC0415
    try:
        root = resources.files("deduce").joinpath("data", "lookup", "src", "locations", "lst_placename")
        names = set()
        for part in ("lst_municipality", "lst_province"):
            names.update(n.strip() for n in root.joinpath(part, "items.txt").read_text("utf-8").splitlines() if n.strip())
        return frozenset(names) if names else None
    except (OSError, ModuleNotFoundError, UnicodeDecodeError):
        return None


@functools.cache
def _source_list(name: str) -> frozenset[str]:
    """One file of deduce's first-name source list (``items`` or ``exceptions``) from its package
    data; empty where that data is not there (then only its lookup decides)."""
    from importlib import resources  # noqa: PLC0415
    try:
        path = resources.files("deduce").joinpath("data", "lookup", "src", "names", "lst_first_name", f"{name}.txt")
        return frozenset(n.strip() for n in path.read_text("utf-8").splitlines() if n.strip())
    except (OSError, ModuleNotFoundError, UnicodeDecodeError):
        return frozenset()


def _source_first_name(word: str) -> bool:
    """A first name of deduce's source list, also one its lookup leaves out because it is a Dutch
    word as well ("Lot", "Lies", "Erna", "Wil", "Wilhelmina") or joins two ("Anne-Marie")."""
    return word in _source_list("items") or _lookup("first_name", word)


def _not_a_name_to_deduce(word: str) -> bool:
    """Left out of deduce's first names on purpose: holidays, months, places, words ("Kerst",
    "April", "Rome", "Anders"); such a word is a name only where the sentence says so."""
    return word in _source_list("exceptions")


#: Zipf in Dutch from which a first name that is a Dutch word as well is left to the lists' verdict:
#: the function words, pronouns and verb forms among them ("Wil", "Ben", "Anders", "Klaar", "Per").
AMBIGUOUS_NAME_ZIPF = 5.0
#: A subject after the verb: the sentence started with something else ("Dan kwam hij", "Klaar was ik").
_SUBJECT_AFTER = re.compile(r"[ ]+(?:ik|je|jij|hij|zij|ze|we|wij|u|jullie|men|er)(?![\w'’])")
#: Conjunctions after which a clause starts with its subject: "toen Lot belde", "omdat Riet niet wilde".
_CLAUSE_START = re.compile(
    r"(?<![\w'’])(?i:toen|omdat|nadat|terwijl|dat|zodat|totdat|voordat|doordat|zodra|en|maar|want|of|als)[ ]$")


def _subject_before_verb(view: str, start: int, end: int) -> bool:
    """Does the word at ``start:end`` start a sentence or clause as its subject, before a verb in the
    singular: "Lot kwam pas later", "Riet wilde niet", "toen Lies belde"? Not before a plural verb
    ("Kerst vierden we") or a verb followed by its subject ("Dan kwam hij", "Nadien ging ik")."""
    from .dates import MONTHS  # noqa: PLC0415
    word = view[start:end]
    clause = _CLAUSE_START.search(view, 0, start) is not None
    if not (clause or _SENTENCE_START.search(view[:start]) or _OPENING.search(view, 0, start)):
        return False
    if word.lower() in MONTHS["nl"] or word in MONTHS["en"] or _lookup("stop_word", word.lower()) \
            or (word.endswith("en") and _is_dutch(word)):
        return False  # "Bouwen kan zonder internet": an infinitive (or a plural) as the subject
    m = re.match(r"[ ]+([a-zß-ÿ][\w'’]*)", view[end:])
    if m is None or not _sentence_verb_after(view, end) or m.group(1).endswith("en") \
            or (not clause and _AFTER_IMPERATIVE.match(view, end)):
        return False  # "Toon je paspoort", "Hou het kort": a verb itself, before a pronoun or an article
    return _SUBJECT_AFTER.match(view, end + m.end()) is None


_DOUBLE_FIRST_NAME = re.compile(r"(?<![\w'’-])([A-Z][a-zß-ÿ]+)-([A-Z][a-zß-ÿ]+)(?![\w'’-])")


def _first_names_deduce_leaves_out(view: str, covered: list[tuple[int, int]]) -> list[list[Any]]:
    """First names of deduce's source list that its lookup leaves out because they are Dutch words
    as well, where the sentence makes them a name:

    - two first names joined by a hyphen: "Anne-Marie belde", "met Jan-Willem";
    - one starting a sentence or a clause as its subject (see ``_subject_before_verb``): "Lot kwam
      pas later", "toen Lies belde";
    - one in the middle of a sentence, written with a capital where Dutch writes the word in lowercase,
      not after an article, not in a capitalised group: "met Lot en haar man", "bij Lies".

    Never one deduce left out on purpose (its exceptions: "Kerst viel midden in de aanvraag", "in
    April", "naar Rome", "Erna"): after a relation word or before a surname it is a name all the same.

    Not the frequent function words and verb forms among them ("Wil", "Ben", "Per", "Anders"; see
    ``AMBIGUOUS_NAME_ZIPF``), nor a place, language or country.
    """
    from .words import is_language_or_country, zipf  # noqa: PLC0415
    if not _source_list("items"):
        return []
    out: list[list[Any]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in covered + [(o[0], o[1]) for o in out])

    for m in _DOUBLE_FIRST_NAME.finditer(view):
        if free(m.start(), m.end()) and (m.group() in _source_list("items") or (
                _source_first_name(m.group(1)) and _source_first_name(m.group(2))
                and not (_not_a_name_to_deduce(m.group(1)) or _not_a_name_to_deduce(m.group(2))))):
            out.append([m.start(), m.end(), "person", {"common": False, "sentence_start": bool(
                _SENTENCE_START.search(view[:m.start()]))}])
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(view)]
    for i, (s, e, word) in enumerate(tokens):
        if not (word[:1].isupper() and word[1:].islower()) or word not in _source_list("items") \
                or _lookup("first_name", word) or not free(s, e):
            continue
        if zipf(word) >= AMBIGUOUS_NAME_ZIPF or _lookup("placename", word) or is_language_or_country(word):
            continue
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (prev is not None and view[prev[1]:s] == " " and _capitalised(prev[2]) and not _CLAUSE_START.search(view, 0, s)) \
                or (nxt is not None and view[e:nxt[0]] == " " and _capitalised(nxt[2])):
            continue  # in a capitalised group ("Sint Lot", "Lot Zorg"): left to the other rules
        initial = bool(_SENTENCE_START.search(view[:s]) or _OPENING.search(view, 0, s))
        if _not_a_name_to_deduce(word) or _lookup("stop_word", word.lower()):
            continue  # "Kerst viel midden in de aanvraag": left to relation words and surnames
        if not _subject_before_verb(view, s, e) and (initial or _AFTER_ARTICLE.search(view, 0, s)):
            continue
        out.append([s, e, "person", {"common": False, "sentence_start": initial}])
    return out


def _unlisted_names(view: str, covered: list[tuple[int, int]]) -> list[list[Any]]:
    """Names no list holds, told by the structure of the sentence and by word frequencies:

    - two capitalised words, each a word of another language and none of Dutch (wordfreq: rare in
      Dutch or clearly more frequent elsewhere): "Hugh Savage", "Clive Andrews", in the middle of a
      sentence or at its start before a lowercase word; never after an article ("het Rode Kruis");
    - one capitalised word at the start of a sentence before a verb, not a Dutch word or a listed
      surname that is rare in Dutch, and not written in lowercase elsewhere in the text: "Picard
      regelde de aangifte", "Nowak belde";
    - a capitalised word in capitals inside a case or dossier code that is a listed name or no word
      at all: "2026-118-VOS", "KOWALCZYK-2025-77".
    """
    from .words import (  # noqa: PLC0415
        is_compound, is_dutch_language_or_country, is_dutch_word, is_language_or_country, is_ordinary_word, zipf)
    out: list[list[Any]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in covered + [(o[0], o[1]) for o in out])

    def foreign(word: str, languages: Callable[[str], bool] = is_language_or_country) -> bool:
        return len(word) >= 3 and _capitalised(word) and _not_dutch(word) \
            and not languages(word) and not _lookup("placename", word) and not _is_person_noun(word)

    def plain(word: str) -> bool:
        # the other word of a pair with a foreign one: not a Dutch word in deduce's lists, not very
        # frequent in Dutch, no language or place ("Vicki Dubois", "Magnus Lynch"; not "Sociale Zaken")
        return foreign(word, is_dutch_language_or_country) or (
            len(word) >= 3 and _capitalised(word) and not _dutch_listed(word)
            and zipf(word) < 4.0 and not is_dutch_language_or_country(word)
            and not _lookup("placename", word) and not _is_person_noun(word))

    lowercase = {w for w in _WORD.findall(view) if w.islower()}
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(view)]
    for i, (s, e, word) in enumerate(tokens):
        if not _capitalised(word) or not free(s, e):
            continue
        initial = bool(_SENTENCE_START.search(view[:s]))
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        pair = nxt is not None and view[e:nxt[0]] == " " and _capitalised(nxt[2]) and free(nxt[0], nxt[1])
        prev = tokens[i - 1] if i else None
        if prev is not None and view[prev[1]:s] == " " and _capitalised(prev[2]):
            continue  # the tail of a longer capitalised group ("Visual Studio Code")
        if pair:
            third = tokens[i + 2] if i + 2 < len(tokens) else None
            if third is not None and view[nxt[1]:third[0]] == " " and _capitalised(third[2]):
                continue  # three capitalised words: a title or a body, left to the other rules
            # a word that is a language or country only by its English name is a name in a Dutch
            # sentence ("German Bishop", "Tia Spain"); the pair itself must be none ("New Zealand")
            if _ARTICLE.search(view[:s]) or is_language_or_country(view[s:nxt[1]]) \
                    or not (_not_dutch_nor_common_elsewhere(word) or _not_dutch_nor_common_elsewhere(nxt[2])) \
                    or not (foreign(word, is_dutch_language_or_country) or foreign(nxt[2], is_dutch_language_or_country)) \
                    or not (plain(word) and plain(nxt[2])):
                continue
            if initial and not (_sentence_verb_after(view, nxt[1]) or view[nxt[1]:nxt[1] + 1] == ","):
                continue
            out.append([s, nxt[1], "person", {"common": False, "guess": True, "unlisted": True, "sentence_start": initial}])
            continue
        if not initial or not _sentence_verb_after(view, e) or word.lower() in lowercase \
                or not _not_dutch_nor_common_elsewhere(word):
            continue
        if word.endswith("s") and (is_name_word(word[:-1]) or re.search(rf"\b{re.escape(word[:-1])}\b", view)):
            continue  # "Hendriksens dochter": a possessive, left to the rules for known names
        listed_rare = _lookup("surname", word) and not is_ordinary_word(word)
        if not (listed_rare or (foreign(word, is_dutch_language_or_country) and zipf(word) < SINGLE_ZIPF
                                and not is_compound(word))):
            continue
        if is_dutch_language_or_country(word) or is_common_word(word):
            continue
        out.append([s, e, "person", {"common": False, "guess": True, "unlisted": True, "sentence_start": True}])
    for m in _CODE.finditer(view):
        parts = re.split(r"[-/]", m.group())
        if not any(p.isdigit() for p in parts):
            continue
        pos = m.start()
        for part in parts:
            s, e = pos, pos + len(part)
            pos = e + 1
            if len(part) < 3 or not part.isalpha() or not part.isupper() or not free(s, e) \
                    or not re.search(r"[AEIOUYÀ-ÖØ-Þ]", part):
                continue  # "UWV", "CJG": an abbreviation has no vowel, or too few letters
            name = part.capitalize()
            if is_language_or_country(name):
                continue
            if not (is_name_word(name) or (len(part) >= 5 and not is_ordinary_word(name) and zipf(name) < 2.5)):
                continue
            out.append([s, e, "person", {"common": False, "guess": True, "sentence_start": False, "code": True}])
    return out


def _institution(view: str, start: int, end: int) -> bool:
    """A capitalised group deduce took for a person that Dutch writes as an institution or a thing:
    after an article ("Het Rode Kruis", "de Albert Heijn"), or with a genitive "der" not after "van"
    ("Koning der Nederlanden", "Raad der Kerken")."""
    text = view[start:end]
    if sum(w[:1].isupper() for w in text.split()) >= 2 and _ARTICLE.search(view[:start]):
        return True
    return re.search(r"(?<!\b[Vv]an)(?<!\b[Vv]on) der [A-Z]", text) is not None and not text.lower().startswith("der ")


_CAPITALS_RUN = re.compile(r"(?<![\w'’-])[^\W\d_a-zß-ÿ]{2,}(?:['’-][^\W\d_a-zß-ÿ]+)*"
                           r"(?:[ ]+['’]?[^\W\d_a-zß-ÿ]{1,}(?:['’-][^\W\d_a-zß-ÿ]+)*)+(?![\w'’-])")
_CAPITAL_INTERFIXES = {"VAN", "DE", "DER", "DEN", "TER", "TEN", "HET", "'T", "’T", "VON", "DA", "DI", "DU", "LE", "LA",
                       "EL", "AL"}


def name_case_capitals(view: str) -> str:
    """``view`` with each name written in capitals written as a name ("ANNEKE DE GROOT" becomes
    "Anneke de Groot", "Aan: JAN DE VRIES"), so that the rules for names see it; same length, so
    every position stays. Two or more words in capitals are a name when

    - the first is a first name of deduce's lists and each other an interfix, a name of its lists or
      no word of Dutch ("IN MEMORIAM JAN DE VRIES", "KIM EN SANNE"); after a first name that is no
      Dutch word the next word is its surname whatever it means ("PIM FLINK");
    - or every word is no word of Dutch, nor a place, language or abbreviation ("TURGUT YILMAZ").

    Headings and abbreviations ("STAP 1: AANGIFTE DOEN", "UWV EN SVB", "ROOS EN TULPEN") stay as they
    are: the rules for names then decide on the text as it would be written."""
    if not any(c.isupper() for c in view):
        return view

    def as_name(word: str) -> str:
        return "-".join(p.capitalize() for p in word.split("-"))

    def name_word(word: str) -> bool:
        return _source_first_name(word) or _lookup("surname", word) or _lookup("interfix_surname", word) \
            or not (_dutch_listed(word) or zipf_of(word) >= 4.0)

    def first_name(word: str) -> bool:  # "BEN LIPS", not "BEN JE KLAAR": a verb before a pronoun
        if _lookup("stop_word", word.lower()):
            return word in _source_list("items") and not _not_a_name_to_deduce(word) and not _NOT_A_VERB.match(word.lower())
        return _source_first_name(word)

    def foreign(word: str) -> bool:  # no word of Dutch, no abbreviation ("UWV", "GGD", "DUO IND")
        name = as_name(word)
        return len(word) >= 4 and re.search(r"[AEIOUYÀ-ÖØ-Þ]", word) is not None and not _dutch_listed(name) \
            and zipf_of(name) < 3.0 and not is_language_or_country(name) and not _lookup("placename", name)

    from .words import is_language_or_country  # noqa: PLC0415
    out = list(view)
    changed = False
    for m in _CAPITALS_RUN.finditer(view):
        words = [(w.start() + m.start(), w.group()) for w in re.finditer(r"\S+", m.group())]
        i = 0
        while i < len(words):
            listed = first_name(as_name(words[i][1]))
            if not (listed or foreign(words[i][1])):
                i += 1
                continue
            j = i + 1  # the name goes on over interfixes, names and "EN" between two first names
            if j < len(words) and not is_common_word(as_name(words[i][1])) and words[j][1] not in _CAPITAL_INTERFIXES \
                    and not _dutch_listed(words[j][1]) and not (j + 1 < len(words) and words[j + 1][1] in _CAPITAL_INTERFIXES):
                j += 1  # after a first name that is no word, its surname whatever it means ("PIM FLINK")
            while j < len(words) and (words[j][1] in _CAPITAL_INTERFIXES or name_word(as_name(words[j][1])) or (
                    words[j][1] == "EN" and j + 1 < len(words) and _source_first_name(as_name(words[j + 1][1])))):
                j += 1
            while j > i + 1 and words[j - 1][1] in _CAPITAL_INTERFIXES | {"EN"}:
                j -= 1
            if not listed and not all(foreign(w) or w in _CAPITAL_INTERFIXES for _, w in words[i:j]):
                j = i + 1  # a name no list holds: every word no word of Dutch ("TURGUT YILMAZ")
            if j > i + 1:
                for k in range(i, j):
                    pos, w = words[k]
                    cased = w.lower() if k > i and (w in _CAPITAL_INTERFIXES or w == "EN") else as_name(w)
                    out[pos:pos + len(w)] = cased
                changed = True
            i = j
    return "".join(out) if changed else view


def analyse(view: str) -> dict[str, Any]:
    """Run deduce on one block of text; the JSON-able result is what is cached.

    Returns ``{"spans": [[start, end, kind, flags], ...]}`` where kind is
    person, location or date and flags holds ``common`` (a single-word name
    that may be an ordinary word, see ``ambiguous_word``), ``poss`` (a
    possessive form), ``sentence_start``, ``guess`` (a name deduce did not
    know, see ``_guessed_names``) and ``initials`` ("M.J.").
    Positions are plain ints (deduce gives numpy integers for some).
    """
    from .words import is_language_or_country  # noqa: PLC0415
    global ANALYSES
    ANALYSES += 1
    view = name_case_capitals(view)
    doc = engine().deidentify(view, disabled=_DISABLED)
    spans: list[list[Any]] = []
    covered: list[tuple[int, int]] = []
    for ann in doc.annotations.sorted(by=("start_char",)):
        kind = _TAGS.get(ann.tag)
        if kind is None:
            continue
        flags: dict[str, bool] = {}
        # deduce may give numpy integers (its regex/lookup annotators): the result is cached as JSON
        start, end = int(ann.start_char), int(ann.end_char)
        text = view[start:end]
        if kind in ("person", "location") and is_language_or_country(re.sub(r"(?:'s|’s|'|’)$", "", text)) \
                and not (kind == "person" and _first_name_with_surname(view, text, end)):
            continue  # "in het Engels", "tolken Arabisch, Turks", "uit Polen": not a person, not a place
        if kind == "location" and _imperative(view, start, end):
            continue  # "Leg in gewone taal uit", "Plak de tekst": a verb that is also a hamlet
        if kind == "person" and _institution(view, start, end):
            continue
        if kind == "person" and text.split() and all(w.lower() in _INTERFIX_ONLY for w in text.split()):
            continue  # "Ons pand aan de Brink 32": "aan de Brink" cut by the address "Brink 32" leaves no name
        if kind == "person":
            lead = re.match(r"([^\W\d_]+) (?=[^\W\d_a-zß-ÿ])", view[start:end])
            if lead and _SENTENCE_START.search(view[:start]) and not _source_first_name(lead.group(1)) \
                    and lead.group(1).lower() not in _INTERFIX_WORDS \
                    and (_dutch_listed(lead.group(1)) or zipf_of(lead.group(1)) >= FREQUENT_AT_START):
                start += lead.end()  # "Volgens Mohammed moest ik", "Dankzij Ingrid": the word of Dutch stays
        if kind == "person":
            words = text.split()
            if len(words) == 1 and re.search(r"[^sxzSXZ]['’]$", words[0]):
                end -= 1  # "'Gemma' antwoordde": a closing quote, not a possessive (only "Annelies'", "Max'")
                text, words = view[start:end], [words[0][:-1]]
            if len(words) == 1:
                word = words[0]
                bare = re.sub(r"(?:'s|’s|'|’)$", "", word)
                flags["common"] = ambiguous_word(bare) or (
                    # "Post van de gemeente": a word of Dutch starting a sentence before a preposition is the
                    # noun; never a first name of deduce's lookup ("Albert van de gemeente belde terug" was
                    # published, and so were a thousand names wordfreq also counts as Dutch: "Roos op de tafel"
                    # loses its rose, which is the lesser harm)
                    bool(_SENTENCE_START.search(view[:start])) and _is_dutch(bare) and zipf_of(bare) >= 3.0
                    and not _lookup("first_name", bare)
                    and not _sentence_verb_after(view, end) and re.match(r"[ ]+[a-z]", view[end:]) is not None)
                if "-" in bare and all(_source_first_name(p) for p in bare.split("-")):
                    flags["common"] = False  # "Zoë-Sarah belde": two first names joined are no word
                if bare != word or (word.endswith("s") and len(word) > 3
                                    and is_name_word(word[:-1]) and not is_name_word(word)):
                    flags["poss"] = True
                    if is_language_or_country(word):
                        continue
                    before = _NAME_BEFORE.search(view[:start])
                    if bare == word and before and _first_of_pair(before.group(1)):
                        # "Clive Andrews belde": a capitalised word before the -s form makes it a
                        # surname, not a possessive ("Andrews dochter"); the name takes its first name
                        start, flags["poss"], flags["common"] = before.start(1), False, False
                        text = view[start:end]
            if len(words) == 1 and flags.get("common") and not flags.get("poss") and _AND_PRONOUN.match(view, end) \
                    and (_source_first_name(words[0]) or _lookup("first_name", words[0])):
                flags["common"] = False  # "Jeroen en ik zijn sinds 2015 samen": a first name beside a pronoun is a person
            flags["sentence_start"] = bool(_SENTENCE_START.search(view[:start]))
            if _TITLE_BEFORE.search(view, max(0, start - 12), start):
                # "Fam. Kramer uit Assen", "Dhr. Post belde": after a title the word is a surname, and its
                # full stop ends no sentence ("Kramer", a Dutch word as well, was published)
                flags["sentence_start"], flags["common"] = False, False
            if len(words) == 1 and flags.get("common") and flags["sentence_start"] and not flags.get("poss") \
                    and _not_dutch(words[0]) and zipf_of(words[0]) < SINGLE_ZIPF and not is_common_word(words[0]) \
                    and _sentence_verb_after(view, end):
                flags["common"] = False  # "Adams had de aangifte": no word of Dutch, before a verb: a surname
            if len(words) == 1 and flags.get("common") and not flags.get("poss") and _source_first_name(words[0]) \
                    and zipf_of(words[0]) < AMBIGUOUS_NAME_ZIPF and _subject_before_verb(view, start, end):
                flags["common"] = False  # "Riet wilde niet verhuizen": a first name as the subject of its verb
        spans.append([start, end, kind, flags])
        covered.append((start, end))
    # Possessive first names deduce misses: "Ingrids man", "Annelies' broer".
    for m in _POSSESSIVE_WORD.finditer(view):
        if any(s < m.end() and m.start() < e for s, e in covered):
            continue
        stem = m.group(1)
        if is_common_word(m.group(0).rstrip("'’")) or is_common_word(stem) or is_language_or_country(m.group(0)):
            continue
        following = re.match(r"\s+([\w']+)", view[m.end():])
        if following and _lookup("stop_word", following.group(1).lower()):
            continue  # a possessive precedes a noun, never "dit", "de", "je": "Lees dit boek" is a verb
        initial = bool(_SENTENCE_START.search(view[:m.start()]))
        before = _NAME_BEFORE.search(view[:m.start()])
        if m.group(0).endswith("s") and is_name_word(stem) and before and _first_of_pair(before.group(1)) \
                and not any(s < m.start() and before.start(1) < e for s, e in covered):
            # "Clive Andrews belde": after a capitalised word the -s form is a surname, not a possessive
            # ("Andrews dochter"): the whole pair is the name, so no first name is left behind
            spans.append([before.start(1), m.end(), "person", {"poss": False, "common": False, "sentence_start":
                          bool(_SENTENCE_START.search(view[:before.start(1)]))}])
            covered.append((before.start(1), m.end()))
            continue
        if _lookup("first_name", stem) or (not initial and _lookup("surname", stem)):
            spans.append([m.start(), m.end(), "person",
                          {"poss": True, "common": ambiguous_word(stem), "sentence_start": False}])
            covered.append((m.start(), m.end()))
    # A capitalised word right after a family or relation word: "familie Boukhari".
    for m in _RELATION_NAME.finditer(view):
        start, end = m.span("name")
        if any(s < end and start < e for s, e in covered):
            continue
        words = m.group("name").split()
        title = _FORM_OF_ADDRESS.search(view[m.start():start])
        if m.group("ifx"):
            # "consulent van der Meer", "collega de Boer": a surname of deduce's lists after the
            # interfix ("medewerker van Vluchtelingenwerk" stays); after a title any surname ("Fam. van de Biezenbos")
            if not title and (m.group("ifx") == "van de " or not (_lookup("interfix_surname", words[-1])
                                                                    or _lookup("surname", words[-1]))):
                continue  # ("een vriend van de Heer": "van de" only after a title)
        # after "mevrouw", "meneer", "de heer" a capitalised word is a surname whatever lists say ("mevrouw Bowen")
        # a first name that is a Dutch word as well is a name there ("dochter Lot", "moeder Riet")
        elif not title and any((is_common_word(w) and not (len(words) == 1 and _source_first_name(w)
                                                           and not _lookup("stop_word", w.lower())))
                               or is_language_or_country(w) for w in words):
            continue
        spans.append([start, end, "person", {"common": False, "sentence_start": False}])
        covered.append((start, end))
    # A first name deduce found alone, followed by a capitalised word: the surname ("Erik Krabbe", "Dan West").
    extended = []
    for sp in spans:
        lead, _, word = view[sp[0]:sp[1]].rpartition(" ")
        # one word, or one after a lowercase title or relation deduce took with it ("collega Patrick")
        if sp[2] != "person" or sp[3].get("poss") or (lead and not lead.islower()):
            continue
        if not _lookup("first_name", word) and not _RELATION_BEFORE.search(view[max(0, sp[0] - 30):sp[0]]):
            continue
        m = _SURNAME_AFTER.match(view, sp[1])
        if not m:
            continue
        surname = m.group("s")
        if (is_language_or_country(surname) and not _lookup("surname", surname)) or any(s < m.end() and sp[1] < e for s, e in covered if (s, e) != (sp[0], sp[1])):
            continue
        extended.append((sp, m.end()))
    for sp, new_end in extended:
        covered.remove((sp[0], sp[1]))
        sp[1] = new_end
        sp[3]["common"] = False
        covered.append((sp[0], sp[1]))
    guessed = _guessed_names(view, covered)
    spans.extend(guessed)
    covered.extend((g[0], g[1]) for g in guessed)
    for rare in _rare_capitalised(view, covered):
        spans.append(rare)
        covered.append((rare[0], rare[1]))
    for unlisted in _unlisted_names(view, covered):
        spans.append(unlisted)
        covered.append((unlisted[0], unlisted[1]))
    for left_out in _first_names_deduce_leaves_out(view, covered):
        spans.append(left_out)
        covered.append((left_out[0], left_out[1]))
    _first_names_before_surname(view, spans, covered)
    for named in _first_names_of_couples(view, spans, covered):
        spans.append(named)
        covered.append((named[0], named[1]))
    _surnames_after_first_names(view, spans, covered)
    _names_around_a_nickname(view, spans, covered)
    # Initials standing alone for a person: "M.J.", "Y.A.H." (one initial, "meneer K.", is a pseudonym).
    for m in [*_INITIALS.finditer(view), *_INITIALS_INTERFIX.finditer(view)]:
        if m.re is _INITIALS and not all(c.isupper() for c in m.group() if c.isalpha()):
            continue
        if any(s < m.end() and m.start() < e for s, e in covered):
            continue
        spans.append([m.start(), m.end(), "person", {"common": False, "initials": True, "sentence_start": False}])
    spans.sort(key=lambda sp: sp[0])
    return {"spans": _merge_adjacent(view, spans)}


#: Zipf in Dutch from which a capitalised word starting a sentence is taken for a word, not a first
#: name, before a surname ("Volgens", "Tijdens", "Dankzij" are above; "Wilhelmina" 3.7)
FREQUENT_AT_START = 4.0
#: Interfixes of surnames that are no common preposition ("in", "op", "te" are left out: "Gezinsuitbreiding
#: in Zwolle", "Jan op Schiphol")
_INTERFIX = r"(?:van der|van den|van de|van 't|v\.d\.|v\.|van|de|der|den|ter|ten|von|da|di|du|le|la|el|al)"
_INTERFIX_START = re.compile(_INTERFIX + r"[ ]")
#: What opens a sentence without a space before its first word: a quote, a bracket, emphasis, a
#: paragraph or list item ("\"Bij Sanne hadden", "(Toen Anna belde").
_OPENING = re.compile(r"(?:^|[\"“‘'(\[*_]|\n\s*)$")
_AFTER_ARTICLE = re.compile(r"(?<![\w'’])(?:[Dd]e|[Hh]et|[Ee]en)[ ]$")
_INTERFIX_BEFORE = re.compile(r"(?<![\w'’])" + _INTERFIX + r"[ ]$")
_INTERFIX_SURNAME_AFTER = re.compile(
    r"[ ](?P<ifx>" + _INTERFIX + r")[ ](?P<s>[^\W\d_a-zß-ÿ][^\W\d_A-Z]+(?:-[^\W\d_][^\W\d_]+)?)(?![\w'’-])")


def _first_name_before(view: str, word: str, start: int, strict: bool = False, surname: str = "") -> bool:
    """Is ``word`` (at ``start``, right before a surname) a first name? Written as a name,
    no role or title, and: a first name of deduce's lists; else no language or country and
    - mid-sentence, any capitalised word ("met Erna de Haas"): a Dutch word there is written in
      lowercase; a stop word only before a ``surname`` that is no first name ("volgens Ben
      Willemsen"; not "want Bij Sanne ...");
    - at the start of a sentence, a quote or a bracket (or ``strict``), no word of deduce's Dutch
      lists and no frequent Dutch word ("Wilhelmina van Oosterhout belde"; not "Toen de Boer
      belde", "Volgens de Boer", "Tijdens de Wit": prepositions and conjunctions come first there)."""
    from .words import is_language_or_country, zipf  # noqa: PLC0415
    if not _capitalised(word) or _is_person_noun(word) or _FORM_OF_ADDRESS.match(word + " ") \
            or _AFTER_ARTICLE.search(view, 0, start):
        return False  # after an article a noun: "Het Huis van de Wijk"
    if _lookup("first_name", word):
        return True
    if is_language_or_country(word) or _lookup("placename", word):
        return False
    if strict or _SENTENCE_START.search(view[:start]) or _OPENING.search(view, 0, start):
        if _source_first_name(word) and not _NOT_A_VERB.match(word.lower()) and not _lookup("stop_word", word.lower()) \
                or word in _source_list("items") and not _not_a_name_to_deduce(word) and not _NOT_A_VERB.match(word.lower()):
            return True  # "Ben Jansen van de woningcorporatie", "Lot de Vries belde": a first name deduce left out
        return not _dutch_listed(word) and zipf(word) < FREQUENT_AT_START
    if not _lookup("stop_word", word.lower()):
        return True
    return bool(surname) and _lookup("surname", surname) and not _lookup("first_name", surname)


def _listed_interfix_surname(interfix: str, word: str) -> bool:
    """Is ``word`` after ``interfix`` a surname by deduce's lists (its surnames, its surnames that follow
    an interfix, its places: "van der Leek", "de Korte", "van Doorn"), no language or country? After
    "van de" an ordinary word is rather a noun ("van de Raad"): only names that are no Dutch word."""
    from .words import is_language_or_country, is_ordinary_word  # noqa: PLC0415
    if is_language_or_country(word):
        return False
    # a town after "van"/"ter" is a surname after a first name ("van Doorn", "ter Apel"), not after "de"
    if not (_lookup("interfix_surname", word) or _lookup("surname", word)
            or (interfix.startswith(("van", "ter", "ten")) and _lookup("placename", word))):
        return False
    return interfix != "van de" or not is_ordinary_word(word)


def _extend(sp: list[Any], start: int, end: int, view: str, covered: list[tuple[int, int]]) -> None:
    covered.remove((sp[0], sp[1]))
    sp[0], sp[1] = start, end
    sp[3]["common"] = False
    sp[3]["sentence_start"] = bool(_SENTENCE_START.search(view[:start]))
    covered.append((start, end))


def _first_names_before_surname(view: str, spans: list[list[Any]], covered: list[tuple[int, int]]) -> None:
    """A surname that deduce found without the first names before it: "Wilhelmina van Oosterhout",
    "Anna Maria de Wit", "Dex Mansveld", where "van Oosterhout" (or "Ginneke" of "van Ginneke",
    "Mansveld") alone was a person. Capitalised words right before it are that person's first
    names (see ``_first_name_before``; not "Toen van Dijk belde", "Mevrouw van Dijk",
    "Consulent de Boer", "Volgens Jansen"). Changes ``spans`` and ``covered`` in place."""
    for sp in spans:
        # deduce may take the surname for a town ("Torbjörn van Doorn", "Ben Noordijk"): after an
        # interfix only a first name of its lists or a word that is no Dutch ends it ("Hof van
        # Twente", "Land van Cuijk" stay places); without one the town must be a surname too
        place = sp[2] == "location" and " " not in view[sp[0]:sp[1]]
        if not (sp[2] == "person" or place) or sp[3].get("initials") or sp[3].get("poss"):
            continue
        start, strict = sp[0], False
        if place and _INTERFIX_START.match(view, start):
            continue
        if not _INTERFIX_START.match(view, start):
            ifx = _INTERFIX_BEFORE.search(view, 0, start)
            if ifx is not None and (not place or _listed_interfix_surname(ifx.group().strip(), view[start:sp[1]])):
                start, strict = ifx.start(), place  # "Lot van Ginneke", where deduce found "Ginneke"
            elif ifx is not None or sp[3].get("guess") or " " in view[start:sp[1]] \
                    or (place and not _lookup("surname", view[start:sp[1]])):
                continue  # a town that is a surname too may be one after a first name: "Ben Noordijk"
            # else a surname deduce found alone, without the first name before it: "Dex Mansveld"
        first = start
        while True:
            before = _NAME_BEFORE.search(view, 0, first)
            surname = view[sp[0]:sp[1]] if first == start and " " not in view[sp[0]:sp[1]] else ""
            if before is None or not _first_name_before(view, before.group(1), before.start(1), strict=strict,
                                                        surname=surname) \
                    or any(s < first and before.start(1) < e for s, e in covered if (s, e) != (sp[0], sp[1])):
                break
            first = before.start(1)
        if first != start:
            if place:
                sp[2] = "person"
            _extend(sp, first, sp[1], view, covered)


_COUPLE = re.compile(r"(?<![\w'’\-])([^\W\d_][^\W\d_'’\-]*) (?:en|of|&) $")
_COUPLE_AFTER = re.compile(r" (?:en|&) ([^\W\d_][^\W\d_'’\-]*)(?![\w'’\-])")


def _first_names_of_couples(view: str, spans: list[list[Any]], covered: list[tuple[int, int]]) -> list[list[Any]]:
    """A first name no list holds, joined by "en" to a full name: "Wilhelmina en Gerrit van
    Oosterhout", "Luchino en Anna de Vries" (two people of one family named at once). The word
    must be written as a name and be no word of deduce's Dutch lists, no frequent Dutch word,
    no Dutch compound ("Vluchtelingenwerk en Gerrit Jansen"), no place, language or country.
    Beside a first name found alone ("Sjaak en Mien", "Mien en Sjaak"), a first name of deduce's
    source list joins it, and a name deduce found but doubted there (at a sentence start) is a name."""
    from .words import is_compound  # noqa: PLC0415
    out = []
    taken: list[tuple[int, int]] = []
    for sp in spans:
        words = view[sp[0]:sp[1]].split()
        if sp[2] != "person" or not words or not _lookup("first_name", words[0]):
            continue
        if len(words) == 1 and (sp[3].get("common") or sp[3].get("poss") or sp[3].get("initials")):
            continue  # a first name alone that may be a word ("Roos"): no evidence for its neighbour
        found = [_COUPLE.search(view, 0, sp[0])]
        if len(words) == 1:  # "Sjaak en Mien", "Mien en Sjaak": one first name found, the other written beside it
            found.append(_COUPLE_AFTER.match(view, sp[1]))
        for m in found:
            if m is None:
                continue
            word = m.group(1)
            twin = next((o for o in spans if (o[0], o[1]) == m.span(1) and o[2] == "person" and o[3].get("common")), None)
            if twin is not None and len(words) == 1 and (_lookup("first_name", word) or _first_name_before(
                    view, word, m.start(1), strict=True)):
                twin[3]["common"] = False  # "Sjaak en Mien": deduce found both, doubting the one at the start
                continue
            if any(s < m.end(1) and m.start(1) < e for s, e in covered + taken):
                continue
            if len(words) == 1 and not (_source_first_name(word) and _first_name_before(view, word, m.start(1), strict=True)):
                continue  # beside a first name alone, only a word the lists hold as one ("Mac en Linux" stays)
            if _lookup("first_name", word) or (_first_name_before(view, word, m.start(1), strict=True)
                                               and not is_compound(word)):
                out.append([m.start(1), m.end(1), "person",
                            {"common": False, "sentence_start": bool(_SENTENCE_START.search(view[:m.start(1)]))}])
                taken.append((m.start(1), m.end(1)))
    return out


#: Initials or first names, a first name in brackets, a surname: "H.M. (Hanneke) Bosch", "Hendrikus Johannes
#: (Henk) Kamphuis" (the name a person goes by, written inside their full name).
_NICKNAME = re.compile(r"(?<![\w.])(?P<before>(?:[^\W\d_a-zß-ÿ]\.){1,5}|[^\W\d_a-zß-ÿ][^\W\d_]+(?: [^\W\d_a-zß-ÿ][^\W\d_]+){0,3})"
                       r" \((?P<nick>[^\W\d_a-zß-ÿ][^\W\d_]+)\) "
                       r"(?P<after>(?:(?i:" + "|".join(sorted(map(re.escape, _INTERFIX_WORDS | {"oude", "del", "in 't"}),
                                                             key=len, reverse=True)) + r") )*"
                       r"[^\W\d_a-zß-ÿ][^\W\d_]+(?:-[^\W\d_a-zß-ÿ][^\W\d_]+)?)")


def _names_around_a_nickname(view: str, spans: list[list[Any]], covered: list[tuple[int, int]]) -> None:
    """A name written around the name its person goes by: "mevrouw drs. H.M. (Hanneke) Bosch", "Hendrikus
    Johannes (Henk) Kamphuis". When the name in brackets is a person found, the initials or first names
    before it and the surname after it are that person too: one span, so no initial or surname is left
    ("H.M. ([persoon A]) Bosch" was published). After first names the surname must be no word of deduce's
    Dutch lists, or a surname of its lists; after initials any capitalised word is ("N.Z. (Niek) Kosten").
    Changes ``spans`` and ``covered`` in place."""
    for m in _NICKNAME.finditer(view):
        nick = next((sp for sp in spans if sp[2] == "person" and (sp[0], sp[1]) == m.span("nick")), None)
        if nick is None:
            continue
        last = m.group("after").split()[-1]
        before = m.group("before")
        if not before.endswith(".") and is_common_word(last) and not _lookup("surname", last) \
                and not _lookup("interfix_surname", last):
            continue  # after initials and a first name in brackets any capitalised word is the surname ("Kosten")
        if not before.endswith(".") and not all(_source_first_name(w) for w in before.split()):
            continue  # "Gemeente Zwolle (Jan) Jansen": only first names or initials before the brackets
        start, end = m.start("before"), m.end("after")
        inside = [sp for sp in spans if sp[0] < end and start < sp[1]]
        if any(sp[2] not in ("person", "location") or (sp[2] == "location" and (sp[0] < start or sp[1] > end))
               for sp in inside):
            continue  # a date inside, or a place reaching out of the name: leave it as it was found
        start = min([start] + [sp[0] for sp in inside])  # "mevrouw drs. H" found by deduce: one span with the rest
        end = max([end] + [sp[1] for sp in inside])
        for sp in inside:  # "Bosch" of "H.M. (Hanneke) Bosch" was taken for the town
            spans.remove(sp)
            if (sp[0], sp[1]) in covered:
                covered.remove((sp[0], sp[1]))
        spans.append([start, end, "person", {"common": False, "sentence_start": bool(_SENTENCE_START.search(view[:start]))}])
        covered.append((start, end))


def _surnames_after_first_names(view: str, spans: list[list[Any]], covered: list[tuple[int, int]]) -> None:
    """A first name found alone (deduce's lists, or a name no list holds) followed by an interfix and a
    surname of deduce's lists: "Ludvig van der Leek", "Leopoldo de Man", whose surnames are also
    words. Not "Karin van Vluchtelingenwerk" (no surname) nor "Sandra van de Raad" (a noun after
    "van de"). Changes ``spans`` and ``covered`` in place."""
    places = {(sp[0], sp[1]): sp for sp in spans if sp[2] == "location"}
    taken = []
    for sp in spans:
        if sp[2] != "person" or sp[3].get("initials") or sp[3].get("poss") or " " in view[sp[0]:sp[1]].strip():
            continue
        m = _INTERFIX_SURNAME_AFTER.match(view, sp[1])
        if m is None or not _listed_interfix_surname(m.group("ifx"), m.group("s")):
            continue
        place = places.get(m.span("s"))  # "Torbjörn van Doorn": deduce took Doorn for the town
        if any(s < m.end() and sp[1] < e for s, e in covered if (s, e) not in ((sp[0], sp[1]), m.span("s"))) \
                or (m.span("s") in covered and place is None):
            continue
        if place is not None:
            taken.append(place)
            covered.remove(m.span("s"))
        _extend(sp, sp[0], m.end(), view, covered)
    for place in taken:
        spans.remove(place)


#: One capital and a full stop after a first name, then no letter: the initial of a surname ("Kevin S.").
_SURNAME_INITIAL = re.compile(r" [^\W\d_a-zß-ÿ]\.(?![\w.])")
#: A surname's particle glued to it with an apostrophe, standing alone before it: "O'Neill", "D'Souza", "l'Ami".
_GLUED_PARTICLE = re.compile(r"(?<![\w'’])[OoDdLl]['’]$")


def _merge_adjacent(view: str, spans: list[list[Any]]) -> list[list[Any]]:
    """Person spans with only a space (or an Arabic or Dutch particle) between them are one name:
    "Abdelkader" + "Ben Ali", "Erik" + "van Dijk"."""
    out: list[list[Any]] = []
    for sp in spans:
        if sp[2] == "person" and _GLUED_PARTICLE.search(view, 0, sp[0]):
            sp = [sp[0] - 2, *sp[1:]]  # "O'Neill", "d'Hondt": the particle glued before is the name's ("O'" was left)
        if sp[2] == "person" and not sp[3].get("poss") and (after := _SURNAME_INITIAL.match(view, sp[1])):
            sp = [sp[0], after.end(), *sp[2:]]  # "medewerker Kevin S. schreef": the surname's initial ("S." was left)
        prev = out[-1] if out else None
        if prev is not None and prev[2] == sp[2] == "person" and not prev[3].get("poss") and \
                re.fullmatch(r" (?:(?:[Bb]en|[Bb]in|[Ii]bn|[Aa]bu|el|al|van|de|der|den) )*", view[prev[1]:sp[0]]):
            out[-1] = [prev[0], sp[1], "person", {**prev[3], **{k: v for k, v in sp[3].items() if k == "poss"},
                                                   "common": False}]
            continue
        out.append(sp)
    return out


def classify_term(term: str) -> dict[str, bool]:
    """Is a redact term a person's name (first name or surname)?"""
    words = term.split()
    person = bool(words) and all(w[:1].isupper() for w in words) and any(
        is_name_word(w) for w in words)
    place = bool(words) and not person and (_lookup("placename", term) or _lookup("placename", term.title()))
    return {"person": person, "common": len(words) == 1 and is_common_word(term), "place": bool(place)}


#: Interfixes a domain name can hold between a first name and a surname, longest first ("pieterdejong",
#: "marloesvanderlinden", "jantenbrinke"), as deduce's interfix-surname list writes them apart.
_HOST_INTERFIXES = ("van der ", "van den ", "van de ", "van 't ", "in 't ", "op de ", "op den ", "in de ", "uit de ",
                    "van ", "de ", "den ", "der ", "ter ", "ten ", "te ", "op ", "in ", "")  # (a bare "'t" glued is a "t")
_URL_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^/@\s]*@)?([^/?#:\s]+)", re.IGNORECASE)


def host_words(url: str) -> list[str]:
    """The words of a URL's host name that can name its owner: its labels and their hyphenated parts,
    without "www" and the top-level domain ("https://www.pieterdejong.nl/contact" -> ["pieterdejong"])."""
    m = _URL_HOST.match(url.strip())
    if not m:
        return []
    labels = m.group(1).lower().split(".")
    labels = [label for label in labels[:-1] if label and label not in ("www", "m", "nl", "be")]
    out = []
    for label in labels:
        parts = [p for p in label.split("-") if p]
        out += [label] + (parts if len(parts) > 1 else []) + (["".join(parts)] if len(parts) > 1 else [])
    return list(dict.fromkeys(out))


def names_a_person(word: str) -> bool:
    """Is a run of letters from a host name a first name and a surname written together, as personal
    domains are ("pieterdejong", "marloesvanderlinden", "sannebakker")? Both parts from deduce's lists:
    a listed first name of three letters or more, then a listed surname, or an interfix and a surname
    deduce lists with that interfix. A name of a public body ("rijksoverheid", "belastingdienst") is no
    such pair, so its site stays as written."""
    word = word.lower()
    if not (7 <= len(word) <= 40 and word.isalpha() and word.isascii()):
        return False
    for cut in range(3, len(word) - 1):
        first = word[:cut].capitalize()
        if not (_lookup("first_name", first) or first in _source_list("items")) or _not_a_name_to_deduce(first) \
                or is_common_word(first):  # "markt" of marktplaats, "hart" of hartstichting
            continue
        rest = word[cut:]
        for interfix in _HOST_INTERFIXES:
            glued = interfix.replace(" ", "").replace("'", "")
            surname = rest[len(glued):].capitalize()
            if not rest.startswith(glued) or len(surname) < (2 if interfix else 3):
                continue
            if interfix and _lookup("interfix_surname", surname):
                return True
            # a surname that is a word as well ("Vos", "Groen") only after a first name of five letters or more
            # ("pascalvos", "wilfriedgroen")
            if not interfix and _lookup("surname", surname) and (
                    not is_common_word(surname) or cut >= 5):
                return True
    return False
