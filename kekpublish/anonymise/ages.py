"""Ages of people, generalised to a band; durations ("61 jaar getrouwd") stay.

Only statements that are about someone's age are matched: "67 jaar (oud)",
"de 67-jarige", "ze werd 74", "is 93 geworden", "toen hij 18 was",
"Jansen (82)", "een man van 67", "een weduwe van 73 kwam" (a person word, then a number
that no unit follows), "Lotte van negen", "op zijn
zevenentwintigste", "leeftijd: 67", and English equivalents. A number
followed by "jaar" and something else ("61 jaar getrouwd", "zes jaar
wachten") is a duration and is left alone, and so is "<subject> was N jaar" when the subject
is no person ("de wachttijd was negen jaar").
"""
from __future__ import annotations

import re
from functools import lru_cache

from .numbers import NUMBER_WORD, parse_number
from .spans import Span

BANDS = ((30, "<30"), (45, "30-44"), (65, "45-64"))


def age_band(age: int) -> str:
    """The published age band: "<30", "30-44", "45-64" or "65+"."""
    for limit, label in BANDS:
        if age < limit:
            return label
    return "65+"


#: A band as it reads in a sentence, standing for the number ("ze werd 74" -> "ze werd minstens 65";
#: "67 jaar oud" -> "minstens 65 jaar oud"), and before "-jarige" ("de 67-jarige" -> "de minstens 65-jarige").
BAND_PROSE = {
    "nl": {"<30": "jonger dan 30", "30-44": "tussen 30 en 44", "45-64": "tussen 45 en 64", "65+": "minstens 65"},
    "en": {"<30": "under 30", "30-44": "between 30 and 44", "45-64": "between 45 and 64", "65+": "65 or over"},
}
_BAND_YEAR_OLD = {"<30": "under-30", "30-44": "30-to-44-year-old", "45-64": "45-to-64-year-old", "65+": "over-65"}
_BAND_JARIG = {"<30": "hooguit 29", "30-44": "30- tot 44", "45-64": "45- tot 64", "65+": "minstens 65"}


def age_text(info: dict, original: str, after: str, language: str = "nl", before: str = "") -> str:
    """The replacement of an age found by ``find_ages``: prose, never a bare band in a sentence."""
    band = info["band"]
    lang = language if language in BAND_PROSE else "nl"
    if info.get("jarig"):
        suffix = re.search(r"(?i)jarigen?$|jarig$", original)
        if suffix:
            return f"{_BAND_JARIG[band]}-{suffix.group()}"
        return _BAND_YEAR_OLD[band]
    prose = BAND_PROSE[lang][band]
    if info.get("words") and re.search(r"(?:ste|de)$", original, re.IGNORECASE):
        word = "leeftijd" if lang == "nl" else "age"
        return f"[{word}: {prose}]"  # "op zijn zevenentwintigste"
    if info.get("apposition") and not re.match(r"\s*(?:jaar|years?)\b", after):
        return prose + (" jaar" if lang == "nl" else " years")  # "Sandra Smit, 52, woont"
    if lang == "nl" and band == "<30" and re.search(r"\bvan\s+$", before):
        return "onder de 30"  # "hun dochter van drie" -> "hun dochter van onder de 30"
    return prose


_NUM = rf"(?P<n>\d{{1,3}}|{NUMBER_WORD})"
_END = r"(?=\s*(?:[.,;:!?)\"'»](?!\d)|$|\s(?:en|maar|of|toen|want|dus|nu|en|is|was|werd|heeft|had|zijn|woont|woonde)\b))"
_RELATION = (
    r"(?:man|vrouw|jongen|meisje|kind|kindje|baby|zoon|zoontje|dochter|dochtertje|moeder|vader|"
    r"oom|tante|opa|oma|broer|broertje|zus|zusje|neef|nicht|buurman|buurvrouw|echtgenoot|"
    r"echtgenote|partner|weduwe|weduwnaar|dame|heer|meneer|mevrouw|klant|inwoner|bewoner|"
    r"bewoonster|respondent|moeder|schoonmoeder|schoonvader|kleinzoon|kleindochter|vriend|vriendin)"
)
_UNITS_AFTER = (r"(?!\s*(?:%|procent|euro|keer|dagen|dag|weken|week|maanden|maand|minuten|uur|"
                r"uren|meter|km|kilo|punten|cent|[-/.,]\d))")

