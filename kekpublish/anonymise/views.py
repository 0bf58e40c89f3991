"""Detection views: paragraphs with line breaks unwrapped and Markdown masked.

Detectors run on a *view* of each block (paragraph, heading, list item,
table row ...): its lines joined with single spaces, runs of white space
collapsed, Markdown syntax (markers, link targets, HTML tag markup, fences)
blanked out. ``Block.index`` maps every view character back to the original
text, so a name split over a hard line break is found and replaced in place.
Characters marked in ``Layout.masked`` are Markdown syntax: a replacement
never removes them (a span crossing one is cut in pieces).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .fold import invisible, visible_latin


@dataclass
class Block:
    """One unit of detection: the view and, per view character, its origin."""

    view: str
    index: list[int]


@dataclass
class Layout:
    """A text split into blocks, with its syntax mask and link targets."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    masked: bytearray = field(default_factory=bytearray)
    targets: list[tuple[int, int]] = field(default_factory=list)


def _make_block(text: str, ranges: list[tuple[int, int]], masked: bytearray) -> Block | None:
    chars: list[str] = []
    index: list[int] = []
    pending_space = -1
    for start, end in ranges:
        if chars and pending_space < 0:
            pending_space = start
        for i in range(start, end):
            ch = text[i]
            if not ch.isascii() and invisible(ch):
                continue  # U+2060, U+202E ...: not in the view, so "Jan\u2060sen" reads as one name
            if masked[i] or ch.isspace():
                if chars and pending_space < 0:
                    pending_space = i
                continue
            if pending_space >= 0 and chars:
                chars.append(" ")
                index.append(pending_space)
            pending_space = -1
            chars.append(ch)
            index.append(i)
    if not chars:
        return None
    view = "".join(chars)
    if not view.isascii():
        view = _MIXED_WORD.sub(_latinise, view)
    return Block(view, index)


_MIXED_WORD = re.compile(r"[^\W\d_]*[A-Za-z][^\W\d_]*")


def _latinise(m: re.Match[str]) -> str:
    """A Latin word with a look-alike letter of another script in it ("Jаnsen", Cyrillic а):
    the detectors read it with the Latin letter (one character for one, so the index holds)."""
    word = m.group()
    if word.isascii():
        return word
    return "".join(visible_latin(c) if not c.isascii() and unicodedata.category(c).startswith("L")
                   and not unicodedata.decomposition(c) else c for c in word)


def plain_layout(text: str) -> Layout:
    """Blocks of a plain text: paragraphs separated by blank lines."""
    layout = Layout(text, masked=bytearray(len(text)))
    ranges: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        content_end = pos + len(line.rstrip("\r\n"))
        if line.strip():
            ranges.append((pos, content_end))
        elif ranges:
            _add(layout, ranges)
            ranges = []
        pos += len(line)
    if ranges:
        _add(layout, ranges)
    return layout


def _add(layout: Layout, ranges: list[tuple[int, int]]) -> None:
    block = _make_block(layout.text, ranges, layout.masked)
    if block is not None:
        layout.blocks.append(block)


# --- Markdown ---------------------------------------------------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_QUOTE = re.compile(r"^(?:\s{0,3}>\s?)+")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s+\[[ xX]\])?\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_HEADING_TAIL = re.compile(r"(?:\s+#+)?\s*(?:\{[^}]*\})?\s*$")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*")
_TABLE_DELIM = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+)\s*$")
_REFDEF = re.compile(r"^\s{0,3}(\[[^\]]+\]:)\s*(<[^>]*>|\S+)?")
_ATTR_LINE = re.compile(r"^\s*\{:?[^}]*\}\s*$")
_DEFINITION = re.compile(r"^\s*:\s+")

_INLINE_CODE = re.compile(r"(`+)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"(!?\[)((?:[^\[\]]|\[[^\]]*\])*)(\]\()\s*(<[^>]*>|[^\s)]*)(\s+(?:\"[^\"]*\"|'[^']*'))?\s*(\))")
_REFLINK = re.compile(r"(!?\[)((?:[^\[\]]|\[[^\]]*\])*)(\]\[[^\]]*\])")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]:?")
_HTML_COMMENT = re.compile(r"<!--|-->")
_HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>")
_ATTR_VALUE = re.compile(r"=\s*(\"([^\"]*)\"|'([^']*)')")
_ATTR_LIST = re.compile(r"\{[:#.][^}]*\}")
_EMPHASIS = re.compile(r"\*{1,3}|(?<![^\W_])_{1,3}|_{1,3}(?![^\W_])|~~|==|\^\^")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"<(?=(?:https?://|mailto:|[\w.+-]+@))|(?<=[\w/])>")


