"""Small, deterministic SVG building blocks: escaping, numbers, text in cells, styles.

All SVG text goes through `esc` (element content) or `attr` (attribute
values); numbers through `num` (at most two decimals, no "-0"), so the same
input always gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import fonts

BACKGROUND = "#FFFFFF"
TEXT = "#1A1A1A"  # 17:1 on white
MUTED = "#595959"  # 7:1 on white; secondary text (meta lines)
GRID = "#767676"  # 4.5:1 on white (grid lines are graphical: 3:1 is enough)
RULE = "#949494"  # 3:1 on white: cell borders
BAND = "#F2F4F7"  # header/band fill; TEXT and MUTED keep AA on it
HIGHLIGHT = "#FFF4D6"  # moment-of-truth column band; TEXT and MUTED keep AA on it

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# One style per index: colour (from the options), dash pattern and marker shape,
# so a line is never told apart by colour alone.
DASHES = ("", "10 5", "3 4", "14 4 3 4", "6 3", "2 2", "18 6")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "cross", "plus")
TARGET_DASH = "1 5"  # dotted with round caps: the desired curve
SHOPPING_MARKER = "star"


def esc(text: object) -> str:
    """XML-escape text for element content (drops characters XML 1.0 forbids)."""
    value = _CONTROL.sub("", str(text))
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: object) -> str:
    """XML-escape text for a double-quoted attribute value."""
    return esc(text).replace('"', "&quot;").replace("'", "&#39;").replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;")


def num(value: float) -> str:
    """A coordinate: at most two decimals, trailing zeros dropped, never '-0'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def whole(value: float) -> str:
    """A score as charts label it: whole (halves away from zero), '+' for positive, a real minus sign."""
    import math

    rounded = math.floor(abs(value) + 0.5)
    if rounded == 0:
        return "0"
    return ("+" if value > 0 else "\u2212") + str(rounded)


def ident(text: str) -> str:
    """An XML id fragment from any text: letters, digits and '-' only."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "x"


# --- colours ---------------------------------------------------------------------


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str = BACKGROUND) -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def accessible(colour: str, minimum: float = 3.0, background: str = BACKGROUND) -> str:
    """The colour, darkened just enough for `minimum` contrast against the background.

    Lines and markers need 3:1 (WCAG 1.4.11); Okabe-Ito's sky blue (#56B4E9)
    has 2.3:1 on white and is drawn as #2F89BD-ish instead. Invalid colours
    fall back to the text colour.
    """
    if not re.fullmatch(r"#?[0-9A-Fa-f]{6}|#?[0-9A-Fa-f]{3}", colour.strip()):
        return TEXT
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    rgb = [int(value[i:i + 2], 16) for i in (0, 2, 4)]
    for step in range(0, 101):
        factor = 1 - step / 100
        candidate = "#" + "".join(f"{round(c * factor):02X}" for c in rgb)
        if contrast(candidate, background) >= minimum:
            return candidate
    return "#000000"


def colour_for(colours: tuple[str, ...], index: int) -> str:
    return accessible(colours[index % len(colours)] if colours else TEXT)


# --- markers ------------------------------------------------------------------------


def marker(shape: str, x: float, y: float, r: float, colour: str, *, hollow: bool = False, extra: str = "") -> str:
    """A marker centred on (x, y); hollow ones have a white fill and a coloured outline."""
    fill = BACKGROUND if hollow else colour
    style = f'fill="{fill}" stroke="{colour}" stroke-width="2"{extra}'
    if shape == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" {style}/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{num(x - s)}" y="{num(y - s)}" width="{num(2 * s)}" height="{num(2 * s)}" {style}/>'
    if shape == "bar":  # the desired curve: a short thick bar, unlike any segment's marker
        return (f'<rect x="{num(x - r * 1.4)}" y="{num(y - 1.75)}" width="{num(r * 2.8)}" height="3.5" '
                f'fill="{colour}" stroke="none"{extra}/>')
    if shape in ("cross", "plus"):
        s = r * 1.1
        if shape == "cross":
            d = f"M{num(x - s)} {num(y - s)}L{num(x + s)} {num(y + s)}M{num(x - s)} {num(y + s)}L{num(x + s)} {num(y - s)}"
        else:
            d = f"M{num(x - s)} {num(y)}L{num(x + s)} {num(y)}M{num(x)} {num(y - s)}L{num(x)} {num(y + s)}"
        width = 2 if hollow else 3
        return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}"{extra}/>'
    points = _polygon(shape, x, y, r)
    return f'<polygon points="{points}" {style}/>'


def flag(x: float, y: float, size: float = 16, colour: str = TEXT) -> str:
    """A flag on a pole, its foot at (x, y): a moment of truth (never a series marker)."""
    top = y - size
    return (f'<path d="M{num(x)} {num(y)}L{num(x)} {num(top)}" stroke="{colour}" stroke-width="2"/>'
            f'<path d="M{num(x + 1)} {num(top)}L{num(x + size * 0.75)} {num(top + size * 0.28)}L{num(x + 1)} {num(top + size * 0.56)}Z" '
            f'fill="{colour}"/>')


def _polygon(shape: str, x: float, y: float, r: float) -> str:
    import math

    if shape == "triangle":
        coords = [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
    elif shape == "triangle-down":
        coords = [(x, y + r * 1.2), (x + r * 1.1, y - r * 0.8), (x - r * 1.1, y - r * 0.8)]
    elif shape == "diamond":
        coords = [(x, y - r * 1.25), (x + r * 1.25, y), (x, y + r * 1.25), (x - r * 1.25, y)]
    else:  # star
        coords = []
        for i in range(10):
            radius = r * 1.35 if i % 2 == 0 else r * 0.6
            angle = math.pi / 5 * i - math.pi / 2
            coords.append((x + radius * math.cos(angle), y + radius * math.sin(angle)))
    return " ".join(f"{num(a)},{num(b)}" for a, b in coords)


# --- text in cells ----------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A paragraph to set in a cell: wrapped to the cell's width."""

    text: str
    size: float = 13
    bold: bool = False
    colour: str = TEXT
    italic: bool = False  # DejaVu Sans Oblique has the same advance widths
    gap: float = 0  # extra space before this run, px
    indent: float = 0  # px; e.g. for a bullet's hanging indent
    bullet: str = ""  # drawn in the indent of the first line


