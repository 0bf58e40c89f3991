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
    """The leak gate's matcher: the same hits as ``TermMatcher(terms, sep=LOOSE_SEP)`` on folded
    text, found in time linear in the text whatever the number of terms.

    A regex alternation of every term tries each alternative at every position, so a site with
    thousands of leak terms (hundreds of studies) took time terms x text. Here the text is cut
    into word tokens once and terms are looked up by their first token; only then are the
    following tokens and the separators between them compared.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        self._first: dict[str, list[tuple[tuple[str, ...], tuple[str | None, ...], str]]] = {}
        seen: set[str] = set()
        for term in terms:
            key = " ".join(fold(term.strip()).split())
            if not key or key in seen:
                continue
            seen.add(key)
            matches = list(_TOKEN.finditer(key))
            if not matches:
                continue
            tokens = tuple(m.group() for m in matches)
            # between two tokens: None = any run of loose separators, else this exact text
            seps = tuple(None if _LOOSE_CHARS.fullmatch(key[a.end():b.start()]) else key[a.end():b.start()]
                         for a, b in zip(matches, matches[1:]))
            self._first.setdefault(tokens[0], []).append((tokens, seps, term.strip()))

    def __bool__(self) -> bool:
        return bool(self._first)

    def search_folded(self, folded: str) -> list[tuple[int, int, str]]:
        """Hits in an already folded text: (start, end, term)."""
        if not self._first:
            return []
        tokens = list(_TOKEN.finditer(folded))
        out: list[tuple[int, int, str]] = []
        for i, token in enumerate(tokens):
            if out and token.start() < out[-1][1]:
                continue  # inside the previous hit: hits do not overlap, as with a regex
            word = token.group()
            candidates = self._first.get(word, [])
            if word.endswith("s") and len(word) > 2:  # "jansens": a one-word term with a possessive s
                candidates = candidates + [c for c in self._first.get(word[:-1], []) if len(c[0]) == 1]
            best = None
            for words, seps, term in candidates:
                end = self._match(folded, tokens, i, words, seps)
                if end is not None and (best is None or end > best[1]):
                    best = (token.start(), end, term)
            if best:
                out.append(best)
        return out

    @staticmethod
    def _match(folded: str, tokens: list, i: int, words: tuple[str, ...], seps: tuple) -> int | None:
        if i + len(words) > len(tokens):
            return None
        for k, word in enumerate(words):
            got = tokens[i + k].group()
            last = k == len(words) - 1
            if got != word and not (last and got == word + "s"):
                return None
            if k:
                between = folded[tokens[i + k - 1].end():tokens[i + k].start()]
                wanted = seps[k - 1]
                if (wanted is None and not _LOOSE_CHARS.fullmatch(between)) or (wanted is not None and between != wanted):
                    return None
        return tokens[i + len(words) - 1].end()
