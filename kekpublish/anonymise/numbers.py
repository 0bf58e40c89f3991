"""Dutch number words ("vierenzeventig", "zevenentwintigste") to integers."""
from __future__ import annotations

import re

_UNITS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9,
}
_TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14,
    "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
}
_TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60,
    "zeventig": 70, "tachtig": 80, "negentig": 90,
}
_ORDINAL_SPECIAL = {"eerste": 1, "derde": 3, "achtste": 8}

_below_hundred = "|".join(
    sorted(list(_UNITS) + list(_TEENS) + list(_TENS), key=len, reverse=True))
#: A regular expression fragment for a cardinal or ordinal Dutch number word.
NUMBER_WORD = (
    r"(?:honderd)?(?:(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]?n)?"
    rf"(?:{_below_hundred}|honderd)(?:ste|de|e)?"
)


def _cardinal(word: str) -> int | None:
    if not word:
        return 0
    if word.startswith("honderd"):
        rest = _cardinal(word[len("honderd"):])
        return None if rest is None else 100 + rest
    for table in (_UNITS, _TEENS, _TENS):
        if word in table:
            return table[word]
    m = re.fullmatch(r"(een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)[eë]?n(\w+)", word)
    if m and m.group(2) in _TENS:
        return _UNITS[m.group(1)] + _TENS[m.group(2)]
    return None


def parse_number(word: str) -> int | None:
    """Parse digits or a Dutch number word (cardinal or ordinal); None if not one."""
    w = word.lower().strip()
    m = re.fullmatch(r"(\d{1,3})(?:e|de|ste)?", w)
    if m:
        return int(m.group(1))
    if w in _ORDINAL_SPECIAL:
        return _ORDINAL_SPECIAL[w]
    value = _cardinal(w)
    if value is not None and w:
        return value
    for suffix in ("ste", "de", "e"):
        if w.endswith(suffix):
            value = _cardinal(w[: -len(suffix)])
            if value:
                return value
    return None
