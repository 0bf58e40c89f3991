"""Text folding: case, diacritics, invisible and look-alike characters, with an index map.

Folding makes "Yıldız", "YILDIZ" and "Yildiz" compare equal, and so do
"Jan\\u2060sen" (a word joiner inside the name) and "Jаnsen" (a Cyrillic "а"):
the anonymiser and the leak gate fold every text the same way, so a term
cannot hide from either behind a character that prints the same.

- Format characters (Unicode general category Cf: U+200B..U+200F, U+202A..U+202E,
  U+2060..U+2064, U+FEFF, the soft hyphen ...) fold to nothing.
- Letters fold through NFKD without combining marks, then lower case.
- Letters that still are not ASCII and that Unicode's confusables data
  (``confusable_homoglyphs``, from UTS #39 ``confusables.txt``) says look like
  an ASCII letter or digit fold to that character: Cyrillic "а", Greek "ο".
- A few letters have no decomposition and are not listed as confusable with
  ASCII (ł, ø, ß, æ ...): a small table of their usual transliteration covers those.
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib import resources

_SPECIAL = {
    "ı": "i", "İ": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
    "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "ĳ": "ij", "Ĳ": "ij", "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t",
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u00b4": "'", "`": "'", "\u02bc": "'",
    "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
}


def invisible(ch: str) -> bool:
    """A character that prints as nothing: Unicode category Cf (format), and variation selectors."""
    cat = unicodedata.category(ch)
    return cat == "Cf" or (cat == "Mn" and ("\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"))


@lru_cache(maxsize=1)
def _confusables() -> dict[str, str]:
    """Non-ASCII character -> the ASCII letter or digit it looks like (UTS #39 data)."""
    try:
        data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):  # pragma: no cover - dependency missing
        return {}
    out: dict[str, str] = {}
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii():
            continue
        targets = [g["c"] for g in glyphs if g["c"].isascii() and g["c"].isalnum()]
        if targets:
            # prefer a lower-case letter: "а" (Cyrillic) looks like "a"
            out[char] = sorted(targets, key=lambda t: (not t.islower(), len(t), t))[0].lower()
    return out


def skeleton_char(ch: str) -> str:
    """The ASCII look-alike of a non-ASCII character, or the character itself."""
    return _confusables().get(ch, ch)


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """Fold one character: lower case, no diacritics, nothing for invisibles, look-alikes unified."""
    if ch < "\x80":
        return ch.lower()
    special = _SPECIAL.get(ch)
    if special is not None:
        return special
    if ch.isspace():
        return " "
    if invisible(ch):
        return ""
    decomposed = unicodedata.normalize("NFKD", ch)
    out = []
    for c in decomposed:
        if unicodedata.combining(c) or invisible(c):
            continue
        c = _SPECIAL.get(c, c)
        if not c.isascii():
            low = c.lower()
            c = skeleton_char(c) if skeleton_char(c) != c else skeleton_char(low)
        out.append(c)
    return "".join(out).lower()


def fold(text: str) -> str:
    """Fold a whole string (fast path through ``str.translate``)."""
    if text.isascii():
        return text.lower()
    table = {ord(c): fold_char(c) for c in set(text)}
    return text.translate(table)


@lru_cache(maxsize=64)
def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return, for each folded character, its index in ``text``.

    A match ``folded[a:b]`` covers ``text[index[a]:index[b - 1] + 1]``. The result is shared
    (the anonymiser folds each block for several matchers): do not change the index.
    """
    if text.isascii():  # fold_char of an ASCII character is its lower case
        return text.lower(), list(range(len(text)))
    table = {c: fold_char(c) for c in set(text)}
    if all(len(f) == 1 for f in table.values()):  # one character for one: the index is the identity
        return text.translate({ord(c): f for c, f in table.items()}), list(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = table[ch]
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def span_back(index: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a span of folded text back to the original text."""
    return index[start], index[end - 1] + 1


def visible_latin(ch: str) -> str:
    """For detection views: a look-alike of a Latin letter inside a Latin word becomes that letter
    (same case), so deduce reads "Jаnsen" as "Jansen". Other characters are returned unchanged."""
    if ch.isascii():
        return ch
    target = _confusables().get(ch) or _confusables().get(ch.lower())
    if not target or not target.isalpha():
        return ch
    return target.upper() if ch.isupper() else target
