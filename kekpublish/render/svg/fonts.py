"""Font metrics of the shipped DejaVu Sans (via fontTools) and word wrapping.

The SVGs name "DejaVu Sans"; the same font is shipped in
themes/kekpublish/assets/fonts/ (for the page's @font-face and for these
metrics) and found by cairosvg through fontconfig (Debian: fonts-dejavu-core),
so browser, PNG and PDF lay the text out alike. Widths ignore kerning, which
in DejaVu Sans only ever narrows text: a measured line is never too short.
"""

from __future__ import annotations

import functools
from pathlib import Path

FONT_FAMILY = "DejaVu Sans"
CSS_FAMILY = "'DejaVu Sans', sans-serif"  # short: every word here is in every SVG the leak gate scans
ASCENT = 0.928  # hhea ascent / unitsPerEm (1901/2048)
DESCENT = 0.236  # 483/2048
LINE_FACTOR = 1.3  # line box height as a multiple of the font size

_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
_SYSTEM = Path("/usr/share/fonts/truetype/dejavu")


def font_path(bold: bool = False) -> Path:
    """The shipped font file (falls back to Debian's copy)."""
    from ..templates import themes_dir

    shipped = themes_dir() / "kekpublish" / "assets" / "fonts" / _FILES[bold]
    if shipped.is_file():
        return shipped
    system = _SYSTEM / _FILES[bold]
    if system.is_file():
        return system
    raise FileNotFoundError(f"font {_FILES[bold]} not found in {shipped.parent} or {_SYSTEM}")


@functools.lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Advance width per code point in em, and the width used for unknown characters."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path(bold)), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    cmap = font.getBestCmap()
    widths = {code: metrics[glyph][0] / units for code, glyph in cmap.items()}
    fallback = metrics[".notdef"][0] / units if ".notdef" in metrics else 0.6
    font.close()
    return widths, max(fallback, widths.get(ord("M"), 0.6))


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of text set in DejaVu Sans at size px (no kerning: never too short)."""
    widths, fallback = _advances(bold)
    return sum(widths.get(ord(ch), fallback) for ch in text) * size


def line_height(size: float) -> float:
    return size * LINE_FACTOR


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to lines no wider than width px; a word longer than a line is broken with a hyphen.

    White space runs count as one space; an empty text gives no lines. A chart measures a
    text (its height) and then sets it, so the lines are cached.
    """
    return list(_wrap(text, width, size, bold))


