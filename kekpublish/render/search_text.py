"""What the site's search index reads of a page: the page without its inline SVG charts.

A chart page carries its hartmonitor and journey map inline: thousands of SVG
elements whose words are also in the chart's description and data table beside
it. Material's search plugin parses every element of ``page.content`` with
Python's HTMLParser; on a chart page that parse is most of the page's build
time, and it only indexes the same words twice. So the plugin hands search the
page with each top-level ``<svg>…</svg>`` replaced by a marker comment, and puts
the charts back right after search has read it (``restore``), whatever other
plugins did to the rest of the content in between.
"""

from __future__ import annotations

import re

_TAG = re.compile(r"<(/?)svg\b[^>]*?(/?)>", re.IGNORECASE)
_MARK = "<!--kekpublish-svg-{}-->"
_MARK_RE = re.compile(r"<!--kekpublish-svg-(\d+)-->")


def without_svg(html: str) -> tuple[str, list[str]]:
    """(html with every top-level inline SVG replaced by a marker, the SVGs in order).

    Nested ``<svg>`` elements go with their outer one; an unclosed ``<svg>`` is left
    as it is (search then reads it, as before).
    """
    if "<svg" not in html and "<SVG" not in html:
        return html, []
    out: list[str] = []
    svgs: list[str] = []
    pos = depth = 0
    start = None
    for m in _TAG.finditer(html):
        closing, selfclosing = m.group(1) == "/", m.group(2) == "/"
        if not closing:
            if depth == 0:
                start = m.start()
            if selfclosing:
                if depth == 0:
                    out.append(html[pos:start])
                    out.append(_MARK.format(len(svgs)))
                    svgs.append(html[start:m.end()])
                    pos = m.end()
                continue
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append(html[pos:start])
                out.append(_MARK.format(len(svgs)))
                svgs.append(html[start:m.end()])
                pos = m.end()
    out.append(html[pos:])
    return "".join(out), svgs


def restore(html: str, svgs: list[str]) -> str:
    """The page with its SVGs back in place of the markers."""
    if not svgs:
        return html
    return _MARK_RE.sub(lambda m: svgs[int(m.group(1))] if int(m.group(1)) < len(svgs) else m.group(0), html)