_PATTERNS = [
    # 67 jaar oud / 67 jaar jong / 67 years old
    re.compile(rf"(?<![\w-]){_NUM}\s+(?:jaar|jaren)\s+(?:oud|jong)\b", re.I),
    re.compile(rf"(?<![\w-]){_NUM}(?P<jarig>-years?-old)\b", re.I),
    re.compile(rf"(?<![\w-]){_NUM}\s+years?\s+old\b", re.I),
    # de 67-jarige, vijfenzestigjarige (the span takes "-jarige" with it)
    re.compile(rf"(?<![\w-]){_NUM}(?P<jarig>-?jarig(?:e|en)?)\b", re.I),
    # ze werd 74 / wordt 80 / turned 74
    re.compile(rf"\b(?:werd|word|wordt|worden|werden|turned|turns)\s+(?:(?!(?:op|in|na|om|met|voor|binnen)\b)[a-zà-ÿ']+\s+){{0,3}}{_NUM}\b(?:\s+jaar\b)?{_UNITS_AFTER}", re.I),
    # is 93 geworden / was net 80 geworden
    re.compile(rf"\b(?:is|was|ben|zijn|waren|ben|bent)\s+(?:[a-zà-ÿ']+\s+){{0,3}}{_NUM}\s+(?:jaar\s+)?geworden\b", re.I),
    # ze is 67 (jaar). / ik ben 38 jaar, / she is 67 years
    re.compile(rf"(?<!\b[Ee]r )\b(?P<cop>is|ben|bent|was|zijn|waren|am|is|was)\s+(?P<pro>(?:hij|ze|zij|ik|je|jij|u|we|wij|she|he)\s+)?(?:(?:nu|al|pas|bijna|ruim|net|inmiddels|intussen|toen|sindsdien|dan|ongeveer|rond|zo'n|circa|zelf|ook|nog|zelfs|amper|nauwelijks|pas)\s+)*{_NUM}(?:\s+(?:jaar|years?))?{_END}", re.I),
    # Jan Smit, 34 jaar, woont ... (an age in apposition after a name)
    re.compile(rf"(?<![.!?]\s)\b[A-Z][\w'-]*\.?,\s+{_NUM}\s+(?:jaar|years?)(?=\s*[,;)])"),
    # Sandra Smit, 52, woont ... (the number alone in apposition after a name)
    re.compile(r"(?P<who>(?<![\w'’-])[^\W\d_a-zß-ÿ][^\W\d_]*(?:['’-][^\W\d_]+)*\.?),\s+(?P<n>\d{1,3}),\s+(?=[a-zà-ÿ])"),
    # "(Riet, 87)": a name and a number in brackets, as a narrative introduces a person
    re.compile(r"\((?P<who>[^\W\d_a-zß-ÿ][^\W\d_]*(?:['’-][^\W\d_]+)*),\s+(?P<n>\d{1,3})\)"),
    # kinderen van 3 en 5 (jaar) / van 7, 9 en 12
    re.compile(rf"\b{_RELATION}(?:s|eren|en)?\s+van\s+(?P<n>\d{{1,2}})(?=(?:,\s*\d{{1,2}})*\s+en\s+\d{{1,2}}\b)", re.I),
    re.compile(rf"\b{_RELATION}(?:s|eren|en)?\s+van\s+(?:\d{{1,2}},\s*)*\d{{1,2}},?\s+en\s+(?P<n>\d{{1,2}})(?:\s+jaar)?{_END}", re.I),
    # toen hij 18 was / toen ik achttien werd
    re.compile(rf"\btoen\s+(?:ik|hij|ze|zij|we|wij|jij|je|u)\s+{_NUM}\s+(?:jaar\s+)?(?:was|werd|waren|werden)\b", re.I),
    # Jansen (82) / Meneer J. (67 jaar)
    re.compile(rf"(?:\b{_RELATION}|(?P<who>(?<![\w'’-])[^\W\d_a-zß-ÿ][\w'’-]*\.?))\s*\((?P<n>\d{{1,3}})(?:\s+(?:jaar|jr\.?))?\)"),
    # een man van 67 / Lotte van negen / zoon van 9 jaar ("Wachttijd van negen jaar" is a duration)
    re.compile(rf"(?:\b{_RELATION}|(?P<who>(?:^|(?<=\s))[A-Z][a-zà-ÿ]+))\s+van\s+{_NUM}(?:\s+jaar)?(?:\s+oud)?{_END}"),
    re.compile(rf"\b{_RELATION}\s+van\s+{_NUM}\s+jaar\b", re.I),
    # een weduwe van 73 kwam ... / mijn moeder van 81 jaar / twee broers van 12 / zoon Daan van 12 bleven (never
    # "van 9 weken": units are checked in find_ages); the person words are those the name detectors use (see
    # _person_nouns), or a capitalised word that is a name
    re.compile(r"(?P<pn>\b[^\W\d_]+)\s+van\s+" + _NUM + r"(?![\w-]|[.,:/]\d)(?P<unit>\s+[^\W\d_]+)?", re.I),
    # op zijn zevenentwintigste / tot haar 18e / sinds mijn 65ste
    re.compile(rf"\b(?:op|tot|vanaf|sinds|na|voor|vóór|rond|tegen|at)\s+(?:zijn|haar|mijn|z'n|m'n|hun|je|jouw|uw)\s+"
               rf"(?P<n>\d{{1,3}}(?:e|de|ste)|{NUMBER_WORD}(?:ste|de))\b", re.I),
    # leeftijd: 67 / leeftijd van 67 / aged 67
    re.compile(rf"\b(?:leeftijd|age|aged)\s*(?::|van|of)?\s*{_NUM}\b", re.I),
    # 67 jr
    re.compile(r"(?<![\w-])(?P<n>\d{1,3})\s*jr\.?(?!\w)", re.I),
]


