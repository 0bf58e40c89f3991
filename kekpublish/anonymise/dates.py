"""Exact dates in texts, generalised to month and year (or month alone)."""
from __future__ import annotations

import datetime as dt
import re

from .numbers import NUMBER_WORD, parse_number
from .spans import Span

MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli",
           "augustus", "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
}

_MONTH_WORDS: dict[str, tuple[int, str]] = {}
for _lang, _names in MONTHS.items():
    for _i, _name in enumerate(_names, 1):
        _MONTH_WORDS[_name.lower()] = (_i, _lang)
        _MONTH_WORDS.setdefault(_name.lower()[:3], (_i, _lang))
for _abbr, _i in {"mrt": 3, "sept": 9, "okt": 10, "mar": 3, "oct": 10, "jun": 6, "jul": 7}.items():
    _MONTH_WORDS.setdefault(_abbr, (_i, "nl"))
_MONTH_WORDS["mei"] = (5, "nl")
_MONTH_WORDS["may"] = (5, "en")

_FULL = {n.lower() for names in MONTHS.values() for n in names}
_MONTH_RE = ("(?:" + "|".join(sorted(_FULL, key=len, reverse=True)) + r")\b|(?:"
             + "|".join(sorted(set(_MONTH_WORDS) - _FULL, key=len, reverse=True)) + r")\b\.?")
_WEEKDAY = (r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
            r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s+)")
_PREP = r"(?:(?P<prep>[Oo]p|[Oo]n)\s+)"

# 12 maart 1961, dinsdag 3 februari, 1 jan. 2020, 3rd of March 2020
_TEXT_DMY = re.compile(
    rf"(?<![\w]){_PREP}?(?P<wd>{_WEEKDAY})?(?P<d>[0-3]?\d)(?:e|de|ste|st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<m>{_MONTH_RE})(?:,?\s+(?P<y>(?:1[89]|20)\d\d|'\d\d)(?!\d))?", re.IGNORECASE)
# twaalf maart (negentienhonderdeenenzestig | 1961), de derde mei: a date written in words
_YEAR_WORDS = r"(?:negentienhonderd|tweeduizend)(?:[a-zë]*)"
_WORD_DMY = re.compile(
    rf"(?<![\w]){_PREP}?(?P<wd>{_WEEKDAY})?(?P<d>{NUMBER_WORD})\s+(?P<m>{_MONTH_RE})"
    rf"(?:,?\s+(?P<y>(?:1[89]|20)\d\d(?!\d)|{_YEAR_WORDS}))?", re.IGNORECASE)
# March 12, 1961 / March 12
_TEXT_MDY = re.compile(
    rf"(?<![\w]){_PREP}?(?P<wd>{_WEEKDAY})?(?P<m>{_MONTH_RE})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"
    rf"(?:,?\s+(?P<y>(?:1[89]|20)\d\d)(?!\d))?", re.IGNORECASE)
# 12-03-1961, 12/3/61, 12.03.1961
_NUM_DMY = re.compile(
    rf"(?<![\w./-]){_PREP}?(?P<d>[0-3]?\d)(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<y>(?:1[89]|20)\d\d|(?<![.])\d\d)(?![\w/-]|\.\d)")
# op 17/3, op 2-4: a day and a month without a year, said as a day ("op"); never "op 2-4 weken" or "op 3/4
# van de weg" (see _not_a_day)
_NUM_DM = re.compile(
    r"(?<![\w./-])(?P<prep>[Oo]p|[Oo]n)\s+(?P<d>[0-3]?\d)(?P<sep>[-/])(?P<m>[01]?\d)(?![\w/-]|[.,]\d)(?P<y>)(?=(?P<next>\s+[^\W\d_]+)?)")
# 1961-03-12
_NUM_YMD = re.compile(
    rf"(?<![\w./-]){_PREP}?(?P<y>(?:1[89]|20)\d\d)(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?![\w/-]|\.\d)")


def month_year(d: dt.date, language: str = "nl") -> str:
    """A date as month and year: "maart 2026" / "March 2026"."""
    names = MONTHS.get(language, MONTHS["nl"])
    return f"{names[d.month - 1]} {d.year}"


def _year(text: str | None) -> int | None:
    if not text:
        return None
    low = text.lower()
    for word, base in (("negentienhonderd", 1900), ("tweeduizend", 2000)):
        if low.startswith(word):
            rest = low[len(word):]
            n = parse_number(rest) if rest else 0
            return base + n if n is not None and n < 100 else None
    text = text.lstrip("'")
    year = int(text)
    if len(text) == 2:
        now = dt.date.today().year % 100
        year += 2000 if year <= now else 1900
    return year


def _valid(day: int, month: int, year: int | None) -> bool:
    try:
        dt.date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def find_dates(text: str, language: str = "nl") -> list[Span]:
    """Exact dates (with a day) in ``text``, each with its generalisation in info."""
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], month: int, month_word: str | None, lang: str) -> None:
        day = int(m.group("d")) if m.group("d").isdigit() else parse_number(m.group("d"))
        if day is None or not 1 <= day <= 31:
            return
        year = _year(m.group("y"))
        if not _valid(day, month, year):
            return
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        if month_word is None:
            names = MONTHS.get(lang, MONTHS["nl"])
            month_word = names[month - 1]
        out = month_word if year is None else f"{month_word} {year}"
        prep = m.group("prep")
        if prep:
            word = {"op": "in", "on": "in"}[prep.lower()]
            out = (word.capitalize() if prep[0].isupper() else word) + " " + out
        taken.append((m.start(), m.end()))
        spans.append(Span(m.start(), m.end(), "date",
                          {"replacement": out, "full": year is not None}))

    for regex in (_TEXT_DMY, _TEXT_MDY, _WORD_DMY):
        for m in regex.finditer(text):
            word = m.group("m").rstrip(".")
            month, lang = _MONTH_WORDS[word.lower()]
            if len(word) <= 4 and word.lower() not in ("mei", "may", "juni", "juli", "june", "july"):
                word = MONTHS[lang][month - 1]  # expand abbreviations
                if m.group("m")[0].islower() or lang == "nl":
                    word = word.lower()
            add(m, month, word, lang)
    for regex in (_NUM_YMD, _NUM_DMY):
        for m in regex.finditer(text):
            add(m, int(m.group("m")), None, language)
    for m in _NUM_DM.finditer(text):
        if not _not_a_day(m.group("next")):
            add(m, int(m.group("m")), None, language)
    return spans


def _not_a_day(next_word: str | None) -> bool:
    """After "op 2-4": a range of something ("weken", "euro", "keer") or a fraction ("3/4 van", "deel")."""
    if not next_word:
        return False
    from .ages import _unit_words  # noqa: PLC0415

    word = next_word.strip().lower()
    return word in _unit_words() or word in {"van", "deel", "delen", "jaar", "jaren", "mensen", "personen", "kinderen", "plekken"}


def generalise_date_text(text: str, language: str = "nl") -> tuple[str, bool] | None:
    """Generalise a date found by another detector; None if it cannot be parsed."""
    spans = find_dates(text, language)
    if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(text):
        return spans[0].info["replacement"], spans[0].info["full"]
    return None
