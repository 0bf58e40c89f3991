"""A rendered Markdown body, made fit for a kekpublish page: sanitised, headings in place, a TOC.

The body comes from a researcher's file (already anonymised); nothing in it
may run in a reader's browser, and it sits below kekpublish's own page title.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"figure", "figcaption", "details", "summary", "mark", "kbd", "sup", "sub", "span", "div"}


def sanitise(html: str) -> str:
    """Rendered Markdown, minus script, event handlers, styles and comments."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"*": {"id", "class", "title", "lang", "dir"}, "a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
                    "th": {"scope", "colspan", "rowspan", "align"}, "td": {"colspan", "rowspan", "align"}, "ol": {"start"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


_LEADING_H1 = re.compile(r"^\s*<h1\b[^>]*>.*?</h1>\s*", re.S)


def demote_headings(html: str) -> str:
    """The page's h1 is kekpublish's title: the body's headings sit one level below it.

    A body that opens with its own h1 (`# Gezinsuitbreiding in Zwolle` above the
    overview) repeats the title kekpublish already writes: that first h1 is left out,
    so a reader never sees the title twice. Any later h1 becomes an h2.
    """
    html = _LEADING_H1.sub("", html, count=1)
    return re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def toc_tokens(html: str) -> list[dict]:
    """The table of contents of the whole content (template and body), h2 with their h3."""
    tokens: list[dict] = []
    for level, anchor, inner in _HEADING.findall(html):
        name = re.sub(r'<a class="headerlink".*?</a>', "", inner)
        name = re.sub(r"<[^>]+>", "", name).strip()
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        if level == "3" and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def strip_comments(markdown: str) -> str:
    """HTML comments out of Markdown before it is rendered: they may hold what was never meant to be read."""
    return re.sub(r"<!--.*?-->", "", markdown, flags=re.S)