def runs_height(runs: list[Run], width: float) -> float:
    return sum(_run_lines(run, width)[1] for run in runs)


def _run_lines(run: Run, width: float) -> tuple[list[str], float]:
    lines = fonts.wrap(run.text, max(width - run.indent, 1), run.size, run.bold)
    return lines, run.gap + len(lines) * fonts.line_height(run.size)


def text_block(runs: list[Run], x: float, y: float, width: float, cell: str, anchor: str = "start") -> tuple[list[str], float]:
    """SVG text elements for runs set from (x, y) (top-left) within width; returns (elements, height).

    Every line is its own <text> with data-cell="{cell}"; the first baseline sits
    one ascent below the top of its line box, so a line's glyph box stays inside it.
    """
    out: list[str] = []
    top = y
    cell_attr = attr(cell)
    for run in runs:
        lines, height = _run_lines(run, width)
        top += run.gap
        for index, line in enumerate(lines):
            lh = fonts.line_height(run.size)
            baseline = top + (lh - (fonts.ASCENT + fonts.DESCENT) * run.size) / 2 + fonts.ASCENT * run.size
            style = ""
            if run.bold:
                style += ' font-weight="bold"'
            if run.italic:
                style += ' font-style="italic"'
            if run.colour != TEXT:
                style += f' fill="{run.colour}"'
            if run.size != 13:
                style += f' font-size="{num(run.size)}"'
            if index == 0 and run.bullet:
                out.append(f'<text x="{num(x)}" y="{num(baseline)}" data-cell="{cell_attr}"{style}>{esc(run.bullet)}</text>')
            tx = x + run.indent
            if anchor == "middle":
                tx = x + run.indent + (width - run.indent) / 2
                style += ' text-anchor="middle"'
            elif anchor == "end":
                tx = x + width
                style += ' text-anchor="end"'
            out.append(f'<text x="{num(tx)}" y="{num(baseline)}" data-cell="{cell_attr}"{style}>{esc(line)}</text>')
            top += lh
    return out, top - y


def cell_rect(cell: str, x: float, y: float, w: float, h: float, *, fill: str = "none", stroke: str = "none", extra: str = "") -> str:
    stroke_attr = f' stroke="{stroke}"' if stroke != "none" else ""
    return (f'<rect data-cell-id="{attr(cell)}" x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" '
            f'fill="{fill}"{stroke_attr}{extra}/>')


def content_open(chart_id: str) -> str:
    """The group holding a chart's drawing, with the root's text style: a page draws its left
    column again with <use> (charts.css .kek-sticky), and a copy inherits from where it is used."""
    return f'<g id="{attr(chart_id)}-content" font-family="{attr(fonts.CSS_FAMILY)}" font-size="13" fill="{TEXT}">\n'


def svg_open(chart_id: str, width: float, height: float, title: str, desc: str, *, extra_class: str = "",
             attrs: dict[str, str] | None = None) -> str:
    """The root element with role, title and desc (aria-labelledby names both).

    width/height give the natural size (files, PNG/PDF); on a page charts.css scales the
    chart to its column through the viewBox. `attrs` adds data attributes to the root.
    """
    cls = "kek-chart" + (f" {extra_class}" if extra_class else "")
    more = "".join(f' {key}="{attr(value)}"' for key, value in (attrs or {}).items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{attr(cls)}" id="{attr(chart_id)}" role="img"{more} '
        f'aria-labelledby="{attr(chart_id)}-title {attr(chart_id)}-desc" width="{num(width)}" height="{num(height)}" '
        f'viewBox="0 0 {num(width)} {num(height)}" font-family="{attr(fonts.CSS_FAMILY)}" font-size="13" fill="{TEXT}">\n'
        f'<title id="{attr(chart_id)}-title">{esc(title)}</title>\n'
        f'<desc id="{attr(chart_id)}-desc">{esc(desc)}</desc>\n'
        f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" fill="{BACKGROUND}"/>\n'
    )