_PARENTS = {"moeder", "vader", "oma", "opa", "ouders", "moeders", "vaders", "schoonmoeder", "schoonvader"}


def _alternatives(pattern: str) -> set[str]:
    """The lowercase words of a regex alternation ("(?:zus|broer|...)"), its groups and classes left out."""
    src = re.sub(r"\[[^\]]*\]|\(\?P<\w+>|\(\?[:!=<]+|\\.", " ", pattern)
    return {w for w in re.findall(r"[a-zà-ÿ][a-zà-ÿ\-]+", src) if len(w) >= 2}


@lru_cache(maxsize=1)
def _person_nouns() -> frozenset[str]:
    """Words for a person: the relation, role and title words the name detectors already use
    ("zijn vriend Jayden West", "buurvrouw Gerda", "consulent Sandra") and this module's own."""
    from . import engine, nlp  # noqa: PLC0415  (engine imports this module)
    words = _alternatives(_RELATION)
    for regex in (nlp._RELATION_NAME, nlp._RELATION_BEFORE, engine._TITLE):
        words |= _alternatives(regex.pattern)
    # a group's "van 5" is its size ("een gezin van vijf", "de familie van 4"), and particles are no nouns
    return frozenset(words - {"ex", "de", "van", "familie", "gezin", "buren"})


def is_person_noun(word: str) -> bool:
    """"weduwe", "buurman", "zoontje", "broers", "kinderen": a word for a person (plurals too)."""
    w = word.lower()
    nouns = _person_nouns()
    return w in nouns or any(w.endswith(suffix) and w[: -len(suffix)] in nouns
                             for suffix in ("s", "en", "eren", "tje", "je", "nen"))


#: Subjects that are a person: "hij was 45", "ik ben 38", "she is 67".
_PRONOUNS = {"hij", "ze", "zij", "ik", "je", "jij", "u", "we", "wij", "men", "she", "he", "i", "you", "they"}
#: Words that follow a number as its unit ("van 9 weken", "van 50 euro"): CLDR unit and currency names
#: (babel, Dutch and English); jaar/jarig/oud make it an age.
#: After "van 10": the start of a range ("van 10 tot 11 uur"), not an age.
_RANGE_WORDS = {"tot", "t", "tm", "à", "a", "through", "to", "till", "until"}
_AGE_UNITS = {"jaar", "jaren", "jarig", "jarige", "oud", "jong", "year", "years", "old", "jr"}


@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    words = set(_alternatives(_UNITS_AFTER))
    try:
        from babel import Locale  # noqa: PLC0415
        for code in ("nl", "en"):
            loc = Locale.parse(code)
            patterns = loc._data["unit_patterns"]
            for key in patterns:
                for forms in patterns[key].values():
                    for form in (forms.values() if hasattr(forms, "values") else [forms]):
                        if isinstance(form, str):
                            words.update(w.lower() for w in form.replace("{0}", " ").split() if w.isalpha())
            for name in loc.currencies.values():
                words.add(name.split()[-1].lower())
    except Exception:  # noqa: BLE001 - babel missing or its data laid out differently: the hand units remain
        pass
    return frozenset(w for w in words if len(w) >= 2) - _AGE_UNITS


