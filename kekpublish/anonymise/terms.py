"""Matching of literal terms (redact terms, keep terms, known names) in text.

A term matches ignoring case and diacritics, with any run of white space in
the text standing for the white space between the term's words, on a left
word boundary, optionally followed by a possessive ('s, ', s), and then a
right boundary (no letter or digit follows).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .fold import fold, fold_with_map, span_back

_POSSESSIVE = r"(?:'s|'|s)?"
_LEFT = r"(?<![^\W_])"
_RIGHT = r"(?![^\W_])"
WORD_SEP = r"\s+"
#: Separators accepted between a term's words inside URLs, e-mail addresses,
#: slugs and file names.
LOOSE_SEP = r"(?:[\s\-_.+/]|%20)+"


@dataclass(frozen=True)
class TermHit:
    """A term found in a text: the span in the original text and the term."""

    start: int
    end: int
    term: str
    possessive: bool


def _pattern(term: str, sep: str) -> str | None:
    words = fold(term).split()
    if not words:
        return None
    return sep.join(re.escape(w) for w in words)


class TermMatcher:
    """Find any of a set of terms in texts, as described in the module doc."""

    def __init__(self, terms: Iterable[str], *, sep: str = WORD_SEP,
                 possessive: bool = True, right_boundary: bool = True) -> None:
        # right_boundary False (inside URLs and e-mail addresses): digits and separators may follow
        # ("jansen1970", "jansen_b"), a letter may not ("sem" is not in "semester")
        self.terms: dict[str, str] = {}
        for term in terms:
            term = term.strip()
            key = " ".join(fold(term).split())
            if key and key not in self.terms:
                self.terms[key] = term
        alternatives = []
        for key in sorted(self.terms, key=len, reverse=True):
            pat = _pattern(key, sep)
            if pat:
                alternatives.append(pat)
        if not alternatives:
            self._regex = None
            return
        tail = ""
        if possessive:
            tail += f"(?P<poss>{_POSSESSIVE})"
        tail += _RIGHT if right_boundary else r"(?![^\W\d_])"
        body = "|".join(alternatives)
        self._regex = re.compile(f"{_LEFT}(?P<term>{body}){tail}")

    def __bool__(self) -> bool:
        return self._regex is not None

    def finditer(self, text: str) -> list[TermHit]:
        """All non-overlapping hits in ``text`` (positions in ``text``)."""
        if self._regex is None:
            return []
        folded, index = fold_with_map(text)
        hits = []
        for m in self._regex.finditer(folded):
            if m.end() == m.start():
                continue
            start, end = span_back(index, m.start(), m.end())
            key = " ".join(m.group("term").split())
            term = self.terms.get(key, text[start:end])
            poss = bool(m.groupdict().get("poss"))
            hits.append(TermHit(start, end, term, poss))
        return hits

    def search_folded(self, folded: str) -> list[tuple[int, int, str]]:
        """Hits in an already folded text: (start, end, term)."""
        if self._regex is None:
            return []
        out = []
        for m in self._regex.finditer(folded):
            key = " ".join(re.split(r"[\s\-_.+/]+|%20", m.group("term")))
            out.append((m.start(), m.end(), self.terms.get(key, m.group("term"))))
        return out


def contains_term_loose(text: str, matcher: TermMatcher) -> bool:
    """True if any term occurs in ``text`` (used for URLs and e-mail addresses)."""
    return bool(matcher) and bool(matcher.search_folded(fold(text)))


_TOKEN = re.compile(r"[^\W_]+")
#: A run of loose separators once every "%20" is a space: ``(?:[\s\-_.+/]|%20)+`` in one character class, twice
#: as fast (no alternative tried at every character); the same runs, since a space never makes a new "%20".
_LOOSE_CHARS = re.compile(r"[\s\-_.+/]+")


def identifying(term: str) -> bool:
    """Could finding this term on the site identify someone? Not a bare short number ("10", a house
    number deduce took for an address): that is in every table and icon. Letters, or six digits and more."""
    return any(c.isalpha() for c in term) or sum(c.isdigit() for c in term) >= 6


def loose(folded: str) -> str:
    """A folded text with every run of loose separators (white space - _ . + / %20) as one space:
    what ``TermIndex`` searches, so that "jenny-jansen", "Jenny\n Jansen" and "jenny.jansen" are one form."""
    return _LOOSE_CHARS.sub(" ", folded.replace("%20", " ") if "%20" in folded else folded)


class TermIndex:
    """The leak gate's matcher: every term in a ``loose()`` text, on word boundaries, possessives
    included, in one pass whatever the number of terms (Aho-Corasick, in C).

    A regex alternation of every term tries each alternative at every position: a site with
    thousands of leak terms (hundreds of studies) took time terms x text.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for term in terms:
            key = loose(fold(term.strip())).strip()
            if len(key) >= 2 and key not in self._automaton:
                self._automaton.add_word(key, (len(key), term.strip()))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def __bool__(self) -> bool:
        return not self._empty

    def search(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping hits (start, end, term) in a ``loose(fold(...))`` text, longest first."""
        return non_overlapping(self.search_all(text))

    def search_all(self, text: str) -> list[tuple[int, int, str]]:
        """Every hit (start, end, term) in a ``loose(fold(...))`` text, overlapping ones too, by start, longest first."""
        if self._empty:
            return []
        found = []
        size = len(text)
        for last, (length, term) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            if start > 0 and text[start - 1].isalnum():
                continue  # inside a longer word
            if end < size and text[end].isalnum():
                if text[end] == "s" and (end + 1 == size or not text[end + 1].isalnum()):
                    end += 1  # "jansens"
                else:
                    continue
            elif text.startswith(("'s", "’s"), end) and (end + 2 == size or not text[end + 2].isalnum()):
                end += 2  # "jansen's"
            found.append((start, end, term))
        found.sort(key=lambda hit: (hit[0], -hit[1]))
        return found


def non_overlapping(hits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """From hits sorted by start (longest first), the first of each overlapping group."""
    out: list[tuple[int, int, str]] = []
    for hit in hits:
        if not out or hit[0] >= out[-1][1]:
            out.append(hit)
    return out
