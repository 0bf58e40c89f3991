"""Replacement records, masking for review output, and the CSV report."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


def mask(text: str) -> str:
    """Mask a value for review output: "Jansen" -> "J****n", "Jan Jansen" -> "J*n J****n"."""
    out = []
    for word in text.split():
        if len(word) <= 2:
            out.append("*" * len(word))
        else:
            out.append(word[0] + "*" * (len(word) - 2) + word[-1])
    return " ".join(out)


@dataclass(frozen=True)
class Replacement:
    """One replacement made in one text."""

    file: str
    line: int | None
    field: str
    kind: str
    original: str
    replacement: str

    def masked(self) -> str:
        """The original, masked for review output."""
        return mask(self.original)


REPORT_HEADER = ("file", "line", "field", "kind", "masked original", "replacement")


def write_report_csv(replacements: Iterable[Replacement], path: str | Path) -> None:
    """Write the review report: UTF-8 with BOM, ';'-separated (Dutch Excel)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(REPORT_HEADER)
        for r in replacements:
            writer.writerow([r.file, "" if r.line is None else r.line, r.field, r.kind,
                             r.masked(), r.replacement])


# --- what was left: the other half of the review -----------------------------------------------

import re as _re  # noqa: E402

_TOKEN = _re.compile(r"(?<![\w\[\]/.@-])([A-ZÀ-ÖØ-Þ\u0100-\u024f][^\W\d_]{2,}(?:['’-][^\W\d_]+)*)(?![\w\]@/])")
_LABEL = _re.compile(r"\[[^\]\n]{1,40}\]")
_SENTENCE_START = _re.compile(r"(?:^\s*[-*>#|]*\s*|[.!?:;\"“”(][*_]*\s*|\n\s*(?:[-*>#|]|\d+\.)*\s*[*_]*|\s[-–]\s)$")


@dataclass(frozen=True)
class Leftover:
    """A capitalised word left in a published text that is not replaced, not kept and not an
    ordinary word: the researcher checks whether it names someone."""

    file: str
    line: int | None
    field: str
    word: str

    def note(self) -> str:
        """The review line; the word is masked like every original (terminal and CI logs are not private):
        file and line say where to look."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (f"left: {where}  {self.field}  '{mask(self.word)}' is not replaced; check that it names no one "
                "(add it to sensitive, or to anonymise.keep)")


def unique_note(study: str, respondent: str, fields: list[str]) -> str:
    """The review line for a respondent whose published attributes are unique in the study."""
    return (f"unique: {study}: respondent {respondent} is the only one with this {', '.join(fields)} in the study; "
            "together these may identify them (publish fewer profile fields, or widen them)")


def leftovers(text: str, *, file: str, line: int | None, field: str, kept: set[str]) -> list[Leftover]:
    """Capitalised words in a published text that could still identify someone.

    Skipped: replacement tags and labels, words inside kept terms (partners, organisation, keep,
    pseudonyms; ``kept`` holds their folded words), ordinary Dutch words (wordfreq and deduce's
    lists, see ``words``), languages and countries, and a capitalised ordinary word at a sentence start.
    """
    from .fold import fold  # noqa: PLC0415
    from .nlp import ambiguous_word  # noqa: PLC0415
    from .words import is_language_or_country, is_name_word, is_ordinary_word  # noqa: PLC0415

    out: list[Leftover] = []
    clean = _LABEL.sub(lambda m: " " * len(m.group()), text)
    seen: set[str] = set()
    lowered: set[str] | None = None
    for m in _TOKEN.finditer(clean):
        word = m.group(1)
        key = fold(word)
        if key in seen or key in kept or is_language_or_country(word):
            continue
        if (is_ordinary_word(word) and not is_name_word(word)) or ambiguous_word(word):
            continue
        if _SENTENCE_START.search(clean[:m.start()]) and not is_name_word(word):
            continue  # "Kraamzorg regelde ...", "## Stadskantoor": capitalised because it comes first
        if lowered is None:
            lowered = set(fold(w) for w in _re.findall(r"(?<![\w])[a-zß-ÿ][^\W\d_]+", text))
        if key in lowered:
            continue  # written in lower case elsewhere in the text: a word, not a name
        seen.add(key)
        at = None if line is None else line + text.count("\n", 0, m.start())
        out.append(Leftover(file, at, field, word))
    return out


def quasi_identifiers(rows: list[tuple[str, dict[str, str]]]) -> list[tuple[str, list[str]]]:
    """Respondents whose published attributes (segment, age band, published profile fields) are
    unique in the study: (respondent, the fields that together make them unique)."""
    from collections import Counter  # noqa: PLC0415

    combos = Counter(tuple(sorted(attrs.items())) for _, attrs in rows)
    out = []
    if len(rows) < 2:
        return out
    for respondent, attrs in rows:
        if combos[tuple(sorted(attrs.items()))] == 1:
            # the smallest set of fields that is already unique, if one field is enough say which
            single = [k for k, v in attrs.items() if sum(1 for _, a in rows if a.get(k) == v) == 1]
            out.append((respondent, single or sorted(attrs)))
    return out