def _person_subject(text: str, start: int) -> bool:
    """Is the word before a copula ("... was 45") a person: a pronoun, a person word or a name?
    "de wachttijd was negen jaar" is a duration."""
    m = re.search(r"([^\W\d_][\w'’\-]*\.?|\])\s*,?\s*$", text[:start])  # "mevrouw Hoekstra-de Boer, is 71"
    if not m:
        return False
    word = m.group(1).rstrip(".")
    if word == "]" or word.lower() in _PRONOUNS or is_person_noun(word):
        return True  # "[persoon A] is 45": an already replaced name
    if not word[:1].isupper():
        return False
    from .labels import INTERFIXES  # noqa: PLC0415

    before = text[:m.start(1)].split()
    i = len(before)
    while i and before[i - 1].lower() in INTERFIXES:
        i -= 1
    if 0 < i < len(before) and before[i - 1][:1].isupper():
        return True  # "mevrouw Britt van der Velden, is 10": a surname after its interfixes, a Dutch word or not
    if text[m.end(1):start].strip() == "," and len(before) >= 2 and before[-1][:1].isupper() \
            and before[-1].isalpha() and not before[-2].endswith((".", "!", "?", ":")):
        return True  # "mevrouw Lars Lonen, is 82": two capitalised words inside a sentence, a name before a comma
    return not _not_a_name(word)


def _not_a_name(word: str) -> bool:
    from .words import is_language_or_country, is_name_word, is_ordinary_word  # noqa: PLC0415
    return (is_ordinary_word(word) and not is_name_word(word)) or is_language_or_country(word)


def find_ages(text: str) -> list[Span]:
    """Ages in ``text``: spans cover the number only; info holds the band."""
    spans: list[Span] = []
    seen: set[int] = set()
    for regex in _PATTERNS:
        for m in regex.finditer(text):
            value = parse_number(m.group("n"))
            if value is None or value > 120:
                continue
            start, end = m.span("n")
            if start in seen:
                continue
            if m.group("n").lower() == "een" and not re.search(r"(?i)\b(?:jaar|year)", m.group(0)):
                continue  # "geholpen door een medewerker": the article, not the number one
            ordinal = not m.group("n").isdigit() and m.group("n").lower().endswith(("ste", "de"))
            if ordinal and value < 12:
                continue
            groups = m.groupdict()
            who = groups.get("who")
            rel = re.match(r"[a-z]+", m.group(0).lower())
            if rel and rel.group() in _PARENTS and value <= 15 and not re.search(r"(?i)\bjaar\b", m.group(0)):
                continue  # "moeder van twee": two children, not an age
            if groups.get("cop") and not groups.get("pro") and not _person_subject(text, m.start()):
                continue  # "de wachttijd was negen jaar": a duration, not someone's age
            if "pn" in groups:
                unit = (groups.get("unit") or "").strip().lower()
                if unit in _unit_words() or unit in _RANGE_WORDS:
                    continue  # "een man van 90 kilo", "Daan van 12 weken", "Karin van 10 tot 11 uur"
                pn = groups["pn"]
                if not is_person_noun(pn) and not (pn[:1].isupper() and not _not_a_name(pn)):
                    continue  # "een wachttijd van 9 weken"; a name is a person too ("zoon Daan van 12 bleven")
            if who and not who[0].isupper():
                continue
            # "Gerald Holmes, 87,": the word before the comma ends a name of two capitalised words
            after_name = bool(who) and re.search(r"(?:^|\s)[^\W\d_a-zß-ÿ][^\W\d_]*\s+$",
                                                 text[:m.start("who")]) is not None
            # "schoonmoeder (Riet, 87)": a relation word before the brackets makes the word in them a name
            after_relation = m.group(0).startswith("(") and re.search(rf"\b{_RELATION}\s*$", text[:m.start()], re.I) is not None
            if who and not after_name and not after_relation and _not_a_name(who.rstrip(".")):
                continue  # "Wachttijd van negen jaar", "Daarna, 12, ...": a word, not a person
            info = {"band": age_band(value), "words": not m.group("n")[:1].isdigit()}
            if groups.get("jarig"):
                end = m.end("jarig")
                info["jarig"] = True
            if who and regex.pattern.startswith("(?P<who>"):
                info["apposition"] = True
            seen.add(start)
            spans.append(Span(start, end, "age", info))
    return spans
