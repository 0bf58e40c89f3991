"""Rewrite the relative links of kekpublish's templates for sites without directory URLs.

Templates link as if MkDocs served `a/b.md` at `a/b/` (the default). With
`use_directory_urls: false` (and so Material's offline plugin, for file://),
the same page is `a/b.html`; this maps every relative href/src accordingly.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

_ATTR = re.compile(r'\b(href|src)="([^"#?:]*)([#?][^"]*)?"')


def directory_url(src_uri: str) -> str:
    """The URL MkDocs gives src_uri with directory URLs: a/b.md -> a/b/, a/index.md -> a/."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def undirectory(html: str, page_uri: str, urls: dict[str, str]) -> str:
    """Map links written for directory URLs to the real URLs in `urls` (src_uri -> url)."""
    by_directory_url = {directory_url(src): url for src, url in urls.items()}
    here_dir = posixpath.dirname(directory_url(page_uri).rstrip("/") + "/x")  # the page's folder as served
    real_here = posixpath.dirname(urls.get(page_uri, page_uri))

    def fix(match: re.Match) -> str:
        attr, target, rest = match.group(1), match.group(2), match.group(3) or ""
        if not target or urlsplit(target).scheme or target.startswith("/"):
            return match.group(0)
        absolute = posixpath.normpath(posixpath.join(here_dir, target))
        absolute = "" if absolute == "." else absolute
        key = absolute + ("/" if target.endswith("/") and absolute else "")
        real = by_directory_url.get(key)
        if real is None:
            return match.group(0)
        if real.endswith("/") or real == "":
            real += "index.html"
        relative = posixpath.relpath(real, real_here or ".")
        return f'{attr}="{relative}{rest}"'

    return _ATTR.sub(fix, html)
