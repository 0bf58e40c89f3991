"""cairosvg draws a line of text one letter at a time; this draws a simple line whole.

cairosvg's ``text`` (cairosvg/text.py) places every letter with its own cairo calls (its
extents, a move, a show), and it runs twice per text: once for the outline that a stroke
would use, once for the fill. On a journey map of some thousand labels that is most of the
time a PNG/PDF export takes (about 2.7 of 3.6 s for 30 charts, measured).

For the text kekpublish's charts hold (render/svg: one ``x`` and one ``y``, no letter
spacing, no rotation, no tspans, no text path, a plain colour) the letters stand where
cairosvg puts them when the line is shown at once: cairo's toy text API advances each glyph
by its own width and never kerns, which is also what cairosvg adds up letter by letter. So
``text`` below shows the whole line with one call, and builds the outline only where the
text has a stroke. Anything else goes to cairosvg's own drawer, unchanged. The exports are
the same (tests/hardening/test_exports.py compares the pixels and the PDF's text with
cairosvg's own drawing).

``install()`` puts it in cairosvg's table of drawers; only kekpublish's export workers
draw with cairosvg.
"""

from __future__ import annotations

import functools

_FALLBACK_ATTRIBUTES = ("dx", "dy", "rotate", "letter-spacing", "textLength", "lengthAdjust")


def _simple(node) -> bool:
    """Is this a text that cairosvg would draw exactly as one line shown at once?"""
    if node.tag != "text" or node.children or not node.text or node.text.isspace():
        return False
    if any(name in node for name in _FALLBACK_ATTRIBUTES):
        return False
    if node.get("letter-spacing") not in (None, "normal", "0"):  # inherited from a group
        return False
    if node.get_href() or (node.parent is not None and node.parent.get_href()):
        return False  # a text path
    if any(str(node.get(name) or "").startswith("url(") for name in ("fill", "stroke")):
        return False  # a gradient or pattern: it is laid out by the letters' boxes
    return all(name not in node or _single(node[name]) for name in ("x", "y"))


def _single(value: str) -> bool:
    """Is this one position, not one per letter?"""
    try:
        float(value)  # "12.5": most are
        return True
    except ValueError:
        from cairosvg.helpers import normalize

        return " " not in normalize(value)


def _position(surface, value: str, reference: str) -> float:
    try:
        return float(value)
    except ValueError:
        from cairosvg.helpers import normalize, size

        return size(surface, normalize(value), reference)


def text(surface, node, draw_as_text: bool = False):
    """cairosvg's ``text(surface, node, draw_as_text)``, one call per line where the line is simple."""
    if not _simple(node):
        return _cairosvg_text()(surface, node, draw_as_text)
    import cairocffi as cairo

    context = surface.context
    font_family = (node.get("font-family") or "sans-serif").split(",")[0].strip("\"' ")
    font_style = getattr(cairo, f'font_slant_{node.get("font-style")}'.upper(), cairo.FONT_SLANT_NORMAL)
    weight = node.get("font-weight")
    if weight and weight.isdigit() and int(weight) >= 550:
        weight = "bold"
    font_weight = getattr(cairo, f"font_weight_{weight}".upper(), cairo.FONT_WEIGHT_NORMAL)
    context.select_font_face(font_family, font_style, font_weight)
    context.set_font_size(surface.font_size)
    x_bearing, y_bearing, width, height, x_advance, _ = context.text_extents(node.text)

    x_align = y_align = 0.0
    anchor = node.get("text-anchor")
    if anchor == "middle":
        x_align = -(width / 2 + x_bearing)
    elif anchor == "end":
        x_align = -(width + x_bearing)
    display_anchor = node.get("display-anchor")
    baseline = node.get("dominant-baseline") or node.get("alignment-baseline")
    if display_anchor or baseline:
        ascent, descent, _, max_x_advance, max_y_advance = context.font_extents()
        if max_x_advance > 0 and max_y_advance == 0:  # as cairosvg: only horizontal fonts are aligned
            if display_anchor == "middle":
                y_align = -height / 2 - y_bearing
            elif display_anchor == "top":
                y_align = -y_bearing
            elif display_anchor == "bottom":
                y_align = -height - y_bearing
            elif baseline in ("central", "middle"):
                y_align = (ascent + descent) / 2 - descent
            elif baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
                y_align = ascent
            elif baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
                y_align = -descent

    if "x" in node:
        x = _position(surface, node["x"], "x")
        if x:  # as cairosvg: a position of 0 keeps the shift of an earlier dx
            surface.cursor_d_position[0] = 0
    else:
        x = surface.cursor_position[0]
    if "y" in node:
        y = _position(surface, node["y"], "y")
        if y:
            surface.cursor_d_position[1] = 0
    else:
        y = surface.cursor_position[1]
    left = x + surface.cursor_d_position[0] + x_align
    baseline_y = y + surface.cursor_d_position[1] + y_align

    stroke = node.get("stroke")
    if draw_as_text or stroke not in (None, "none"):
        context.save()
        context.move_to(left, baseline_y)
        if draw_as_text:
            context.show_text(node.text)
        else:
            context.text_path(node.text)  # the outline, for the stroke cairosvg draws next
        context.restore()
    surface.cursor_position = (x + x_advance, y)
    node["text_bounding_box"] = (left, baseline_y, x_advance, height)


@functools.lru_cache(maxsize=1)
def _cairosvg_text():
    import cairosvg.text

    return cairosvg.text.text


@functools.lru_cache(maxsize=1)
def install() -> None:
    """Let cairosvg draw texts with ``text`` (its drawers table and the name its surface compares with)."""
    import cairosvg.surface

    _cairosvg_text()
    for tag, drawer in list(cairosvg.surface.TAGS.items()):
        if drawer is cairosvg.surface.text:
            cairosvg.surface.TAGS[tag] = text
    cairosvg.surface.text = text
