"""A study's chart pages (render/charts.py), cached on disk between builds.

Laying out the hartmonitor, the journey map, their slides and the board summary
takes a few tenths of a second per study; a warm build whose studies did not
change reads them back instead. An entry holds what `chart_pages` made: the
pages (template, context with the inline SVGs), the SVG files, and the SVGs
that PNG/PDF exports are converted from (the exports themselves stay in the
export cache of export/images.py, keyed by those SVGs).

Only anonymised output is cached: the entry is made from the anonymised study,
and its key is a hash of everything the output depends on, so an edit never
brings back a stale chart:

- the anonymised study's content (metas, the study's and action plan's bodies,
  file names, measurement points), and the previous round's when exports are made
  (the board summary's change); not the prose of narratives and visits, which no
  chart reads (a prose edit draws nothing again: tests/speed/test_chart_cache.py
  draws a study with other prose and compares);
- the language, the colours, whether exports are wanted (whether they were made
  is in the entry: a cached entry made without cairo is not used once cairo is
  there), and with exports the reference date (overdue actions on the board summary);
- nothing of a custom_dir: chart pages read only the shipped labels (their
  templates are rendered from the cached context afterwards, in every build);
- the code and data that draw them: every module of kekpublish, every file of
  themes/kekpublish (labels, fonts whose metrics lay out the text, templates),
  and the versions of fontTools, MarkupSafe and cairosvg.

An entry is stored with the sha256 of its bytes and checked before use (hash,
then shape, as publish/study_cache.py does): a damaged entry is removed and the
charts are drawn again. A cache that cannot be written costs only the drawing
next time.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
from pathlib import Path

from markupsafe import Markup

from ..cache_entries import used, write_atomically
from .output import OutputFile, OutputPage, Publication

VERSION = "3"  # 2: long strings after the JSON, each once; 3: tags read by json's object_hook
log = logging.getLogger("kekpublish")
_SEAL = b"kekpublish-chart-cache-sha256:"


@functools.cache
def code_fingerprint() -> str:
    """kekpublish's code and theme files as they are now: any change makes every entry stale."""
    package = Path(__file__).resolve().parent.parent
    from .templates import themes_dir

    digest = hashlib.sha256(VERSION.encode())
    for root, pattern in ((package, "*.py"), (themes_dir() / "kekpublish", "*")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    for dist in ("fonttools", "markupsafe", "cairosvg"):
        digest.update(f"\0{dist}={installed_version(dist)}".encode())
    return digest.hexdigest()


@functools.cache
def installed_version(dist: str) -> str:
    """A distribution's version without importing it ('-' when it is not installed)."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def study_content(study) -> str:
    """The anonymised study as one canonical text: every value a chart page can read (not the prose
    of its narratives and visits: their scores, quotes and experiences are in their metas)."""
    def doc(d, prose: bool = True) -> dict:
        return {"kind": type(d).__name__, "rel": d.source.rel, "body_line": d.source.body_line,
                "meta": d.meta.model_dump(mode="json", by_alias=True), **({"body": d.source.body} if prose else {})}

    data = {"folder": study.folder, "study": doc(study), "narratives": [doc(n, prose=False) for n in study.narratives],
            "visits": [doc(v, prose=False) for v in study.visits],
            "actionplan": doc(study.actionplan) if study.actionplan else None,
            "measurements": [{**doc(m), "csv_rel": m.csv_rel,
                              "points": [[p.step, p.n, p.mean, p.segment, p.line] for p in m.points]}
                             for m in study.measurements],
            "pages": [p.rel for p in study.pages]}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def key(study, options, previous, reference_date) -> str:
    """The entry's name: a hash of everything chart_pages' output depends on (see the module docstring)."""
    digest = hashlib.sha256(f"{VERSION}\0{code_fingerprint()}\0".encode())
    digest.update(json.dumps({"language": options.language, "colours": list(options.colours), "exports": options.exports,
                              # only the board summary (an export) reads the reference date and the previous round
                              "reference_date": str(reference_date) if options.exports else None}, sort_keys=True).encode())
    digest.update(b"\0study\0" + study_content(study).encode())
    if options.exports and previous is not None:
        digest.update(b"\0previous\0" + study_content(previous).encode())
    return digest.hexdigest()


# --- encoding: JSON, with Markup and tuples tagged so that they come back as they were ---------------
#
# Long strings (the SVGs, inline and as files: the bulk of an entry, each often twice) are not in
# the JSON: it names them by number ({"~s": i}) and they follow it as raw UTF-8, each once, so that
# reading an entry back copies them instead of scanning them character by character for escapes.

_LONG = 256  # characters: shorter strings stay inline


class _Strings:
    def __init__(self) -> None:
        self.items: list[str] = []
        self._index: dict[str, int] = {}

    def ref(self, text: str):
        if len(text) < _LONG:
            return text
        i = self._index.get(text)
        if i is None:
            i = self._index[text] = len(self.items)
            self.items.append(text)
        return {"~s": i}


def _encode(value, strings: _Strings):
    if isinstance(value, Markup):
        return {"~m": strings.ref(str(value))}
    if isinstance(value, str):
        return strings.ref(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, tuple):
        return {"~t": [_encode(v, strings) for v in value]}
    if isinstance(value, list):
        return [_encode(v, strings) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        # a key of its own that starts with ~ gets one more (~m -> ~~m): a tag is always a lone ~s, ~m or ~t
        return {("~" + k if k[:1] == "~" else k): _encode(v, strings) for k, v in value.items()}
    raise TypeError(f"a chart page's context holds a {type(value).__name__}, which the chart cache does not store")


def _decoder(strings: list[str]):
    """json.loads' object_hook: each JSON object, innermost first, back as it was encoded."""
    def hook(obj: dict):
        if len(obj) == 1:
            (tag, inner), = obj.items()
            if tag == "~s":
                if type(inner) is int and 0 <= inner < len(strings):
                    return strings[inner]
                raise ValueError("no such string")
            if tag == "~m":
                if isinstance(inner, str):
                    return Markup(inner)
                raise ValueError("markup that is not a string")
            if tag == "~t":
                if type(inner) is list:
                    return tuple(inner)
                raise ValueError("a tuple that is not a list")
        if any(k[:1] == "~" for k in obj):
            if not all(k[:2] == "~~" for k in obj if k[:1] == "~"):
                raise ValueError("unknown tag")
            return {(k[1:] if k[:1] == "~" else k): v for k, v in obj.items()}
        return obj
    return hook


class Entry:
    """What chart_pages made for one study: the publication (exports left empty), the export
    jobs (index of the file in pub.files, the SVG it is converted from, kind) and whether
    exports were made."""

    def __init__(self, pub: Publication, jobs: list[tuple[int, str, str]], exported: bool) -> None:
        self.pub, self.jobs, self.exported = pub, jobs, exported


def _payload(entry: Entry) -> bytes:
    """The entry as bytes: the JSON's length, a newline, the JSON, then its long strings as UTF-8."""
    strings = _Strings()
    pages = [{"uri": p.uri, "title": p.title, "template": p.template, "context": _encode(p.context, strings),
              "markdown": strings.ref(p.markdown), "search": p.search, "wide": p.wide} for p in entry.pub.pages]
    files = [{"uri": f.uri, "text": strings.ref(f.content) if isinstance(f.content, str) else None} for f in entry.pub.files]
    jobs = [[i, strings.ref(svg), kind] for i, svg, kind in entry.jobs]
    raw = [t.encode("utf-8") for t in strings.items]
    data = {"pages": pages, "files": files, "jobs": jobs, "exported": entry.exported}
    head = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%d %s\n" % (len(head), b",".join(b"%d" % len(b) for b in raw)) + head + b"".join(raw)


def _entry(blob: bytes) -> Entry:
    """The entry in a stored blob; ValueError (or KeyError, TypeError) when it is not sound."""
    seal, _, payload = blob.partition(b"\n")
    if not seal.startswith(_SEAL) or seal[len(_SEAL):] != hashlib.sha256(payload).hexdigest().encode():
        raise ValueError("hash mismatch")
    sizes, _, rest = payload.partition(b"\n")
    size, _, lengths = sizes.partition(b" ")
    lengths = [int(n) for n in lengths.split(b",")] if lengths else []
    if not size.isdigit() or any(n < 0 for n in lengths):
        raise ValueError("no lengths")
    strings, at = [], int(size)
    for n in lengths:
        strings.append(rest[at:at + n].decode("utf-8"))
        at += n
    if at != len(rest):
        raise ValueError("strings of the wrong length")
    data = json.loads(rest[:int(size)].decode("utf-8"), object_hook=_decoder(strings))
    pub = Publication()
    for p in data["pages"]:
        context, markdown = p["context"], p["markdown"]
        if not (isinstance(context, dict) and all(isinstance(p[k], str) for k in ("uri", "title", "template", "markdown"))
                and isinstance(p["search"], bool) and isinstance(p["wide"], bool)):
            raise ValueError("a page of the wrong shape")
        pub.pages.append(OutputPage(uri=p["uri"], title=p["title"], template=p["template"], context=context,
                                    markdown=markdown, search=p["search"], wide=p["wide"]))
    jobs = [(int(i), svg, kind) for i, svg, kind in data["jobs"]]
    exported = {i for i, _, _ in jobs}
    for index, f in enumerate(data["files"]):
        text = f["text"]
        if not isinstance(f["uri"], str) or not (isinstance(text, str) or (text is None and index in exported)):
            raise ValueError("a file of the wrong shape")
        pub.files.append(OutputFile(f["uri"], text if text is not None else b""))
    if not (isinstance(data["exported"], bool) and all(isinstance(s, str) and isinstance(k, str) and 0 <= i < len(pub.files)
                                                      for i, s, k in jobs) and pub.pages):
        raise ValueError("exports of the wrong shape")
    return Entry(pub, jobs, data["exported"])


def _path(cache_dir: Path, name: str) -> Path:
    return Path(cache_dir) / "charts" / f"{name}.json"


def load(cache_dir: Path | None, name: str) -> Entry | None:
    """The cached entry, or None (none, or damaged: then it is removed and the charts are drawn again)."""
    if cache_dir is None:
        return None
    path = _path(cache_dir, name)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        blob = b""
    try:
        entry = _entry(blob)
        used(path)
        return entry
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        log.debug("kekpublish: a damaged chart cache entry (%s) is drawn again", path.name)
        try:
            path.unlink()
        except OSError:
            pass
        return None


def store(cache_dir: Path | None, name: str, entry: Entry) -> None:
    """Write an entry atomically, sealed with its hash; what cannot be encoded or written is not cached."""
    if cache_dir is None:
        return
    try:
        payload = _payload(entry)
    except TypeError as exc:
        log.debug("kekpublish: chart pages not cached: %s", exc)
        return
    path = _path(cache_dir, name)
    try:
        write_atomically(path, _SEAL + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    except OSError as exc:
        log.debug("kekpublish: the chart cache cannot be written in %s (%s)", path.parent, exc.strerror or exc)
