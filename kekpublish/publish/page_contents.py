"""Finished page contents kept between builds: a page made from the same things is not rendered again.

A front end turns each generated page into its content with pages.page_content: the
rendered Markdown sanitised and wrapped in the page's template (a third of a
second for 300 pages). A computed build (after an edit, on a new day, with another
option) makes every study's pages again from the model, and most come out as they
were. Each content is kept under the sha256 of everything it is made from:

- the page's uri, template and context (`page_digest`, computed once a page: a
  recalled build gets it back with its pages);
- its rendered Markdown, as the builder gave it;
- what shapes every page: kekpublish's code, templates and data and the libraries'
  versions (recall.code_fingerprint), the options, and the files of the template
  folders that override kekpublish's (custom_dir).

The store holds the pages of the last build that was published (`save` after the
leak gate passed), sealed with its sha256; a damaged or foreign store is not used.
Contents are published pages, already anonymised; the store still lives in
cache_dir, never in the site. Sites without directory URLs (links rewritten per
page) are rendered every time.
"""

from __future__ import annotations

import hashlib
import io
import logging
import pickle
from pathlib import Path

from ..cache_entries import write_atomically
from ..render.output import OutputPage
from . import recall
from .options import Options

VERSION = "1"
FILE_NAME = "pages.bin"
_SEAL = b"kekpublish-pages-sha256:"
log = logging.getLogger("kekpublish")


def page_digest(page: OutputPage) -> str | None:
    """The sha256 of a page's uri, template and context (kept on the page); None when its context cannot be pickled."""
    if page.digest is None:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        # no memo: a value shared twice in one context (a cold build's fresh objects) and the same value
        # held twice (a computed build's, from the caches) must give the same bytes
        pickler.fast = True
        try:
            pickler.dump((VERSION, page.uri, page.template, page.context))
        except Exception:  # noqa: BLE001 - a value pickle cannot hold (or a cycle): the page is rendered every time
            return None
        page.digest = hashlib.sha256(buffer.getvalue()).hexdigest()
    return page.digest


def salt(options: Options) -> str:
    """What shapes every page's content besides its own inputs."""
    return hashlib.sha256(f"{VERSION}\0{recall.code_fingerprint()}\0{recall.options_digest(options)}".encode()).hexdigest()


class PageContents:
    """The contents of one build's pages: those of the last published build found again, the rest made and added."""

    def __init__(self, options: Options, file_name: str = FILE_NAME) -> None:
        self.path = Path(options.cache_dir) / file_name if options.cache_dir is not None else None
        self._salt: str | None = None
        self._options = options
        self._known: dict[str, str] | None = None  # the last build's pages not asked for yet
        self._known_keys: frozenset[str] = frozenset()
        self._used: dict[str, str] = {}

    def key(self, page: OutputPage, html: str) -> str | None:
        """The key of the page made from `html`, or None when it cannot be kept."""
        if self.path is None:
            return None
        digest = page_digest(page)
        if digest is None:
            return None
        if self._salt is None:
            self._salt = salt(self._options)
        return hashlib.sha256(f"{self._salt}\0{digest}\0".encode() + html.encode("utf-8")).hexdigest()

    def get(self, key: str | None) -> str | None:
        """The content kept under key (taken out of the store: the caller put()s it back as this build's)."""
        if key is None:
            return None
        if self._known is None:
            self._known = self._read()
            self._known_keys = frozenset(self._known)
        return self._known.pop(key, None)

    def put(self, key: str | None, content: str) -> None:
        if key is not None:
            self._used[key] = content

    def save(self) -> None:
        """Keep this build's pages (call it once the build is published); a store that cannot be written is only slower.

        Streamed into the file while it is hashed: no second copy of every page at the end of the build."""
        if self.path is None or not self._used or self._used.keys() == self._known_keys:
            return
        self._known = None  # the last build's pages this one did not have: not kept

        def write(handle) -> None:
            digest = hashlib.sha256()
            for key, content in self._used.items():  # 64 hex digits, the length, the UTF-8 content
                text = content.encode("utf-8")
                for part in (key.encode("ascii"), len(text).to_bytes(8, "little"), text):
                    digest.update(part)
                    handle.write(part)
            handle.write(_SEAL + digest.hexdigest().encode())

        try:
            write_atomically(self.path, write)
        except OSError as exc:
            log.debug("kekpublish: the page contents are not kept (%s)", exc)

    def _read(self) -> dict[str, str]:
        try:
            blob = self.path.read_bytes()
        except OSError:
            return {}
        tail = len(_SEAL) + 64
        data, seal = memoryview(blob)[:-tail], blob[-tail:]  # the pages are not copied before they are read
        if len(blob) <= tail or seal[:len(_SEAL)] != _SEAL or hashlib.sha256(data).hexdigest().encode() != seal[len(_SEAL):]:
            return {}
        known, at = {}, 0
        try:
            while at < len(data):
                key = str(data[at:at + 64], "ascii")
                size = int.from_bytes(data[at + 64:at + 72], "little")
                text = data[at + 72:at + 72 + size]
                if len(key) != 64 or len(text) != size:
                    return {}
                known[key] = str(text, "utf-8")
                at += 72 + size
        except UnicodeDecodeError:
            return {}
        return known
