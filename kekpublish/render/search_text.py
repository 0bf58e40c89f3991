"""What the site's search index reads of a page: without its inline SVG charts, and compact.

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

import hashlib
import json
import re
from pathlib import Path
from typing import Callable, List, Optional

from ..cache_entries import write_atomically

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


# --- A compact form of a page for the search plugin -------------------------------------------
#
# Material's search parser walks every element of a page and, for each one, intersects
# its skip list with the whole stack of open elements: on kekpublish's pages (tables,
# evidence lists, cards) that was most of a warm build, against a few milliseconds for a
# plain page of prose. What it keeps of a page is small: per section (a heading with an
# id, or the text before the first heading) the heading's words and the text, with the
# few tags it keeps (p, li, code, ...). `compact` writes those sections back as flat
# HTML that the same parser reads into the same sections, so the search index is the
# same entry for entry (tests/speed/test_search_compact.py builds a site both ways);
# `SearchCache` keeps the compact form between builds, keyed by the hash of the page, and
# the index entries search made of it, so that a page search would read the same way again
# is not read at all (the plugin adds the kept entries to Material's index).

# A section as the search parser found it: the heading's tag ('hx' for the text before
# any heading), the heading's id attribute, the id its index entry links to (none for a
# page's first heading), whether it is excluded from search, the parts of its title and
# of its text (escaped text and the tags search keeps).
Section = tuple[str, Optional[str], Optional[str], bool, List[str], List[str]]


def compact(sections: list[Section]) -> str:
    """Flat HTML that Material's search parser reads into exactly `sections`."""
    out: list[str] = []
    for tag, ident, _, excluded, title, text in sections:
        if tag == "hx":
            # An element that opens the section without adding text: the parser makes its
            # 'hx' section at the first element, as it did on the page.
            out.append("<div></div>")
            out.extend(text)
            continue
        attrs = f' id="{_attr(ident or "")}"' + (" data-search-exclude" if excluded else "")
        out.append(f"<{tag}{attrs}>")
        if not excluded:
            out.extend(title)
        out.append(f"</{tag}>")
        if not excluded:
            out.extend(text)
    return "".join(out)


def _reads(sections: list[Section]) -> list[tuple]:
    """What the index makes of sections: an excluded one only counts as being there."""
    return [(tag, linked, True, "", "") if excluded else (tag, linked, False, "".join(title).strip(), "".join(text).strip())
            for tag, _, linked, excluded, title, text in sections]


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


KEEP = 4  # the cache file holds at most this many times the pages of one build
VERSION = "2"  # of the compact form and the kept entries: a new one makes every cached form stale
_CACHE_SEAL = b"kekpublish-search-cache-sha256:"


class SearchCache:
    """The compact search form of each page, by the sha256 of the page as search would read it,
    and the index entries search made of it, by the sha256 of the form and of what else search
    reads of the page (its address, title, tags, table of contents: the plugin's `_entry_key`).

    One file (``<cache_dir>/search.json``), sealed with its own sha256 like the other
    caches and checked before use: a damaged or foreign file (another parser version,
    named by `salt`) is ignored and the pages are parsed again. It holds what the
    built site's search index holds anyway: text of published, anonymised pages.
    Saving keeps the last builds' pages up to `KEEP` times a build's (see `save`).
    """

    def __init__(self, path: Path | None, salt: str) -> None:
        self.path, self.salt = path, salt
        self.known: dict[str, str | None] = self._load()
        self.used: dict[str, str | None] = {}
        self.parsed = 0  # pages parsed in this build (the rest came from the cache)
        self.known_entries: dict[str, list] = self._loaded_entries
        self.used_entries: dict[str, list] = {}
        self.replayed = 0  # pages whose index entries came from the cache in this build

    def compact(self, html: str, sections: Callable[[str], list[Section]]) -> str | None:
        """The compact form of `html`, from the cache or made with the parser `sections` once;
        None for a page whose compact form would not read the same (e.g. a heading inside a
        ``<pre>``): search then reads the page itself."""
        key = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
        if key in self.used:
            return self.used[key]
        if key in self.known:
            form = self.known[key]
        else:
            found = sections(html)
            form = compact(found)
            if _reads(sections(form)) != _reads(found):  # checked once per page, on the flat form (fast)
                form = None
            self.parsed += 1
        self.used[key] = form
        return form

    def entries(self, key: str) -> list | None:
        """The index entries kept for `key` (fresh copies: search may change them), or None."""
        kept = self.used_entries.get(key)
        if kept is None:
            kept = self.known_entries.get(key)
        if kept is None:
            return None
        self.used_entries[key] = kept
        self.replayed += 1
        return [{**entry, "tags": list(entry["tags"])} if "tags" in entry else dict(entry) for entry in kept]

    def keep_entries(self, key: str, entries: list) -> None:
        """Keep the entries search made of a page, if they come back from JSON as they are."""
        try:
            copy = json.loads(json.dumps(entries, ensure_ascii=False))  # a copy of its own: search may change its entries
        except (TypeError, ValueError):  # a boost or tag JSON cannot hold: search makes them each time
            return
        if copy == entries:
            self.used_entries[key] = copy

    def save(self) -> None:
        """Write the pages of this build and those of earlier builds (atomically), as long as the
        file holds at most `KEEP` times this build's pages: a project built both ways (Dutch and
        English, with and without exports, for the USB stick) does not parse every page each time
        it switches, and the file does not grow with every edit. A cache that cannot be written
        costs a parse next time."""
        if self.path is None or not (self.used or self.used_entries):
            return
        if self.used.keys() <= self.known.keys() and self.used_entries.keys() <= self.known_entries.keys():
            return
        pages = {**self.known, **self.used}
        if len(pages) > KEEP * len(self.used):
            pages = dict(self.used)
        entries = {**self.known_entries, **self.used_entries}
        if len(entries) > KEEP * len(self.used_entries):
            entries = dict(self.used_entries)
        payload = json.dumps({"salt": self.salt, "pages": pages, "entries": entries}, ensure_ascii=False,
                             separators=(",", ":")).encode("utf-8", "surrogatepass")
        try:
            write_atomically(self.path, _CACHE_SEAL + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            self.known, self.known_entries = pages, entries
        except OSError:
            pass

    def next_build(self) -> None:
        """`mkdocs serve`: the next build starts from what this one used."""
        self.known, self.used, self.parsed = {**self.known, **self.used}, {}, 0
        self.known_entries, self.used_entries, self.replayed = {**self.known_entries, **self.used_entries}, {}, 0

    def _load(self) -> dict[str, str | None]:
        self._loaded_entries: dict[str, list] = {}
        if self.path is None:
            return {}
        try:
            blob = self.path.read_bytes()
        except OSError:
            return {}
        head, _, payload = blob.partition(b"\n")
        if not head.startswith(_CACHE_SEAL) or head[len(_CACHE_SEAL):] != hashlib.sha256(payload).hexdigest().encode():
            return {}
        try:
            data = json.loads(payload.decode("utf-8", "surrogatepass"))
        except ValueError:
            return {}
        pages = data.get("pages") if isinstance(data, dict) and data.get("salt") == self.salt else None
        if not isinstance(pages, dict) or not all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in pages.items()):
            return {}
        entries = data.get("entries")
        if isinstance(entries, dict) and all(isinstance(v, list) and all(isinstance(e, dict) for e in v) for v in entries.values()):
            self._loaded_entries = entries
        return pages