def _mask(masked: bytearray, start: int, end: int) -> None:
    for i in range(start, end):
        masked[i] = 1


def _mask_inline(text: str, start: int, end: int, layout: Layout) -> None:
    """Mask inline Markdown/HTML syntax in ``text[start:end]``."""
    line = text[start:end]
    m = layout.masked
    for mt in _INLINE_CODE.finditer(line):
        _mask(m, start + mt.start(1), start + mt.end(1))
        _mask(m, start + mt.end(2), start + mt.end())
    for mt in _LINK.finditer(line):
        _mask(m, start + mt.start(1), start + mt.end(1))
        _mask(m, start + mt.start(3), start + mt.end(3))
        _mask(m, start + mt.start(4), start + mt.end(4))
        if mt.group(4):
            layout.targets.append((start + mt.start(4), start + mt.end(4)))
        if mt.group(5):
            _mask(m, start + mt.start(5), start + mt.start(5) + len(mt.group(5)) - len(mt.group(5).lstrip()) + 1)
            _mask(m, start + mt.end(5) - 1, start + mt.end(5))
        _mask(m, start + mt.start(6), start + mt.end(6))
    for mt in _REFLINK.finditer(line):
        _mask(m, start + mt.start(1), start + mt.end(1))
        _mask(m, start + mt.start(3), start + mt.end(3))
    for regex in (_FOOTNOTE, _HTML_COMMENT, _ATTR_LIST, _EMPHASIS, _ESCAPE, _AUTOLINK):
        for mt in regex.finditer(line):
            _mask(m, start + mt.start(), start + mt.end())
    for mt in _HTML_TAG.finditer(line):
        _mask(m, start + mt.start(), start + mt.end())
        for av in _ATTR_VALUE.finditer(mt.group()):
            group = 2 if av.group(2) is not None else 3
            a, b = av.span(group)
            for i in range(start + mt.start() + a, start + mt.start() + b):
                m[i] = 0


def markdown_layout(text: str) -> Layout:
    """Blocks of a Markdown text; see the module docstring."""
    layout = Layout(text, masked=bytearray(len(text)))
    masked = layout.masked
    ranges: list[tuple[int, int]] = []
    fence: str | None = None

    def flush() -> None:
        nonlocal ranges
        if ranges:
            _add(layout, ranges)
        ranges = []

    pos = 0
    for raw in text.splitlines(keepends=True):
        start = pos
        end = pos + len(raw.rstrip("\r\n"))
        pos += len(raw)
        line = text[start:end]
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) <= set(fence[0]):
                _mask(masked, start, end)
                fence = None
            elif line.strip():
                _add(layout, [(start, end)])  # code: anonymised line by line
            continue
        fm = _FENCE.match(line)
        if fm:
            flush()
            _mask(masked, start, end)
            fence = fm.group(1)
            continue
        if not line.strip():
            flush()
            continue
        if _TABLE_DELIM.match(line) or _RULE.match(line) or _ATTR_LINE.match(line):
            flush()
            _mask(masked, start, end)
            continue
        content = start
        qm = _QUOTE.match(line)
        if qm:
            _mask(masked, start, start + qm.end())
            content = start + qm.end()
        rest = text[content:end]
        single = False
        hm = _HEADING.match(rest)
        lm = _LIST.match(rest)
        am = _ADMONITION.match(rest)
        rm = _REFDEF.match(rest)
        dm = _DEFINITION.match(rest)
        if hm:
            flush()
            _mask(masked, content, content + hm.end())
            tail = _HEADING_TAIL.search(rest)
            if tail and tail.start() > hm.end():
                _mask(masked, content + tail.start(), end)
            single = True
        elif am:
            flush()
            _mask(masked, content, content + am.end())
            single = True
        elif rm:
            flush()
            _mask(masked, content + rm.start(1), content + rm.end(1))
            if rm.group(2):
                _mask(masked, content + rm.start(2), content + rm.end(2))
                layout.targets.append((content + rm.start(2), content + rm.end(2)))
            single = True
        elif lm:
            flush()
            _mask(masked, content, content + lm.end())
        elif dm:
            flush()
            _mask(masked, content, content + dm.end())
        elif rest.lstrip().startswith("|"):
            flush()
            for i in range(content, end):
                if text[i] == "|":
                    masked[i] = 1
            single = True
        if end > 0 and text[end - 1] == "\\":
            masked[end - 1] = 1  # hard line break
        _mask_inline(text, content, end, layout)
        ranges.append((content, end))
        if single:
            flush()
    flush()
    return layout