@functools.lru_cache(maxsize=16384)
def _wrap(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while text_width(word, size, bold) > width:  # break an overlong word (long compound, URL)
            head, word = _break(word, width, size, bold)
            lines.append(head)
        current = word
    if current:
        lines.append(current)
    return tuple(lines)


@functools.lru_cache(maxsize=1)
def _hyphenator():
    """Dutch hyphenation patterns (pyphen); None where pyphen is missing (words are then cut anywhere).

    pyphen parses all 16 000 Dutch patterns when it loads (0.4 s, a tenth of a warm build's
    comparison pages); `Hyphenator` reads the same file and parses a pattern only when a word
    needs it, with pyphen's answers (tests/speed/test_warm_hyphenation.py). A dictionary it does not
    read the same way (pyphen's nonstandard alternatives, ^^hh escapes) goes to pyphen itself.
    """
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return None
    path = pyphen.LANGUAGES[pyphen.language_fallback("nl_NL")]
    return Hyphenator.read(path) or pyphen.Pyphen(lang="nl_NL")


class Hyphenator:
    """pyphen's `Pyphen(...).positions` (left=2, right=2) over a hunspell hyphenation file, parsed lazily."""

    _DIGITS = str.maketrans("", "", "0123456789")
    _IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")

    def __init__(self, raw: dict[str, str], left: int = 2, right: int = 2) -> None:
        self._raw = raw  # pattern letters -> the pattern as written ("a4", ".aan5")
        self._parsed: dict[str, tuple[int, tuple[int, ...]] | None] = {}
        self._maxlen = max((len(k) for k in raw), default=0)
        self._cache: dict[str, tuple[int, ...]] = {}
        self.left, self.right = left, right

    @classmethod
    def read(cls, path) -> Hyphenator | None:
        """The patterns of path, or None where this reader would not read them as pyphen does."""
        import re

        with path.open("rb") as fd:
            encoding = fd.readline().decode().strip()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        raw: dict[str, str] = {}
        nonzero = re.compile(r"[1-9]").search
        unusual = re.compile(r"\^\^|/|\d\d").search
        for line in path.read_text(encoding).split("\n")[1:]:
            line = line.strip()
            if not line or line.startswith(cls._IGNORED):
                continue
            if unusual(line):
                return None  # pyphen's alternatives, hex escapes, two digits in a row: let pyphen read it
            if nonzero(line):  # pyphen skips a pattern of zeros only (an earlier one of the same letters stays)
                raw[line.translate(cls._DIGITS)] = line
        return cls(raw)

    def _pattern(self, key: str) -> tuple[int, tuple[int, ...]] | None:
        if key in self._parsed:
            return self._parsed[key]
        line = self._raw.get(key)
        parsed = None
        if line is not None:
            values, digit = [], 0
            for ch in line:
                if ch.isdigit():
                    digit = int(ch)
                else:
                    values.append(digit)
                    digit = 0
            values.append(digit)
            start, end = 0, len(values)
            while not values[start]:
                start += 1
            while not values[end - 1]:
                end -= 1
            parsed = start, tuple(values[start:end])
        self._parsed[key] = parsed
        return parsed

    def positions(self, word: str) -> list[int]:
        """Where word may be hyphenated, as pyphen.Pyphen(...).positions(word) says."""
        lower = word.lower()
        points = self._cache.get(lower)
        if points is None:
            pointed = f".{lower}."
            references = [0] * (len(pointed) + 1)
            for i in range(len(pointed) - 1):
                stop = min(i + self._maxlen, len(pointed)) + 1
                for j in range(i + 1, stop):
                    pattern = self._pattern(pointed[i:j])
                    if not pattern:
                        continue
                    offset, values = pattern
                    for k, value in enumerate(values, i + offset):
                        if value > references[k]:
                            references[k] = value
            points = self._cache[lower] = tuple(i - 1 for i, ref in enumerate(references) if ref % 2)
        right = len(word) - self.right
        return [i for i in points if self.left <= i <= right]


@functools.lru_cache(maxsize=4096)
def _break_points(word: str) -> tuple[int, ...]:
    """Where word may break: after a hyphen or slash, and at Dutch hyphenation points."""
    points = {i + 1 for i, ch in enumerate(word[:-1]) if ch in "-/"}
    hyphenator = _hyphenator()
    if hyphenator is not None:
        points |= set(hyphenator.positions(word))
    return tuple(sorted(p for p in points if 0 < p < len(word)))


def _break(word: str, width: float, size: float, bold: bool) -> tuple[str, str]:
    """The longest head of word that fits in width (with a hyphen where it breaks a word), and the rest.

    A hyphenation point ("Kinderopvang-" / "toeslag") wins; where none fits, the word is cut
    anywhere with a hyphen, so nothing ever sticks out of its cell.
    """
    for point in reversed(_break_points(word)):
        head = word[:point]
        shown = head if head[-1] in "-/" else head + "-"
        if text_width(shown, size, bold) <= width:
            return shown, word[point:]
    cut = _fit(word, width - text_width("-", size, bold), size, bold)
    return word[:cut] + ("-" if word[cut - 1].isalnum() else ""), word[cut:]


def _fit(word: str, width: float, size: float, bold: bool) -> int:
    """How many leading characters of word fit in width (at least one)."""
    count = 1
    while count < len(word) and text_width(word[: count + 1], size, bold) <= width:
        count += 1
    return count
