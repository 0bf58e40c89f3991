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
    """Dutch hyphenation patterns (pyphen); None where pyphen is missing (words are then cut anywhere)."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a dependency
        return None
    return pyphen.Pyphen(lang="nl_NL")


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
