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
        if right_boundary:
            tail += _RIGHT
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
_LOOSE_CHARS = re.compile(r"(?:[\s\-_.+/]|%20)+")


class TermIndex:
    """The leak gate's matcher: the hits of ``TermMatcher(terms, sep=LOOSE_SEP)`` on folded text
    (and loose separators inside a term too), in time linear in the text whatever the number of terms.

    A regex alternation of every term tries each alternative at every position, so a site with
    thousands of leak terms (hundreds of studies) took time terms x text. Here the words of a
    text are collected once (in C, as a set); only the terms whose first word occurs in it are
    then searched for, with a small regex of just those terms.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        self._first: dict[str, list[tuple[str, str]]] = {}  # first word -> [(pattern, term)]
        seen: set[str] = set()
        for term in terms:
            key = " ".join(fold(term.strip()).split())
            if not key or key in seen:
                continue
            seen.add(key)
            matches = list(_TOKEN.finditer(key))
            if not matches:
                continue
            parts = [re.escape(matches[0].group())]
            for a, b in zip(matches, matches[1:]):
                between = key[a.end():b.start()]
                parts.append(LOOSE_SEP if _LOOSE_CHARS.fullmatch(between) else re.escape(between))
                parts.append(re.escape(b.group()))
            self._first.setdefault(matches[0].group(), []).append(("".join(parts), term.strip()))
        self._regexes: dict[frozenset[str], tuple[re.Pattern[str], dict[str, str]]] = {}

    def __bool__(self) -> bool:
        return bool(self._first)

    def search_folded(self, folded: str) -> list[tuple[int, int, str]]:
        """Hits in an already folded text: (start, end, term)."""
        if not self._first:
            return []
        present = set(_TOKEN.findall(folded))
        firsts = frozenset({w for w in present if w in self._first}
                           | {w[:-1] for w in present if w.endswith("s") and w[:-1] in self._first})  # "jansens"
        if not firsts:
            return []
        regex, terms = self._regex(firsts)
        out = []
        for m in regex.finditer(folded):
            out.append((m.start(), m.end(), terms[m.lastgroup]))
        return out

    def _regex(self, firsts: frozenset[str]) -> tuple[re.Pattern[str], dict[str, str]]:
        """One regex of the terms that start with these words (cached: pages share their words)."""
        cached = self._regexes.get(firsts)
        if cached is None:
            entries = sorted((e for w in firsts for e in self._first[w]), key=lambda e: len(e[0]), reverse=True)
            names = {f"t{i}": term for i, (_, term) in enumerate(entries)}
            body = "|".join(f"(?P<t{i}>{pattern})" for i, (pattern, _) in enumerate(entries))
            cached = (re.compile(f"{_LEFT}(?:{body}){_POSSESSIVE}{_RIGHT}"), names)
            if len(self._regexes) > 256:
                self._regexes.clear()
            self._regexes[firsts] = cached
        return cached
