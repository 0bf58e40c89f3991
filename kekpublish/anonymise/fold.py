"""Text folding: case, diacritics and look-alike characters, with an index map.

Folding makes "Yıldız", "YILDIZ" and "Yildiz" compare equal. ``unicodedata``'s
NFKD decomposition removes most accents, but some letters have no
decomposition (dotless ı, ł, ø, ß, æ ...): a small table covers those.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPECIAL = {
    "ı": "i", "İ": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
    "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "ĳ": "ij", "Ĳ": "ij", "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t",
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u00b4": "'", "`": "'", "\u02bc": "'",
    "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ad": "",  # soft hyphen
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
}


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Fold one character: lower case, no diacritics, look-alikes unified."""
    if ch < "\x80":
        return ch.lower()
    special = _SPECIAL.get(ch)
    if special is not None:
        return special
    if ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = "".join(_SPECIAL.get(c, c) for c in out)
    return out.lower()


def fold(text: str) -> str:
    """Fold a whole string (fast path through ``str.translate``)."""
    if text.isascii():
        return text.lower()
    table = {ord(c): fold_char(c) for c in set(text)}
    return text.translate(table)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return, for each folded character, its index in ``text``.

    A match ``folded[a:b]`` covers ``text[index[a]:index[b - 1] + 1]``.
    """
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def span_back(index: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a span of folded text back to the original text."""
    return index[start], index[end - 1] + 1
